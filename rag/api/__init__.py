"""The HTTP API: a thin FastAPI layer over one Assistant (see CONTRACT.md)."""

from .app import create_app

__all__ = ["create_app"]
