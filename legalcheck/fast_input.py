"""A strict fast reader of engagement files for the common case, without pydantic.

:func:`fast_engagement` builds the runtime objects (:mod:`legalcheck.models.runtime`) of an engagement when every
value is exactly what the pydantic model :class:`legalcheck.models.engagement.Engagement` accepts as it is: the
right Python type (no coercion: ``"yes"`` for a boolean, ``1`` for ``true``, a date as text are left to pydantic),
within the model's lengths and patterns, no unknown or misspelt key, the model's validators (country codes,
bidirectional controls, unique and known ids) passing. For anything else it returns ``None`` and the caller
validates with pydantic, which gives the errors (file, line, expected, found). So pydantic stays the one judge of
what is valid: this reader only ever accepts a subset of what it accepts, and builds the same objects
(``tests/test_fast_path.py`` checks both on every example, scenario and hostile input).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from .countries import normalise_country, normalise_funder_country
from .models import runtime as rt
from .vocabulary import VOCABULARY

Check = Callable[[Any], Any]
ENABLED = True  # False: every engagement goes through pydantic (tests compare both paths)


class Fallback(Exception):
    """The value is not one the fast reader vouches for: validate with pydantic instead."""


def _text(lo: int, hi: int, pattern: str | None = None) -> Check:
    rx = re.compile(pattern) if pattern else None

    def check(v: Any) -> Any:
        if type(v) is not str or not lo <= len(v) <= hi:
            raise Fallback
        if rx is not None and not (v.isascii() and "\n" not in v and rx.fullmatch(v)):
            raise Fallback
        try:
            v.encode("utf-8")  # pydantic refuses lone surrogates
        except UnicodeEncodeError:
            raise Fallback from None
        return v

    return check


TEXT, SHORT = _text(1, 20000), _text(1, 2000)
ID = _text(0, 120, r"[a-z0-9][a-z0-9._\-]*[a-z0-9]")
LOCAL_ID = _text(0, 10**9, r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")
FACT_KEY = _text(0, 64)
_CODE = _text(2, 3)


def country(v: Any) -> str:
    try:
        return normalise_country(_CODE(v))
    except ValueError:
        raise Fallback from None


def funder_country(v: Any) -> str:
    try:
        return normalise_funder_country(_CODE(v))
    except ValueError:
        raise Fallback from None


def incorporated(v: Any) -> str:
    return "INT" if _CODE(v).upper() == "INT" else country(v)


def optional(check: Check) -> Check:
    return lambda v: None if v is None else check(v)


def one_of(*allowed: Any, convert: Callable[[Any], Any] | None = None) -> Check:
    def check(v: Any) -> Any:
        if type(v) is not str or v not in allowed:
            raise Fallback
        return convert(v) if convert else v

    return check


def exact(kind: type, lo: int | None = None, hi: int | None = None) -> Check:
    def check(v: Any) -> Any:
        if type(v) is not kind or (lo is not None and v < lo) or (hi is not None and v > hi):
            raise Fallback
        return v

    return check


def list_of(check: Check, hi: int, lo: int = 0) -> Check:
    def run(v: Any) -> list[Any]:
        if type(v) is not list or not lo <= len(v) <= hi:
            raise Fallback
        return [check(x) for x in v]

    return run


def fact_value(v: Any) -> Any:
    if type(v) is str:
        return SHORT_ANY(v)
    if type(v) not in (bool, int, float):
        raise Fallback
    return v


SHORT_ANY = _text(0, 10**9)


def facts(v: Any) -> dict[str, Any]:
    if type(v) is not dict or len(v) > 200:
        raise Fallback
    return {FACT_KEY(k): fact_value(x) for k, x in v.items()}


def counterpart_ref(v: Any) -> Any:
    return list_of(LOCAL_ID, 10**9)(v) if type(v) is list else LOCAL_ID(v)


def yes_no(v: Any) -> Any:
    if type(v) is bool:
        return "yes" if v else "no"
    return one_of("yes", "no", "unknown")(v)


def no_bidi(check: Check) -> Check:
    from .screening.confusables import BIDI_CONTROLS

    def run(v: Any) -> Any:
        out = check(v)
        for name in out if isinstance(out, list) else [out]:
            if any(c in BIDI_CONTROLS for c in name):
                raise Fallback
        return out

    return run


def model(cls: type[rt.RuntimeModel], spec: dict[str, Check]) -> Check:
    """A check building ``cls`` from a mapping: every key a field (by its alias where it has one), every value
    passing its check, every required field present."""
    by_key = {cls._aliases.get(name, name): name for name in spec}
    required = [name for name in cls._fields if name not in cls._defaults]

    def run(v: Any) -> Any:
        if type(v) is not dict:
            raise Fallback
        kwargs: dict[str, Any] = {}
        for key, value in v.items():
            name = by_key.get(key) if type(key) is str else None
            if name is None:
                raise Fallback
            kwargs[name] = spec[name](value)
        if any(name not in kwargs for name in required):
            raise Fallback
        return cls(**kwargs)

    return run


def _flags() -> dict[str, Check]:
    flags = VOCABULARY.organisation_flags
    return {f.id: exact(bool) if f.default is not None else optional(exact(bool)) for f in flags}


def _country_list(hi: int) -> Check:
    return list_of(country, hi)


SPECS: dict[str, dict[str, Check]] = {
    "ReadinessCriterion": {"status": one_of("met", "not_met", "unknown"), "note": optional(TEXT)},
    "Staff": {"nationality": country, "role": optional(SHORT), "name": optional(SHORT),
              "residence": optional(country), "un_official": optional(exact(bool)),
              "count": exact(int, 1, 1_000_000)},
    "Organisation": {"name": SHORT, "type": one_of(*VOCABULARY.organisation_types, convert=rt.OrgType),
                     "incorporated_in": incorporated, **_flags(), "staff": None, "offices": _country_list(300)},  # type: ignore[dict-item]
    "Funder": {"name": SHORT, "country": funder_country, "kind": one_of(*rt.FunderKind, convert=rt.FunderKind)},
    "Counterpart": {"id": LOCAL_ID, "name": no_bidi(SHORT), "aliases": no_bidi(list_of(SHORT, 10**9)),
                    "notes": optional(TEXT),
                    "kind": optional(one_of("group", "wing", "administration", "members", "intermediary", "facility")),
                    "part_of": optional(LOCAL_ID), "designated_part": optional(yes_no), "facts": facts},
    "Location": {"country": country, "area": optional(SHORT)},
    "Activity": {"id": LOCAL_ID, "kind": ID, "description": optional(TEXT),
                 "performed_by": optional(_country_list(10**9)), "counterpart": optional(counterpart_ref),
                 "date": optional(exact(dt.date)), "purpose": optional(one_of(*rt.Purpose, convert=rt.Purpose)),
                 "licences": list_of(SHORT, 10**9), "arranged_from": optional(_country_list(10**9)),
                 "value_passes": optional(exact(bool)), "paid_from": optional(country), "facts": facts},
    "Actor": {"name": SHORT, "role": one_of("leadership", "local_commander", "enabler", "bystander", "other"),
              "note": optional(TEXT)},
    "MemoMeta": {"matter": optional(SHORT), "prepared_by": optional(SHORT), "reviewed_by": optional(SHORT),
                 "confidentiality": optional(SHORT)},
}
CRITERION = model(rt.ReadinessCriterion, SPECS["ReadinessCriterion"])
SPECS["Organisation"]["staff"] = list_of(model(rt.Staff, SPECS["Staff"]), 10_000)
_CRITERIA = ("agreed_topics", "progress_likely", "security_guarantees", "local_legitimacy",
             "international_acceptance", "can_withdraw")
SPECS["Readiness"] = {**{c: optional(CRITERION) for c in _CRITERIA},
                      "actor_map": list_of(model(rt.Actor, SPECS["Actor"]), 10**9),
                      **{k: list_of(SHORT, 10**9) for k in ("principles_of_engagement", "disengagement_triggers",
                                                             "concession_limits")}}
SPECS["Engagement"] = {
    "schema_": optional(SHORT_ANY), "format": lambda v: v if type(v) is int and v == 1 else _fallback(),
    "title": SHORT, "date": exact(dt.date), "purpose": one_of(*rt.Purpose, convert=rt.Purpose),
    "organisation": model(rt.Organisation, SPECS["Organisation"]),
    "funders": list_of(model(rt.Funder, SPECS["Funder"]), 1000),
    "counterparts": list_of(model(rt.Counterpart, SPECS["Counterpart"]), 1000),
    "location": model(rt.Location, SPECS["Location"]),
    "activities": list_of(model(rt.Activity, SPECS["Activity"]), 2_000, lo=1),
    "readiness": optional(model(rt.Readiness, SPECS["Readiness"])),
    "memo": optional(model(rt.MemoMeta, SPECS["MemoMeta"])), "facts": facts,
}
ENGAGEMENT = model(rt.Engagement, SPECS["Engagement"])


def _fallback() -> Any:
    raise Fallback


# ------------------------------------------------------------------ list entries (``screen --index``)
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def json_date(v: Any) -> dt.date:
    """A date as JSON holds it (``YYYY-MM-DD``; anything else is left to pydantic)."""
    if type(v) is not str or not _ISO_DAY.fullmatch(v):
        raise Fallback
    return dt.date.fromisoformat(v)  # ValueError (an impossible day): caught by the caller, pydantic decides


SPECS["Source"] = {"title": SHORT, "url": _text(0, 2000, r"https?://\S+"), "quote": optional(TEXT),
                   "kind": optional(SHORT_ANY)}
SPECS["Designation"] = {
    "id": ID, "entity": optional(ID), "name": SHORT, "aliases": list_of(SHORT, 10**9),
    "weak_aliases": list_of(SHORT, 10**9), "type": one_of("organisation", "person", "area"),
    "reference": optional(SHORT), "listed_from": json_date, "listed_to": optional(json_date),
    "covers": one_of("whole", "part"), "scope_note": optional(SHORT), "part_of": optional(ID),
    "area_country": optional(_text(0, 10**9, r"[A-Z]{2}")), "area_whole_country": exact(bool),
    "history": list_of(SHORT, 10**9), "sources": list_of(model(rt.Source, SPECS["Source"]), 10**9, lo=1),
    "verified": exact(bool), "date_margin_days": optional(exact(int, 0, 10**9)),
}
DESIGNATION = model(rt.Designation, SPECS["Designation"])


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise Fallback
    return out


def _no_constant(name: str) -> Any:  # NaN, Infinity: not JSON, whatever parses them
    raise Fallback


def fast_designation_json(text: str) -> Any:
    """The runtime list entry for ``text`` (a :class:`~legalcheck.models.designations.Designation` as JSON, as the
    screening index stores it), or None: validate it with pydantic instead. Duplicate keys, NaN and anything but
    plain JSON values are left to pydantic, as are dates not written ``YYYY-MM-DD``."""
    import json

    try:
        entry = DESIGNATION(json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant))
    except (Fallback, RecursionError, TypeError, ValueError):
        return None
    if entry.listed_to is not None and entry.listed_to <= entry.listed_from:
        return None  # the model's validator: dates in order, a scope note for a part, a country for an area
    if (entry.covers == "part" and not entry.scope_note) or (entry.type == "area" and not entry.area_country):
        return None
    return entry


def _ids_consistent(eng: Any) -> bool:
    """The model validator of :class:`Engagement`: unique ids, ``part_of`` and activity counterparts known."""
    acts = [a.id for a in eng.activities]
    known = {c.id for c in eng.counterparts}
    if len(set(acts)) != len(acts) or len(known) != len(eng.counterparts):
        return False
    if any(c.part_of is not None and (c.part_of not in known or c.part_of == c.id) for c in eng.counterparts):
        return False
    nested = {c.id for c in eng.counterparts if c.part_of is not None}
    if any(c.part_of in nested for c in eng.counterparts):  # a part_of chain or loop: refused by the model
        return False
    return all(cid in known for a in eng.activities for cid in a.counterpart_ids() or [])


def fast_engagement(data: Any) -> Any:
    """The runtime engagement for ``data`` (a parsed document), or None: validate it with pydantic instead."""
    try:
        eng = ENGAGEMENT(data)
    except (Fallback, RecursionError, TypeError, ValueError):
        return None
    return eng if _ids_consistent(eng) else None
