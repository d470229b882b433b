"""Reading the New check and Result forms into :mod:`legalcheck.interview` terms, with a message per bad field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..interview import (
    ActivityPlan,
    Ask,
    Basics,
    Funder,
    apply_answer,
    parse_answer,
    parse_countries,
    parse_country,
    parse_date,
)

FUNDER_ROWS = 3
Form = Mapping[str, Any]


def _text(form: Form, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _required(form: Form, key: str, errors: dict[str, str], message: str) -> str:
    value = _text(form, key)
    if not value:
        errors[key] = message
    return value


def _country(form: Form, key: str, errors: dict[str, str], *, required: bool = True, funder: bool = False) -> str:
    value = _text(form, key)
    if not value:
        if required:
            errors[key] = "Please give a country (an ISO code such as KE, GB or SO)."
        return ""
    try:
        return parse_country(value, funder=funder)
    except ValueError as exc:
        errors[key] = str(exc)
        return value


def basics_from_form(form: Form, rules: Any) -> tuple[Basics, dict[str, str]]:
    """The basics the form gives and {field name: what is wrong with it}."""
    errors: dict[str, str] = {}
    b = Basics(title=_required(form, "title", errors, "Please say in one line what the engagement is."))
    try:
        b.date = parse_date(_text(form, "date"))
    except ValueError as exc:
        errors["date"] = str(exc)
    b.purpose = _choice(form, "purpose", errors, {"humanitarian", "peacebuilding", "political_dialogue",
                                                  "development", "human_rights"})
    b.org_name = _required(form, "org_name", errors, "Please give the organisation's name.")
    from ..models.common import OrgType

    b.org_type = _choice(form, "org_type", errors, {t.value for t in OrgType})
    b.incorporated_in = _country(form, "incorporated_in", errors)
    try:
        b.staff = [parse_country(x) for x in _text(form, "staff").replace(";", ",").split(",") if x.strip()]
    except ValueError as exc:
        errors["staff"] = str(exc)
    b.funders = _funders(form, errors)
    b.group, b.area = _text(form, "group"), _text(form, "area")
    b.aliases = [x.strip() for x in _text(form, "aliases").split(";") if x.strip()]
    b.country = _country(form, "country", errors)
    b.activities = _activities(form, rules, b.staff, errors)
    return b, errors


def _choice(form: Form, key: str, errors: dict[str, str], allowed: set[str]) -> str:
    value = _text(form, key)
    if value not in allowed:
        errors[key] = "Please choose one of the options."
    return value


def _funders(form: Form, errors: dict[str, str]) -> list[Funder]:
    out = []
    for i in range(1, FUNDER_ROWS + 1):
        name = _text(form, f"funder_name_{i}")
        if not name:
            continue
        country = _country(form, f"funder_country_{i}", errors, funder=True)
        kind = _choice(form, f"funder_kind_{i}", errors, {"government", "eu_institution", "un", "private"})
        out.append(Funder(name, country, kind))
    return out


def _activities(form: Form, rules: Any, staff: list[str], errors: dict[str, str]) -> list[ActivityPlan]:
    kinds = form.getlist("kinds") if hasattr(form, "getlist") else list(form.get("kinds") or [])
    out = []
    for kind in dict.fromkeys(kinds):
        if kind not in rules.activity_kinds:
            errors["kinds"] = f"Unknown activity kind {kind!r}."
            continue
        act = ActivityPlan(kind, description=_text(form, f"desc_{kind}"))
        try:
            act.performed_by = parse_countries(_text(form, f"who_{kind}"))
            if not set(act.performed_by) <= set(staff):
                errors[f"who_{kind}"] = "Please name nationalities from the staff list: " + ", ".join(staff)
        except ValueError as exc:
            errors[f"who_{kind}"] = str(exc)
        out.append(act)
    if not out and "kinds" not in errors:
        errors["kinds"] = "Please choose at least one activity."
    return out


def apply_form_answers(data: dict[str, Any], asks: list[Ask], form: Form) -> tuple[int, dict[str, str]]:
    """Write every answered question of the Result form into ``data``; (answers written, errors by field)."""
    errors: dict[str, str] = {}
    written = 0
    for a in asks:
        text = _text(form, "q:" + a.ident)
        try:
            value = parse_answer(a, text)
        except ValueError as exc:
            errors["q:" + a.ident] = str(exc)
            continue
        if value is not None:
            apply_answer(data, a, value)
            written += 1
    return written, errors
