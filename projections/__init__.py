"""Read models and the runner that keeps them current."""
