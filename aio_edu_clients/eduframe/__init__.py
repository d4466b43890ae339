"""Eduframe: Bearer API key, ``Link`` header paging (opaque cursors), PATCH updates."""

from .client import Eduframe

__all__ = ["Eduframe"]
