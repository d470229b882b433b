"""Small pieces of the memo view model: outcome labels, tables, footnotes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .text import OUTCOME_LABELS, OUTCOME_PLAIN, Words

Note = tuple[tuple[str, str | None], ...]  # a footnote: (text, url or None) pieces


@dataclass(frozen=True)
class Label:
    """An outcome as the memo shows it."""

    value: str  # "needs_review"
    text: str  # "NEEDS REVIEW"
    plain: str  # "ask the legal team"


def label(outcome: Any) -> Label:
    value = str(getattr(outcome, "value", outcome))
    return Label(value, OUTCOME_LABELS.get(value, value), OUTCOME_PLAIN.get(value, value))


@dataclass(frozen=True)
class Status:
    """A readiness status (met, not met, unknown, not recorded): not an outcome, styled apart."""

    text: str


Cell = Words | Label | Status | str


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
