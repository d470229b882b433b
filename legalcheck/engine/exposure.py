"""What the exposure section adds to who is reached: prosecutorial consents and immunities, from the data."""

from __future__ import annotations

from ..models.runtime import Immunity, Prohibition
from ..questions import Question
from .situation import Situation


def consent_notes(sit: Situation, p: Prohibition) -> list[str]:
    """The prohibition's consent to prosecute, where it applies (it does not change the outcome)."""
    c = p.prosecution_consent
    if c is None or (c.in_force is not None and not c.in_force.contains(sit.day)):
        return []
    if c.foreign_element_only and sit.engagement.location.country in sit.countries([])[0]:
        return []
    return [f"Prosecution needs the consent of {c.authority} ({c.provision}): {c.text}"
            + ("" if c.verified else " (not verified against the primary text)")]


def immunity_notes(sit: Situation) -> list[str]:
    """Immunities of the staff who perform the activity, with their citation (they change those persons'
    exposure, not whether the act is lawful)."""
    nats = set(sit.performer_nationalities())
    out = []
    for imm in sit.jurisdiction.meta.immunities:
        holders = sorted({s.nationality for s in sit.engagement.organisation.staff
                          if s.nationality in nats and getattr(s, imm.staff_flag) is True})
        if holders:
            out.append(f"Staff of nationality {', '.join(holders)} {imm.held_by}: {imm.text} ({imm.title}, "
                       f"{imm.provision})"
                       + ("" if imm.verified else "; not verified: " + "; ".join(imm.unverified_points)))
    return out


def immunity_questions(sit: Situation) -> list[Question]:
    """The immunity's keyed question, for the staff whose status is not stated of an organisation whose staff may
    hold it (its ``org_types``): it changes the exposure only."""
    org_type = sit.engagement.organisation.type.value
    nats = set(sit.performer_nationalities())
    return [Question(imm.question, key=imm.staff_flag, scope="staff")
            for imm in sit.jurisdiction.meta.immunities
            if org_type in imm.org_types and any(s.nationality in nats and getattr(s, imm.staff_flag) is None
                                                 for s in sit.engagement.organisation.staff)]


def immune_performers(sit: Situation) -> list[Immunity]:
    """The immunities that *every* staff member who carries out the activity holds (empty when one of them holds
    none, or no staff are listed): the outcome then turns on the immunity (its ``effect``), for counsel to weigh."""
    nats = set(sit.performer_nationalities())
    staff = [s for s in sit.engagement.organisation.staff if s.nationality in nats]
    return [imm for imm in sit.jurisdiction.meta.immunities
            if staff and all(getattr(s, imm.staff_flag) is True for s in staff)]
