"""AI Export Desk: offline decision support for AI export proposals."""

__version__ = "0.1.0"
