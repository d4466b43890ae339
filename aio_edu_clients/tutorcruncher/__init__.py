"""TutorCruncher: ``Authorization: token KEY``, DRF next-URL paging, 100 requests a minute."""

from .client import TutorCruncher

__all__ = ["TutorCruncher"]
