"""TidyClub: OAuth2 on the accounts host, ``X-Pagination-*`` headers with limit/offset."""

from .client import TidyClub

__all__ = ["TidyClub"]
