"""The engine that keeps read models current: what a read model is, the runner, and its parts."""
