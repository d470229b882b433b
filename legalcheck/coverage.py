"""Coverage: for every jurisdiction and activity kind, which prohibitions engage it, or the cited decision why none
does. A pair with neither is *undecided*: the engine answers ``needs_review`` ("not encoded") and
``legalcheck validate --strict`` fails on it. Absence of an encoding is not absence of law."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from .models.ruleset import Jurisdiction, RuleSet
from .records import FrozenRecord, setfield

if TYPE_CHECKING:  # type hints only: the objects may be pydantic models or their runtime twins
    from .models.rules import CoverageDecision

Status = Literal["engaged", "decided_none", "decided_unsettled", "undecided"]
STATUS_TEXT: dict[str, str] = {
    "engaged": "engaged",
    "decided_none": "none (decided)",
    "decided_unsettled": "unsettled (review)",
    "undecided": "**UNDECIDED**",
}


class CoverageCell(FrozenRecord):
    """One jurisdiction × activity kind: the prohibitions that list the kind (any period), or the decision."""

    _fields = ("jurisdiction", "activity_kind", "status", "rules", "decision")
    jurisdiction: str
    activity_kind: str
    status: Status
    rules: tuple[str, ...]
    decision: CoverageDecision | None

    def __init__(self, jurisdiction: str, activity_kind: str, status: Status, rules: tuple[str, ...] = (),
                 decision: CoverageDecision | None = None) -> None:
        setfield(self, "jurisdiction", jurisdiction)
        setfield(self, "activity_kind", activity_kind)
        setfield(self, "status", status)
        setfield(self, "rules", rules)
        setfield(self, "decision", decision)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"jurisdiction": self.jurisdiction, "activity_kind": self.activity_kind,
                               "status": self.status}
        if self.status == "engaged":
            out["rules"] = list(self.rules)
        elif self.decision is not None:
            out["decision"] = self.decision.model_dump(mode="json", by_alias=True)
        return out


def decision_for(jur: Jurisdiction, kind: str) -> CoverageDecision | None:
    """The jurisdiction's cited decision about an activity kind no prohibition covers, if it made one."""
    return next((d for d in jur.coverage if kind in d.activity_kinds), None)


def coverage_cell(jur: Jurisdiction, kind: str) -> CoverageCell:
    rules = tuple(p.id for p in jur.prohibitions if kind in p.activity_kinds)
    if rules:
        return CoverageCell(jur.meta.code, kind, "engaged", rules=rules)
    decision = decision_for(jur, kind)
    if decision is None:
        return CoverageCell(jur.meta.code, kind, "undecided")
    status: Status = "decided_none" if decision.decision == "none" else "decided_unsettled"
    return CoverageCell(jur.meta.code, kind, status, decision=decision)


def coverage_matrix(rs: RuleSet) -> list[CoverageCell]:
    """Every jurisdiction × every activity kind, in evaluation and vocabulary order."""
    return [coverage_cell(j, k) for j in rs.ordered_jurisdictions() for k in rs.activity_kinds]


def undecided(rs: RuleSet) -> list[CoverageCell]:
    return [c for c in coverage_matrix(rs) if c.status == "undecided"]


def coverage_markdown(rs: RuleSet) -> str:
    """The matrix as a Markdown table: activity kinds down, jurisdictions across."""
    cells = {(c.jurisdiction, c.activity_kind): c for c in coverage_matrix(rs)}
    codes = [j.meta.code for j in rs.ordered_jurisdictions()]
    lines = ["| Activity kind | " + " | ".join(codes) + " |", "|---|" + "---|" * len(codes)]
    for kind in rs.activity_kinds:
        row = [_cell_text(cells[(code, kind)]) for code in codes]
        lines.append(f"| `{kind}` | " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def _cell_text(cell: CoverageCell) -> str:
    if cell.status == "engaged":
        return f"engaged ({len(cell.rules)} rule{'s' if len(cell.rules) != 1 else ''})"
    return STATUS_TEXT[cell.status]
