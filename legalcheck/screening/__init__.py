"""Name screening against designation lists.

The engine only depends on :class:`Screener` and :class:`NameMatch`.
"""

from .matcher import DEFAULT_REVIEW_THRESHOLD, DEFAULT_THRESHOLD, NameMatch, Screener
from .normalise import normalise_name

__all__ = ["DEFAULT_REVIEW_THRESHOLD", "DEFAULT_THRESHOLD", "NameMatch", "Screener", "normalise_name"]
