"""Levenshtein distance and normalised similarity exactly as ``rapidfuzz.distance.Levenshtein`` gives them, computed
here for the first comparisons of a process (issue 15).

Importing rapidfuzz costs about 8 ms of CPU, a sixth of a ``legalcheck check`` beyond the interpreter's own start,
while a check compares only some 60 to 120 short name tokens. The first comparisons of a process are therefore made
by the plain dynamic programme below (the edit distance with unit costs, the same integer rapidfuzz computes, and
the same normalisation: ``1.0 - distance / max(len)``, 1.0 for two empty strings); once they have cost about
:data:`PURE_CELLS` table cells (a few milliseconds), rapidfuzz is imported and does the rest. Both give the same
numbers, so which one answered cannot change a score (``tests/test_levenshtein.py`` compares them on random and
real names).
"""

from __future__ import annotations

from typing import Any

PURE_CELLS = 30_000  # table cells computed here before rapidfuzz takes over (about 3 ms)
_state: dict[str, Any] = {"cells": 0, "rf": None}


def _table_distance(a: str, b: str) -> int:
    """The edit distance (insertions, deletions and substitutions, each costing 1) between ``a`` and ``b``."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        left = i
        for j, cb in enumerate(b, 1):
            left = min(prev[j] + 1, left + 1, prev[j - 1] + (ca != cb))
            cur.append(left)
        prev = cur
    return prev[-1]


def _rapidfuzz(a: str, b: str) -> Any:
    """rapidfuzz's Levenshtein module once this process has spent its budget here (None until then)."""
    rf = _state["rf"]
    if rf is None:
        _state["cells"] += (len(a) + 1) * (len(b) + 1)
        if _state["cells"] <= PURE_CELLS:
            return None
        from rapidfuzz.distance import Levenshtein as rf

        _state["rf"] = rf
    return rf


def normalized_similarity(a: str, b: str) -> float:
    """``rapidfuzz.distance.Levenshtein.normalized_similarity(a, b)``."""
    rf = _rapidfuzz(a, b)
    if rf is not None:
        return float(rf.normalized_similarity(a, b))
    longest = max(len(a), len(b))
    return 1.0 - (_table_distance(a, b) / longest if longest else 0.0)


def distance(a: str, b: str, score_cutoff: int | None = None) -> int:
    """``rapidfuzz.distance.Levenshtein.distance(a, b, score_cutoff=score_cutoff)``: the distance, or
    ``score_cutoff + 1`` when it is larger."""
    rf = _rapidfuzz(a, b)
    if rf is not None:
        return int(rf.distance(a, b, score_cutoff=score_cutoff))
    d = _table_distance(a, b)
    return d if score_cutoff is None or d <= score_cutoff else score_cutoff + 1
