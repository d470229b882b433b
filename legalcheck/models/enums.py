"""The enumerations of the data model, without pydantic (the runtime classes and the engine use them too)."""

from __future__ import annotations

from enum import StrEnum

from ..vocabulary import VOCABULARY

Layer = StrEnum(  # type: ignore[misc]
    "Layer", [(x.id, x.id) for x in VOCABULARY.layers], module=__name__, qualname="Layer"
)
"""Layers of law (members from the vocabulary's ``layers``)."""


class _OutcomeEnum(StrEnum):
    """Outcomes, most restrictive first (members from the vocabulary's ``outcomes``, plan-row statuses left out)."""

    @property
    def severity(self) -> int:
        return VOCABULARY.severity(self.value)

    @staticmethod
    def strictest(outcomes: list[Outcome], default: Outcome) -> Outcome:
        if not outcomes:
            return default
        return max(outcomes, key=lambda o: o.severity)


Outcome = _OutcomeEnum(  # type: ignore[call-overload]
    "Outcome", [(o, o) for o in VOCABULARY.engine_outcomes], module=__name__, qualname="Outcome"
)
Outcome.__doc__ = "Outcomes, most restrictive first."

OrgType = StrEnum(  # type: ignore[misc]
    "OrgType", [(t, t) for t in VOCABULARY.organisation_types], module=__name__, qualname="OrgType"
)


class Purpose(StrEnum):
    humanitarian = "humanitarian"
    peacebuilding = "peacebuilding"
    political_dialogue = "political_dialogue"
    development = "development"
    human_rights = "human_rights"


class FunderKind(StrEnum):
    government = "government"
    eu_institution = "eu_institution"
    un = "un"
    private = "private"
