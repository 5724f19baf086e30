"""The demo programme that `pilots demo` serves: five pilots from the community's own programme,
written down in `programme.toml` and a file per pilot, and entered through the application
service step by step, each step on its day of the spring and by the person who entered it."""

from adapters.demo.loader import DEMO_PASSWORD, DemoDataError, seed

__all__ = ["DEMO_PASSWORD", "DemoDataError", "seed"]
