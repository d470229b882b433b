"""The parts of the memo after the legal analysis: dialogue readiness (never a legal outcome) and provenance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models.runtime import Engagement, Result
from .parts import Status, Table
from .text import Free, free

# The practice criteria of the US Institute of Peace special report "Atrocity Prevention through Dialogue" (2016),
# in the order of the report, with the wording every format prints.
READINESS_CRITERIA: list[tuple[str, str]] = [
    ("agreed_topics", "Group willing to discuss topics agreed beforehand"),
    ("progress_likely", "Progress toward predetermined humanitarian or political goals reasonably likely"),
    ("security_guarantees", "Minimal security guarantees for the facilitators"),
    ("local_legitimacy", "Dialogue legitimate in the eyes of the local population"),
    ("international_acceptance", "Key international stakeholders accept the dialogue morally"),
    ("can_withdraw", "Organisation can pull out if the dialogue is abused or objectives cannot be met"),
]
READINESS_NOTICE = ("These practice criteria (US Institute of Peace, ", "Atrocity Prevention through Dialogue",
                    ", 2016) are recorded beside the legal analysis. They never change a legal outcome above.")


@dataclass(frozen=True)
class Actor:
    name: Free
    role: str
    note: Free


@dataclass(frozen=True)
class ReadinessView:
    notice: tuple[str, str, str]  # before the report's title, the title (emphasised), after it
    criteria: Table  # criterion, status, note
    actors: list[Actor]
    actor_table: Table
    lists: list[tuple[str, list[Free]]]  # title, items (only lists with items)


@dataclass(frozen=True)
class ProvenanceView:
    tool: str
    rules_sha256: str
    input_sha256: str | None
    as_of: str
    screening: str
    lists: str  # the lists a counterpart matched, by the date their data was checked: "date: id (entries), ..."
    other_lists: str  # every other list searched, the same way (the lists' titles: JSON result)
    warnings: list[Free]
    data_source: str | None = None  # which rule chose the data folder (a label, never a path)


def readiness(eng: Engagement) -> ReadinessView | None:
    rd = eng.readiness
    if rd is None:
        return None
    rows = []
    for key, name in READINESS_CRITERIA:
        v = getattr(rd, key)
        rows.append((name, Status(v.status.replace("_", " ") if v else "not recorded"),
                     (free(v.note),) if v and v.note else ""))
    actors = [Actor(free(x.name), x.role.replace("_", " "), free(x.note or "")) for x in rd.actor_map]
    lists = [(title, [free(x) for x in items]) for title, items in (
        ("Principles of engagement", rd.principles_of_engagement),
        ("Disengagement triggers", rd.disengagement_triggers),
        ("Limits on concessions", rd.concession_limits)) if items]
    return ReadinessView(READINESS_NOTICE, Table(("Criterion", "Status", "Note"), rows), actors,
                         Table(("Actor", "Role", "Note"), [((a.name,), a.role, (a.note,)) for a in actors]), lists)


def _by_date(lists: list[Any]) -> str:
    """Lists by the date their data was checked, latest first, each date once: "2026-11-27: a (7), b (106); ..."."""
    dates: dict[str, list[str]] = {}
    for x in sorted(lists, key=lambda x: (str(x.as_of), x.id), reverse=True):
        dates.setdefault(str(x.as_of), []).insert(0, f"{x.id} ({x.entries})")
    return "; ".join(f"{day}: {', '.join(ids)}" for day, ids in dates.items())


def provenance(r: Result) -> ProvenanceView:
    pv = r.provenance
    matched = {m.list for c in r.counterparts for m in c.matches}
    return ProvenanceView(
        tool=f"legalcheck {pv.tool_version}", rules_sha256=pv.rules_sha256, input_sha256=pv.input_sha256,
        as_of=f"{pv.as_of}" + (" (set with --as-of)" if pv.as_of_overridden else ""),
        screening=f"{pv.screening_threshold} (grey band from {pv.screening_review_threshold})",
        lists=_by_date([x for x in pv.lists if x.id in matched]),
        other_lists=_by_date([x for x in pv.lists if x.id not in matched]),
        warnings=[free(w) for w in r.warnings], data_source=pv.data_source,
    )
