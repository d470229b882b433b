"""The memo's words: outcome labels, and text that tells each renderer what it must escape.

A memo mixes words the tool writes (labels, codes, dates) with free text from the engagement file and from the
rule data. Free text is a ``Free`` string: the Markdown renderer escapes it, the HTML renderer escapes everything,
the Word writer writes it as text. ``Words`` is a phrase made of both, built once by the view model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..vocabulary import VOCABULARY

# The outcome labels and their order (most restrictive first) come from the vocabulary data.
OUTCOME_LABELS = {o: VOCABULARY.outcome(o).label for o in VOCABULARY.engine_outcomes}
OUTCOME_PLAIN = {o: VOCABULARY.outcome(o).plain for o in VOCABULARY.engine_outcomes}


class Free(str):
    """Text from the engagement file or the rule data (a renderer escapes it for its format)."""

    __slots__ = ()


Words = tuple[str, ...]  # a phrase: plain parts are the tool's own words, ``Free`` parts are escaped


def free(value: Any) -> Free:
    return Free("" if value is None else str(value))


def joined(items: Iterable[Any], sep: str = ", ", empty: str = "") -> Words:
    """Items (kept as they are: ``Free`` stays free) with plain separators between them; ``empty`` when none."""
    out: list[str] = []
    for item in items:
        if out:
            out.append(sep)
        out.append(item if isinstance(item, str) else str(item))
    return tuple(out) if out else ((empty,) if empty else ())


def plain_text(value: Any) -> str:
    """Words, a string or None as one plain string (for the Word writer and the HTML renderer)."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "".join(value)
    return str(value)


def md_escape(value: Any) -> str:
    """Make free text safe inside Markdown (tables, emphasis, HTML)."""
    text = "" if value is None else str(value)
    text = text.replace("\r", " ").replace("\n", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]|#])", r"\\\1", text)
    return text


def md_text(value: Any) -> str:
    """Words, a string or None for Markdown: only the ``Free`` parts are escaped."""
    if value is None:
        return ""
    parts = value if isinstance(value, tuple) else (value,)
    return "".join(md_escape(p) if isinstance(p, Free) else str(p) for p in parts)


def sentence(text: str) -> str:
    """The text ending with one full stop (never two)."""
    return text if text.rstrip().endswith((".", "!", "?")) else f"{text}."
