"""planwatch: Chinese five-year plans as living, citeable data."""

__version__ = "0.1.0"
