"""eventwire: from raw news pages to a clean, sourced, geocoded feed of events."""

__version__ = "0.1.0"
