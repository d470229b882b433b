"""Render a result as a Word (.docx) memo: see ``legalcheck/memo/word.py`` (sections) and ``word_doc.py``."""

from __future__ import annotations

from .memo.word import render_docx
from .memo.word_doc import OUTCOME_STYLES

__all__ = ["OUTCOME_STYLES", "render_docx"]
