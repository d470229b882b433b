"""Say what was meant when an engagement file's value is a common slip: a country written as ``NO`` (which YAML reads
as false), a country name instead of its code, a date in another format. Only the message changes: the value is
still refused (exit 2, file:line), never silently corrected."""

from __future__ import annotations

import ast
import datetime as dt
import re

from .errors import Problem

COUNTRY_KEYS = frozenset({"country", "nationality", "residence", "incorporated_in", "offices", "performed_by",
                          "arranged_from", "paid_from"})
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%B %d, %Y", "%b %d %Y", "%b %d, %Y", "%d.%m.%Y", "%Y/%m/%d",
                 "%d-%m-%Y", "%Y.%m.%d")
_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _key(field: str | None) -> str:
    parts = [p for p in (field or "").split(".") if not p.isdigit()]
    return parts[-1] if parts else ""


def _value(found: str | None) -> object:
    try:
        return ast.literal_eval(found) if found is not None else None
    except (ValueError, SyntaxError):
        return found


def country_hint(value: object) -> str | None:
    from .countries import country_name
    from .country_names import NAME_TO_CODE

    if value is False:
        return "did you mean NO (Norway)? YAML reads an unquoted NO as false: quote it: 'NO'"
    if value is True:
        return "YAML read this as true (an unquoted yes, on or y): write a country code in quotes"
    if isinstance(value, str) and (code := NAME_TO_CODE.get(" ".join(value.split()).casefold())):
        return f"{value!r} is a country name: write its ISO code, {code} ({country_name(code)})"
    return None


def date_hint(value: object) -> str | None:
    """What a date written another way most likely meant, or both readings when the order is ambiguous."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace(",", ", ").split()).replace(" ,", ",")
    m = _SLASHED.match(text)
    if m:
        a, b, year = (int(x) for x in m.groups())
        readings = []
        for day, month, order in ((a, b, "day first"), (b, a, "month first")):
            try:
                readings.append((dt.date(year, month, day), order))
            except ValueError:
                continue
        if len({d for d, _ in readings}) > 1:
            return (f"{value!r} is ambiguous: {readings[0][0].isoformat()} ({readings[0][1]}) or "
                    f"{readings[1][0].isoformat()} ({readings[1][1]})? write dates as YYYY-MM-DD")
        if readings:
            return f"did you mean {readings[0][0].isoformat()}? write dates as YYYY-MM-DD"
    for fmt in _DATE_FORMATS:
        try:
            meant = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return f"did you mean {meant.isoformat()} ({meant.day} {meant:%B %Y})? write dates as YYYY-MM-DD"
    return None


def with_hints(problems: list[Problem]) -> list[Problem]:
    """The problems, each country or date slip with a message saying what was meant."""
    out = []
    for p in problems:
        key, value = _key(p.field), _value(p.found)
        hint = country_hint(value) if key in COUNTRY_KEYS else date_hint(value) if key.endswith("date") else None
        out.append(p.replace(message=f"{p.message}; {hint}") if hint else p)
    return out
