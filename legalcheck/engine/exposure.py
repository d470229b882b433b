"""What the exposure section adds to who is reached: prosecutorial consents and immunities, from the data."""

from __future__ import annotations

from ..models.runtime import Prohibition
from ..questions import Question
from .situation import Situation

# Organisations whose staff may hold an immunity as its officials: for them an unstated flag is asked.
IMMUNE_ORG_TYPES = frozenset({"un_agency"})


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
            out.append(f"Staff of nationality {', '.join(holders)} who act for the UN in an official capacity: "
                       f"{imm.text} ({imm.title}, {imm.provision})"
                       + ("" if imm.verified else "; not verified: " + "; ".join(imm.unverified_points)))
    return out


def immunity_questions(sit: Situation) -> list[Question]:
    """For a UN agency's staff whose status is not stated, the keyed question (it changes the exposure only)."""
    if sit.engagement.organisation.type.value not in IMMUNE_ORG_TYPES:
        return []
    nats = set(sit.performer_nationalities())
    return [Question("Does each staff member who carries out this activity act for the UN in an official capacity "
                     f"(an official of the UN, {imm.provision} of the {imm.title})?", key=imm.staff_flag, scope="staff")
            for imm in sit.jurisdiction.meta.immunities
            if any(s.nationality in nats and getattr(s, imm.staff_flag) is None
                   for s in sit.engagement.organisation.staff)]


def immune_performers(sit: Situation) -> list[str]:
    """The immunities that *every* staff member who carries out the activity holds (empty when one of them holds
    none, or no staff are listed): the outcome then turns on the immunity, which is for counsel to weigh."""
    nats = set(sit.performer_nationalities())
    staff = [s for s in sit.engagement.organisation.staff if s.nationality in nats]
    return [f"{imm.text} ({imm.title}, {imm.provision})" for imm in sit.jurisdiction.meta.immunities
            if staff and all(getattr(s, imm.staff_flag) is True for s in staff)]
