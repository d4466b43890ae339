"""What can go wrong in an export that is not the vendor's doing."""

from __future__ import annotations

from ..errors import EduClientError


class ExportError(EduClientError):
    """The export cannot go on: an unreadable checkpoint, an output that will not write."""


class ExportUsageError(ExportError):
    """The export was asked for something that cannot be: an unknown resource, a
    checkpoint of another vendor or format, missing credentials."""
