"""Organisation profiles: the fixed facts about an organisation that every row of a plan shares.

A profile file is YAML (or JSON) with one or more profiles keyed by id::

    profiles:
      geneva-hpc:
        name: Geneva Humanitarian Protection Committee
        type: impartial_humanitarian_organisation
        incorporated_in: CH
        flags: {un_plan_participant: true, ga_observer: false, eu_certified_partner: false}
        staff:
          - {nationality: CH, role: head of delegation}
        funders:
          - {name: US Department of State (PRM), country: US, kind: government}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, create_model

from ..errors import InputError
from ..models.common import OrgType, Purpose, ShortText, StrictModel
from ..models.engagement import Country, Funder, LocalId, Organisation, Staff
from ..ruleset import validate_model
from ..vocabulary import VOCABULARY
from ..yamlio import LineMap, load_document

MAX_PROFILE_BYTES = 2 * 1024 * 1024


# Facts about the organisation that exemptions ask about (every organisation flag in the vocabulary, each optional);
# leave out what you do not know.
ProfileFlags: type[StrictModel] = create_model(
    "ProfileFlags", __base__=StrictModel, **{f.id: (bool | None, None) for f in VOCABULARY.organisation_flags}
)


class OrganisationProfile(StrictModel):
    name: ShortText
    type: OrgType
    incorporated_in: Country
    flags: ProfileFlags = ProfileFlags()  # type: ignore[valid-type]
    purpose: Purpose | None = Field(default=None, description="Default purpose for rows that leave Purpose empty")
    staff: list[Staff] = Field(default=[], max_length=10_000)
    funders: list[Funder] = Field(default=[], max_length=1000)

    def organisation(self) -> Organisation:
        """The engagement's ``organisation`` block (validates the incorporation country)."""
        stated = {k: v for k, v in self.flags.model_dump().items() if v is not None}
        return Organisation(name=self.name, type=self.type, incorporated_in=self.incorporated_in, staff=self.staff,
                            **stated)


class ProfileFile(StrictModel):
    schema_: str | None = Field(default=None, alias="$schema")
    format: int = Field(default=1, ge=1, le=1)
    profiles: dict[LocalId, OrganisationProfile] = Field(min_length=1, max_length=1000)


def load_profiles(path: Path) -> dict[str, tuple[OrganisationProfile, Organisation]]:
    """Load and validate a profile file; raise :class:`InputError` with file:line problems."""
    data, lines = load_document(path, MAX_PROFILE_BYTES)
    file = str(path)
    if not isinstance(data, dict):
        raise InputError.single(file, "expected a mapping with a 'profiles:' key at the top level", line=1,
                                found=type(data).__name__)
    return profiles_from_data(data, lines, file)


def profiles_from_data(data: dict[str, Any], lines: LineMap, file: str) -> dict[str, tuple[OrganisationProfile,
                                                                                          Organisation]]:
    """Validate profile data (from a file, or a workbook's Profiles sheet)."""
    pf, problems = validate_model(ProfileFile, data, lines, file)
    if pf is None:
        raise InputError(problems)
    out: dict[str, tuple[OrganisationProfile, Organisation]] = {}
    for pid, prof in pf.profiles.items():
        try:
            org = prof.organisation()
        except ValueError as exc:  # pydantic ValidationError is a ValueError
            raise InputError.single(file, f"profile {pid!r} is not a valid organisation: {exc}",
                                    line=lines.line(("profiles", pid))) from None
        out[pid] = (prof, org)
    return out
