"""The question logic shared by ``legalcheck new`` and the web app's New check page.

Two stages, the same in both front ends:

1. :class:`Basics`: who, where, when, with whom and what (plain choices explained with examples: organisation
   types, purposes, funder kinds, activity kinds). :func:`engagement_data` turns them into an engagement (format 1).
2. :func:`open_asks`: the engine is run on that engagement and every open question of its findings becomes an
   :class:`Ask`; only the jurisdictions that reach the engagement ask, so an engagement with no UK or US link is
   never asked a UK or US question. :func:`apply_answer` writes an answer where the engagement file keeps it.
   Questions that name a legal test are asked through the plain facts behind it (the fact's ``plain_question``
   in the vocabulary data).

Nothing here prompts or renders: the CLI (``legalcheck.commands.new``) and the web pages do that.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from .countries import normalise_country, normalise_funder_country
from .models.common import FunderKind, OrgType, Purpose
from .questions import FIELD_KEYS, FLAG_KEYS
from .vocabulary import VOCABULARY

BACK = {"back", "<", "b"}
"""What a user types (CLI) to go back to the previous question."""
UNKNOWN = {"", "?", "dont know", "don't know", "unknown", "not sure"}

# Plain explanations with examples; the ids are the vocabulary's, the words are for people who are not lawyers.
ORG_TYPE_HELP: dict[str, tuple[str, str]] = {
    "impartial_humanitarian_organisation": ("An impartial humanitarian organisation recognised as such in "
                                            "international law", "the ICRC, a national Red Cross or Red Crescent "
                                            "society"),
    "ngo_humanitarian": ("A non-governmental organisation whose main work is humanitarian aid",
                         "a medical NGO, a food-aid or shelter NGO"),
    "ngo_peacebuilding": ("An NGO that works on dialogue, mediation or peace processes",
                          "a mediation centre, a conflict-resolution NGO"),
    "ngo_human_rights": ("An NGO that documents or defends human rights", "a monitoring or advocacy group"),
    "ngo_development": ("An NGO working on long-term development", "a water, education or livelihoods NGO"),
    "national_ngo": ("A local or national NGO working in its own country", "a Somali or Kenyan community NGO"),
    "un_agency": ("A United Nations agency, fund or programme", "UNICEF, WFP, UNHCR"),
    "international_organisation": ("An intergovernmental organisation other than the UN", "IOM, the OSCE"),
    "government": ("A government ministry or agency", "a foreign ministry's mediation unit"),
    "company": ("A business", "an events company, a logistics contractor"),
    "individual": ("A person acting on their own account", "an independent mediator or consultant"),
}
ORG_TYPE_LABELS: dict[str, str] = {
    "impartial_humanitarian_organisation": "Impartial humanitarian organisation", "ngo_humanitarian":
    "Humanitarian NGO", "ngo_peacebuilding": "Peacebuilding NGO", "ngo_human_rights": "Human rights NGO",
    "ngo_development": "Development NGO", "national_ngo": "National or local NGO", "un_agency": "UN agency",
    "international_organisation": "Other international organisation", "government": "Government",
    "company": "Company", "individual": "Individual",
}
PURPOSE_HELP: dict[str, str] = {
    "humanitarian": "saving lives and relieving suffering (aid, medical care, protection)",
    "peacebuilding": "ending or preventing violence (dialogue, mediation, peace processes)",
    "political_dialogue": "talks on political questions with the group",
    "development": "long-term development work (water, schools, livelihoods)",
    "human_rights": "documenting, reporting or defending human rights",
}
FUNDER_KIND_HELP: dict[str, str] = {
    "government": "a government or government agency (e.g. a foreign ministry, USAID, FCDO)",
    "eu_institution": "an EU institution (e.g. the European Commission, ECHO)",
    "un": "a UN fund or agency (e.g. a UN pooled fund)",
    "private": "a foundation, company or private donor",
}
def options(kind: str) -> list[tuple[str, str, str]]:
    """(value, plain label, explanation with examples) for ``org_type``, ``purpose`` or ``funder_kind``."""
    if kind == "org_type":
        out = []
        for t in OrgType:
            what, examples = ORG_TYPE_HELP.get(t.value, ("", ""))
            out.append((t.value, ORG_TYPE_LABELS.get(t.value, t.value.replace("_", " ")),
                        f"{what} (e.g. {examples})" if what else ""))
        return out
    if kind == "purpose":
        return [(p.value, p.value.replace("_", " ").capitalize(), PURPOSE_HELP.get(p.value, "")) for p in Purpose]
    labels = {"eu_institution": "EU institution", "un": "UN"}
    return [(k.value, labels.get(k.value, k.value.capitalize()), FUNDER_KIND_HELP.get(k.value, "")) for k in FunderKind]


def activity_options(rules: Any) -> list[tuple[str, str, str, list[str]]]:
    """(id, label, definition, examples) of every activity kind the rules know."""
    return [(k.id, k.label, k.definition, list(k.examples)) for k in rules.activity_kinds.values()]


def parse_country(text: str, *, funder: bool = False) -> str:
    """An ISO code from what a person types ("UK", "gb"); ValueError with a plain message otherwise."""
    return normalise_funder_country(text) if funder else normalise_country(text)


def parse_countries(text: str) -> list[str]:
    return sorted({parse_country(x) for x in re.split(r"[,;\s]+", text) if x.strip()})


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("Please give the date as YYYY-MM-DD, e.g. 2024-09-15.") from None


def parse_yes_no(text: str) -> bool | None:
    """True, False or None (don't know); ValueError for anything else."""
    a = text.strip().casefold()
    if a in ("y", "yes", "true"):
        return True
    if a in ("n", "no", "false"):
        return False
    if a in UNKNOWN:
        return None
    raise ValueError("Please answer yes, no or don't know.")


@dataclass
class Funder:
    name: str
    country: str
    kind: str


@dataclass
class ActivityPlan:
    kind: str
    description: str = ""
    performed_by: list[str] = field(default_factory=list)


@dataclass
class Basics:
    """Everything stage 1 asks. Every field has a plain question in the front ends."""

    title: str = ""
    date: dt.date | None = None
    purpose: str = ""
    org_name: str = ""
    org_type: str = ""
    incorporated_in: str = ""
    staff: list[str] = field(default_factory=list)
    funders: list[Funder] = field(default_factory=list)
    group: str = ""
    aliases: list[str] = field(default_factory=list)
    country: str = ""
    area: str = ""
    activities: list[ActivityPlan] = field(default_factory=list)


def engagement_data(b: Basics, rules: Any) -> dict[str, Any]:
    """The engagement file (format 1) for the basics; questions are answered later with :func:`apply_answer`."""
    org: dict[str, Any] = {"name": b.org_name, "type": b.org_type, "incorporated_in": b.incorporated_in,
                           "staff": [{"nationality": n} for n in b.staff]}
    data: dict[str, Any] = {"format": 1, "title": b.title, "date": b.date, "purpose": b.purpose, "organisation": org}
    if b.funders:
        data["funders"] = [{"name": f.name, "country": f.country, "kind": f.kind} for f in b.funders]
    if b.group:
        data["counterparts"] = [{"id": "group", "name": b.group, **({"aliases": b.aliases} if b.aliases else {})}]
    data["location"] = {"country": b.country, **({"area": b.area} if b.area else {})}
    acts = []
    for n, a in enumerate(b.activities, start=1):
        act: dict[str, Any] = {"id": f"a{n}", "kind": a.kind}
        if a.description:
            act["description"] = a.description
        if a.performed_by and set(a.performed_by) != set(b.staff):
            act["performed_by"] = sorted(set(a.performed_by))
        kind = rules.activity_kinds.get(a.kind)
        if b.group and kind is not None and kind.involves_group:
            act["counterpart"] = "group"
        acts.append(act)
    data["activities"] = acts
    return data


def engagement_yaml(data: dict[str, Any], name: str = "engagement.yaml") -> str:
    """The engagement file's text, as ``legalcheck new`` writes it and the web app offers it for download."""
    import yaml

    return ("# Written by `legalcheck new`; check it with `legalcheck check " + name + "`.\n"
            + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110))


def basics_from_data(data: dict[str, Any]) -> Basics:
    """The basics of an engagement file (to go back from a result and change an answer)."""
    org = data.get("organisation") or {}
    cps = data.get("counterparts") or []
    loc = data.get("location") or {}
    date = data.get("date")
    return Basics(
        title=str(data.get("title") or ""), date=date if isinstance(date, dt.date) else None,
        purpose=str(data.get("purpose") or ""), org_name=str(org.get("name") or ""),
        org_type=str(org.get("type") or ""), incorporated_in=str(org.get("incorporated_in") or ""),
        staff=[str(s.get("nationality")) for s in org.get("staff") or [] if isinstance(s, dict)],
        funders=[Funder(str(f.get("name")), str(f.get("country")), str(f.get("kind")))
                 for f in data.get("funders") or [] if isinstance(f, dict)],
        group=str(cps[0].get("name") or "") if cps and isinstance(cps[0], dict) else "",
        aliases=[str(a) for a in (cps[0].get("aliases") or [])] if cps and isinstance(cps[0], dict) else [],
        country=str(loc.get("country") or ""), area=str(loc.get("area") or ""),
        activities=[ActivityPlan(str(a.get("kind")), str(a.get("description") or ""),
                                 [str(x) for x in a.get("performed_by") or []])
                    for a in data.get("activities") or [] if isinstance(a, dict)],
    )


AskType = Literal["bool", "int", "str", "country", "countries", "names"]


@dataclass(frozen=True)
class Ask:
    """One question to put to the user: the engine's open question, where its answer goes and how to read it."""

    key: str
    type: AskType
    text: str
    answer_at: str
    asked_by: tuple[str, ...] = ()
    legal_wording: str = ""
    activity: str | None = None
    counterpart: str | None = None

    @property
    def ident(self) -> str:
        """A stable name for the question (a form field's name): where its answer goes."""
        return self.answer_at


_FIELD_TYPES: dict[str, AskType] = {"residence": "country", "arranged_from": "countries", "designated_part": "bool",
                                    "aliases": "names", "area": "str", "kind": "str"}


def open_asks(result: Any, rules: Any) -> list[Ask]:
    """Every distinct open question of a check's result that a person can answer here, in the order the memo
    raises them. Only jurisdictions that reach the engagement raise questions, so only their facts are asked."""
    out: dict[str, Ask] = {}
    for f in result.findings:
        for q in f.open_questions:
            ask = out.get(q.answer_at)
            label = f"{f.jurisdiction} (activity {f.activity})"
            if ask is None:
                ask = _ask(q, f.activity, rules)
                if ask is None:
                    continue
            if label not in ask.asked_by:
                ask = Ask(**{**ask.__dict__, "asked_by": (*ask.asked_by, label)})
            out[q.answer_at] = ask
    return list(out.values())


def _ask(q: Any, activity: str, rules: Any) -> Ask | None:
    m = re.search(r"counterparts\[([^\]]+)\]", q.answer_at)
    cp = m.group(1) if m else None
    if cp is not None and cp.startswith("<"):
        return None  # the engine could not say which counterpart: not answerable by a single field
    if q.key in FLAG_KEYS:
        kind: AskType = "bool"
    elif q.key in FIELD_KEYS:
        if q.key not in _FIELD_TYPES:
            return None  # e.g. which counterpart an activity involves: a change of the engagement, not an answer
        kind = _FIELD_TYPES[q.key]
    elif q.key in rules.facts:
        kind = rules.facts[q.key].type
    else:
        return None
    fact = rules.facts.get(q.key)
    plain = fact.plain_question if fact is not None else None
    return Ask(key=q.key, type=kind, text=plain or q.text, answer_at=q.answer_at,
               legal_wording=q.text if plain else "", activity=activity if q.scope == "activity" else None,
               counterpart=cp)


def parse_answer(ask: Ask, text: str) -> Any:
    """The typed answer to ``ask`` from what was typed; None for "don't know"; ValueError with a plain message."""
    if ask.type == "bool":
        return parse_yes_no(text)
    if not text.strip() or text.strip().casefold() in UNKNOWN:
        return None
    if ask.type == "int":
        try:
            return int(text.strip())
        except ValueError:
            raise ValueError("Please give a whole number, or leave it empty if you don't know.") from None
    if ask.type == "country":
        return parse_country(text)
    if ask.type == "countries":
        return parse_countries(text)
    if ask.type == "names":
        return [x.strip() for x in text.split(";") if x.strip()]
    return text.strip()


def apply_answer(data: dict[str, Any], ask: Ask, value: Any) -> None:
    """Write ``value`` (not None) into the engagement ``data`` where the file keeps the answer to ``ask``."""
    if value is None:
        return
    org = data.setdefault("organisation", {})
    if ask.key in FLAG_KEYS:
        org[ask.key] = value
    elif ask.key == "residence":
        for s in org.get("staff") or []:
            s.setdefault("residence", value)
    elif ask.key == "area":
        data.setdefault("location", {})["area"] = value
    elif ask.counterpart is not None:
        cp = next((c for c in data.get("counterparts") or [] if c.get("id") == ask.counterpart), None)
        if cp is None:
            raise ValueError(f"no counterpart {ask.counterpart!r} in the engagement")
        if ask.key in ("designated_part", "aliases"):
            cp[ask.key] = value
        elif ask.key == "kind":  # the engagement's validation names the allowed kinds if this is not one
            cp["kind"] = str(value).strip().casefold()
        else:
            cp.setdefault("facts", {})[ask.key] = value
    elif ask.activity is not None:
        act = next((a for a in data.get("activities") or [] if str(a.get("id")) == ask.activity), None)
        if act is None:
            raise ValueError(f"no activity {ask.activity!r} in the engagement")
        if ask.key == "arranged_from":
            act["arranged_from"] = value
        else:
            act.setdefault("facts", {})[ask.key] = value
    else:
        data.setdefault("facts", {})[ask.key] = value


def flag_label(flag: str) -> str:
    return next((f.label for f in VOCABULARY.organisation_flags if f.id == flag), flag)
