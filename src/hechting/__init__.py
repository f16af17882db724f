"""Hechting: understand and grow attachment security."""

__version__ = "0.1.0"
