"""``legalcheck new``: write an engagement file by answering plain questions.

Only the questions some rule needs are asked: the organisation flags and activity facts are those that the
prohibitions (conditions) and exemptions (qualifiers) covering the chosen activity kinds refer to.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from ..cli import guarded, rules_option
from ..models.common import FunderKind, OrgType, Purpose
from ..models.rules import Predicate
from ..predicates import FLAG_QUESTIONS
from ..ruleset import RuleSet

UNKNOWN = {"", "?", "dont know", "don't know", "unknown", "not sure"}


def needed_facts(rules: RuleSet, kinds: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """(organisation flags, {activity kind: fact ids}) that some rule consults for these kinds."""
    flags: list[str] = []
    facts: dict[str, list[str]] = {k: [] for k in kinds}

    def walk(p: Predicate, kind: str) -> None:
        if p.org_flag and p.org_flag not in flags:
            flags.append(p.org_flag)
        if p.fact and p.fact.name not in facts[kind]:
            facts[kind].append(p.fact.name)
        for sub in (p.any or []) + (p.all or []) + (p.none or []):
            walk(sub, kind)

    for j in rules.ordered_jurisdictions():
        for p in j.prohibitions:
            for kind in kinds:
                if kind not in p.activity_kinds:
                    continue
                for c in p.conditions:
                    if (c.kinds is None or kind in c.kinds) and c.fact not in facts[kind]:
                        facts[kind].append(c.fact)
                for jj in rules.ordered_jurisdictions():
                    for e in jj.exemptions:
                        if p.id in e.applies_to and (e.activity_kinds is None or kind in e.activity_kinds):
                            walk(e.qualifies, kind)
    return flags, facts


def _choice(prompt: str, options: list[tuple[str, str]], default: str | None = None) -> str:
    """Numbered menu; accepts the number, the id or the plain label."""
    for i, (value, label) in enumerate(options, start=1):
        click.echo(f"  {i:>2}. {label}" + (f"  [{value}]" if label != value else ""))
    while True:
        ans = click.prompt(prompt, default=default, show_default=default is not None).strip()
        picked = _pick(ans, options)
        if picked is not None:
            return picked
        click.echo("  Please answer with a number from the list.")


def _pick(ans: str, options: list[tuple[str, str]]) -> str | None:
    if ans.isdigit() and 1 <= int(ans) <= len(options):
        return options[int(ans) - 1][0]
    for value, label in options:
        if ans.casefold() in (value.casefold(), label.casefold()):
            return value
    return None


def _country(prompt: str, default: str | None = None, allow_empty: bool = False) -> str | None:
    from ..countries import normalise_country

    while True:
        ans = click.prompt(prompt, default=default or ("" if allow_empty else None),
                           show_default=bool(default)).strip()
        if not ans and allow_empty:
            return None
        try:
            return normalise_country(ans)
        except ValueError as exc:
            click.echo(f"  {exc}")


def _yes_no_unknown(question: str) -> bool | None:
    while True:
        ans = click.prompt(f"{question} (yes / no / don't know)", default="don't know", show_default=False)
        a = ans.strip().casefold()
        if a in ("y", "yes"):
            return True
        if a in ("n", "no"):
            return False
        if a in UNKNOWN:
            return None
        click.echo("  Please answer yes, no or don't know.")


def _date(prompt: str, default: dt.date | None = None) -> dt.date:
    while True:
        ans = click.prompt(prompt, default=default.isoformat() if default else None).strip()
        try:
            return dt.date.fromisoformat(ans)
        except ValueError:
            click.echo("  Please give the date as YYYY-MM-DD, e.g. 2024-09-15.")


def _label(value: str) -> str:
    return value.replace("_", " ")


def questionnaire(rules: RuleSet) -> dict[str, Any]:
    """Ask the questions; return engagement data (format 1)."""
    click.echo("A few questions about the engagement. Press Enter to skip optional ones.\n")
    title = click.prompt("In one line, what is the engagement?")
    date = _date("When will it happen (YYYY-MM-DD)?")
    purpose = _choice("What is its purpose?", [(p.value, _label(p.value)) for p in Purpose])

    click.echo("\nAbout your organisation")
    org: dict[str, Any] = {"name": click.prompt("Organisation name")}
    org["type"] = _choice("Which best describes it?", [(t.value, _label(t.value)) for t in OrgType])
    org["incorporated_in"] = _country("Country where it is incorporated or registered (ISO code, e.g. CH)")
    staff: list[dict[str, Any]] = []
    click.echo("Nationalities of the staff who take part (one ISO code at a time; empty to finish).")
    while True:
        nat = _country("  Staff nationality", allow_empty=True)
        if nat is None:
            break
        staff.append({"nationality": nat})
    org["staff"] = staff

    funders: list[dict[str, Any]] = []
    click.echo("\nFunders of this engagement (empty name to finish).")
    while True:
        name = click.prompt("  Funder name", default="", show_default=False).strip()
        if not name:
            break
        country = click.prompt("  Its country (ISO code, or EU for the EU institutions)").strip().upper()
        kind = _choice("  What kind of funder?", [(k.value, _label(k.value)) for k in FunderKind])
        funders.append({"name": name, "country": country, "kind": kind})

    click.echo("\nThe group you will deal with")
    group = click.prompt("Name of the armed group (empty if none)", default="", show_default=False).strip()
    counterparts: list[dict[str, Any]] = []
    if group:
        aliases = [a.strip() for a in click.prompt("Other names it uses, separated by ';' (optional)", default="",
                                                   show_default=False).split(";") if a.strip()]
        counterparts.append({"id": "group", "name": group, **({"aliases": aliases} if aliases else {})})

    click.echo("\nWhere")
    location: dict[str, Any] = {"country": _country("Country where the activities take place (ISO code)")}
    area = click.prompt("Region, district or town (optional)", default="", show_default=False).strip()
    if area:
        location["area"] = area

    click.echo("\nWhat will you do? The kinds of activity legalcheck knows:")
    kinds = list(rules.activity_kinds.values())
    for i, k in enumerate(kinds, start=1):
        click.echo(f"  {i:>2}. {k.label} — {k.definition}")
    chosen: list[str] = []
    while not chosen:
        ans = click.prompt("Numbers of the activities you plan, separated by commas (e.g. 1,4)")
        picks = [_pick(x.strip(), [(k.id, k.label) for k in kinds]) for x in ans.split(",") if x.strip()]
        if picks and all(picks):
            chosen = list(dict.fromkeys(p for p in picks if p))
        else:
            click.echo("  Please give numbers from the list.")

    flags, facts = needed_facts(rules, chosen)
    if flags:
        click.echo("\nSome exemptions depend on these facts about your organisation:")
        for flag in flags:
            val = _yes_no_unknown(FLAG_QUESTIONS.get(flag, flag))
            if val is not None:
                org[flag] = val

    activities: list[dict[str, Any]] = []
    for n, kind_id in enumerate(chosen, start=1):
        k = rules.activity_kinds[kind_id]
        click.echo(f"\nActivity {n}: {k.label}")
        act: dict[str, Any] = {"id": f"a{n}", "kind": kind_id}
        desc = click.prompt("  Describe it in a sentence (optional)", default="", show_default=False).strip()
        if desc:
            act["description"] = desc
        if len({s["nationality"] for s in staff}) > 1:
            who = click.prompt("  Nationalities of the staff who do it, separated by commas (empty: all)",
                               default="", show_default=False)
            nats = []
            for x in who.split(","):
                if x.strip():
                    from ..countries import normalise_country

                    try:
                        nats.append(normalise_country(x))
                    except ValueError as exc:
                        click.echo(f"  ignored: {exc}")
            if nats:
                act["performed_by"] = sorted(set(nats))
        if counterparts and k.involves_group:
            act["counterpart"] = "group"
        answers: dict[str, Any] = {}
        for fid in facts[kind_id]:
            fd = rules.facts.get(fid)
            if fd is None:
                continue
            if fd.type == "bool":
                v = _yes_no_unknown("  " + fd.question)
                if v is not None:
                    answers[fid] = v
            else:
                text = click.prompt(f"  {fd.question} (empty: don't know)", default="", show_default=False).strip()
                if text:
                    if fd.type == "int":
                        try:
                            answers[fid] = int(text)
                        except ValueError:
                            click.echo("  not a whole number: left as unknown")
                    else:
                        answers[fid] = text
        if answers:
            act["facts"] = answers
        activities.append(act)

    data: dict[str, Any] = {"format": 1, "title": title, "date": date, "purpose": purpose, "organisation": org}
    if funders:
        data["funders"] = funders
    if counterparts:
        data["counterparts"] = counterparts
    data["location"] = location
    data["activities"] = activities
    return data


@click.command("new")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, dir_okay=False),
              help="Engagement file to write (default: asked at the end).")
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@rules_option
@guarded
def new(output: Path | None, force: bool, rules_dir: Path | None) -> None:
    """Write an engagement file by answering questions in plain words.

    Offers the activity kinds with their definitions and asks only the facts that some rule needs for the
    activities chosen. Anything you do not know can be left as "don't know": the memo then says what
    the legal team needs to find out.

    \b
    Example:
      legalcheck new -o engagement.yaml
    """
    import yaml

    from ..engagement_io import engagement_from_data
    from ..output import write_atomic
    from ..ruleset import load_ruleset
    from ..yamlio import parse_document

    rules = load_ruleset(rules_dir)
    try:
        data = questionnaire(rules)
        if output is None:
            output = Path(click.prompt("\nSave as", default="engagement.yaml"))
        if output.exists() and not force and not click.confirm(f"{output} exists. Overwrite it?", default=False):
            raise click.Abort()
    except (click.Abort, EOFError):
        click.echo("\nlegalcheck: stopped: nothing was written", err=True)
        raise SystemExit(1) from None
    text = ("# Written by `legalcheck new`; check it with `legalcheck check " + output.name + "`.\n"
            + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110))
    parsed, lines = parse_document(text, str(output))
    engagement_from_data(parsed, lines, str(output), rules)  # never write a file that does not validate
    write_atomic(output, text)
    click.echo(f"\nWrote {output}. Next: legalcheck check {output} --format md")
