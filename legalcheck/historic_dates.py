"""Dates before 1990 in engagements, plans and ``--as-of`` are refused as likely typos (issue 11, item 3).

A year typed as 0024 for 2024 (or 0202, 1899) would otherwise be assessed on a day before most of the law and
the listings existed, and come out as an all-clear. Such a date is bad input (exit 2) with a suggestion of the
year probably meant, unless the user passes ``--allow-historic`` to assess a historic date on purpose. (Whether
the law is encoded for a date at all is the engine's encoded-horizon check; this is only the input guard.)
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .errors import Problem
from .yamlio import LineMap

if TYPE_CHECKING:  # type hints only: the objects may be pydantic models or their runtime twins
    from .models.engagement import Engagement

EARLIEST_DATE = dt.date(1990, 1, 1)
ALLOW_OPTION = "--allow-historic"


def is_historic(day: dt.date) -> bool:
    return day < EARLIEST_DATE


def likely_meant(day: dt.date, today: dt.date | None = None) -> dt.date | None:
    """The day with the year most probably meant: "0024" -> 2024, "0202" -> 2002, "1899" -> 1999.

    A year under 100 is read as 20YY; otherwise the year from 1990 to next year that is fewest digit edits away
    (a transposition counts as one), the most recent on a tie.
    """
    last = (today or dt.date.today()).year + 1
    if day.year < 100 and 2000 + day.year <= last:
        year = 2000 + day.year
    else:
        from rapidfuzz.distance import OSA  # only on this error path: a plain check never imports rapidfuzz here

        typed = f"{day.year:04d}"
        year = min(range(EARLIEST_DATE.year, last + 1), key=lambda y: (OSA.distance(typed, f"{y:04d}"), -y))
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return None


def historic_message(day: dt.date) -> str:
    meant = likely_meant(day)
    guess = f"did you mean {meant.isoformat()}? " if meant else ""
    return (f"{day.isoformat()} is before {EARLIEST_DATE.year}: {guess}Dates before {EARLIEST_DATE.year} are "
            f"refused as likely typos; pass {ALLOW_OPTION} to assess a historic date on purpose")


def historic_problems(eng: Engagement, lines: LineMap, file: str) -> list[Problem]:
    """One problem per date before 1990 in ``eng`` (the engagement date and each activity date)."""
    found: list[tuple[tuple[str | int, ...], dt.date]] = [(("date",), eng.date)]
    found += [(("activities", i, "date"), a.date) for i, a in enumerate(eng.activities) if a.date is not None]
    return [
        Problem(file=file, line=lines.line(path), field=".".join(str(p) for p in path), message=historic_message(day))
        for path, day in found if is_historic(day)
    ]  # fmt: skip


def check_as_of(as_of: dt.date | None, allow_historic: bool) -> list[Problem]:
    """The ``--as-of`` date, refused like a date in a file."""
    if as_of is None or allow_historic or not is_historic(as_of):
        return []
    return [Problem(file="<command line>", field="--as-of", message=historic_message(as_of))]
