"""Is the place of an activity a designated area on a given day? (``area_lists`` of a prohibition)."""

from __future__ import annotations

from typing import Literal

from ..designation_status import listing_dates
from ..screening import normalise_name
from .situation import Dates, Situation

AreaState = Literal["yes", "no", "maybe"]


def area_status(sit: Situation, list_ids: list[str]) -> tuple[str, AreaState, Dates]:
    """Whether the place is on one of the area lists, why, and the listing dates compared."""
    loc = sit.engagement.location
    area = normalise_name(loc.area or "")
    same_country: list[str] = []
    compared = []
    for lid in list_ids:
        lst = sit.rules.lists.get(lid)
        for d in lst.entries if lst else []:
            if d.area_country != loc.country:
                continue
            compared.append(d)
            if not d.in_force(sit.day):
                continue
            if d.area_whole_country:
                return (f"the whole of {loc.country} is designated on {lid} ({d.name}, from {d.listed_from})", "yes",
                        listing_dates(compared))
            names = [normalise_name(n) for n in d.names() + d.weak_aliases]
            if area and any(n and (n in area or area in n) for n in names):
                return (f"{loc.area} is a designated area on {lid} ({d.name}, from {d.listed_from})", "yes",
                        listing_dates(compared))
            same_country.append(d.name)
    if same_country:
        return (f"areas of {loc.country} are designated ({', '.join(same_country)}); "
                f"whether '{loc.area or 'the place'}' is one of them must be checked", "maybe", listing_dates(compared))
    return (f"no area of {loc.country} is designated on {', '.join(list_ids)} on {sit.day_text}", "no",
            listing_dates(compared))
