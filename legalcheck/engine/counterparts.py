"""What screening found for each counterpart, as of the engagement's day (the memo's "counterparts" section)."""

from __future__ import annotations

import datetime as dt

from ..designation_status import CounterpartScreen, listing_dates
from ..models.runtime import CounterpartOut, Engagement, MatchOut
from ..screening.namewords import within_text
from .situation import Dates


def counterpart_out(cs: CounterpartScreen, day: dt.date) -> tuple[CounterpartOut, Dates]:
    """The counterpart's status on ``day`` with every candidate match, and the listing dates compared."""
    matches = [
        MatchOut(list=m.list_id, designation=m.designation.name, entry_id=m.designation.id,
                 matched_name=m.matched_name, score=round(m.score, 3), match=m.match,
                 in_force=m.designation.in_force(day), listed_from=m.designation.listed_from,
                 listed_to=m.designation.listed_to, reference=m.designation.reference, covers=m.designation.covers,
                 scope_note=m.designation.scope_note, explanation=m.explanation)
        for m in cs.matches
    ]
    in_force = [m for m in cs.strong if m.designation.in_force(day)]
    if in_force:
        status = "designated"
        summary = f"Designated on {day.isoformat()} on: {', '.join(sorted({m.list_id for m in in_force}))}."
    elif cs.known:
        status = "not_designated"
        summary = (f"Identified on designation lists, but no listing is in force on {day.isoformat()} "
                   "(delisted, or listed later).")
        parents = sorted({m.designation.part_of for m in cs.strong if m.designation.part_of} - cs.entities)
        if parents:  # a wing whose own entry ended may be covered by the whole group's listing (the rules say)
            summary += (f" The entries matched are part of {', '.join(parents)}: the findings also check that "
                        "group's own listings.")
    elif cs.grey:
        status = "ambiguous"
        summary = "Possible matches below the match threshold: a person must decide whether they are the same group."
    else:
        status = "unknown"
        summary = ("Matched nothing on the lists legalcheck holds. This does not show the group is undesignated: "
                   "activities that would be prohibited if it were designated are marked needs_review.")
        if cs.within:
            summary = ("Matched nothing on the lists legalcheck holds as a whole name, but "
                       f"{within_text(cs.name, cs.within)}. Until then, activities that would be prohibited if it "
                       "were designated are marked needs_review.")
    out = CounterpartOut(id=cs.id, name=cs.name, status=status, summary=summary, entities=sorted(cs.entities),
                         matches=matches)
    return out, listing_dates([m.designation for m in cs.matches])


def with_parents(eng: Engagement, outs: list[CounterpartOut]) -> list[CounterpartOut]:
    """Say, for a counterpart that is part of another (``part_of``), that the rules also screen it through its
    parent: its own name matching nothing does not make it an unknown group."""
    by_id = {o.id: o for o in outs}
    parents = {c.id: c.part_of for c in eng.counterparts if c.part_of}
    return [o if o.id not in parents else o.model_copy(update={"summary": (
        f"{o.summary} Part of {by_id[parents[o.id]].name} (part_of): the rules screen it through its parent too, "
        f"whose status is: {by_id[parents[o.id]].summary}")}) for o in outs]
