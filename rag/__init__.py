"""Cited question answering over Chinese science-and-technology policy documents."""

__version__ = "0.1.0"
