"""followthrough: get an answer after the interview without becoming a pest."""

__version__ = "0.1.0"
