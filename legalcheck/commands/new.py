"""``legalcheck new``: write an engagement file by answering plain questions.

The questions and what is done with the answers are :mod:`legalcheck.interview`'s (the web app's New check page
uses the same module). First the basics, each choice explained with examples; then only the facts that a rule of
a jurisdiction reaching the engagement reads: the engine is run on the draft and its open questions are asked, in
rounds, until none is left that has not been asked. Type ``back`` at any question to return to the one before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..cli import guarded, rules_option
from ..interview import (
    BACK,
    ActivityPlan,
    Ask,
    Basics,
    Funder,
    activity_options,
    apply_answer,
    engagement_data,
    engagement_yaml,
    open_asks,
    options,
    parse_country,
    parse_date,
)
from ..ruleset import RuleSet

T = TypeVar("T")
MAX_ROUNDS = 4


class Back(Exception):
    """The user typed ``back``."""


def ask(prompt: str, parse: Callable[[str], T], default: str | None = None) -> T:
    """Prompt until ``parse`` accepts the answer; ``back`` raises :class:`Back`."""
    while True:
        ans = click.prompt(prompt, default=default, show_default=bool(default)).strip()
        if ans.casefold() in BACK:
            raise Back
        try:
            return parse(ans)
        except ValueError as exc:
            click.echo(f"  {exc}")


def _required(text: str) -> str:
    if not text:
        raise ValueError("Please give an answer (or type 'back').")
    return text


def _menu(prompt: str, opts: list[tuple[str, str, str]]) -> str:
    for i, (_, label, help_) in enumerate(opts, start=1):
        click.echo(f"  {i:>2}. {label}" + (f" — {help_}" if help_ else ""))

    def pick(ans: str) -> str:
        if ans.isdigit() and 1 <= int(ans) <= len(opts):
            return opts[int(ans) - 1][0]
        for value, label, _ in opts:
            if ans.casefold() in (value.casefold(), label.casefold()):
                return value
        raise ValueError("Please answer with a number from the list.")

    return ask(prompt, pick)


def _list(prompt: str, parse: Callable[[str], T]) -> list[T]:
    """Items one per prompt until an empty answer; ``back`` removes the last item (or leaves the step)."""
    items: list[T] = []
    while True:
        try:
            item = ask(prompt, lambda a: parse(a) if a else None, default="")
        except Back:
            if not items:
                raise
            click.echo(f"  removed {items.pop()}")
            continue
        if item is None:
            return items
        items.append(item)


def _step_engagement(b: Basics, rules: RuleSet) -> None:
    b.title = ask("In one line, what is the engagement?", _required)


def _step_date(b: Basics, rules: RuleSet) -> None:
    b.date = ask("When will it happen (YYYY-MM-DD)?", parse_date)


def _step_purpose(b: Basics, rules: RuleSet) -> None:
    click.echo("What is its purpose?")
    b.purpose = _menu("Purpose", options("purpose"))


def _step_org(b: Basics, rules: RuleSet) -> None:
    click.echo("\nAbout your organisation")
    b.org_name = ask("Organisation name", _required)


def _step_org_type(b: Basics, rules: RuleSet) -> None:
    click.echo("Which best describes it?")
    b.org_type = _menu("Organisation type", options("org_type"))


def _step_incorporated(b: Basics, rules: RuleSet) -> None:
    b.incorporated_in = ask("Country where it is incorporated or registered (ISO code, e.g. CH)", parse_country)


def _step_staff(b: Basics, rules: RuleSet) -> None:
    click.echo("Nationalities of the staff who take part (one ISO code at a time; empty to finish).")
    b.staff = _list("  Staff nationality", parse_country)


def _funder(name: str) -> Funder:
    country = ask("  Its country (ISO code, or EU for the EU institutions)", lambda a: parse_country(a, funder=True))
    click.echo("  What kind of funder?")
    return Funder(name, country, _menu("  Funder kind", options("funder_kind")))


def _step_funders(b: Basics, rules: RuleSet) -> None:
    click.echo("\nFunders of this engagement (empty name to finish). A funder's country can bring its law in.")
    b.funders = _list("  Funder name", _funder)


def _step_group(b: Basics, rules: RuleSet) -> None:
    click.echo("\nThe group you will deal with")
    b.group = ask("Name of the armed group (empty if none)", str, default="")
    if b.group:
        b.aliases = ask("Other names it uses, separated by ';' (optional)",
                        lambda a: [x.strip() for x in a.split(";") if x.strip()], default="")


def _step_place(b: Basics, rules: RuleSet) -> None:
    click.echo("\nWhere")
    b.country = ask("Country where the activities take place (ISO code)", parse_country)
    b.area = ask("Region, district or town (optional)", str, default="")


def _step_activities(b: Basics, rules: RuleSet) -> None:
    click.echo("\nWhat will you do? The kinds of activity legalcheck knows:")
    kinds = activity_options(rules)
    for i, (_, label, definition, examples) in enumerate(kinds, start=1):
        click.echo(f"  {i:>2}. {label} — {definition}")
        for ex in examples[:2]:
            click.echo(f"        e.g. {ex}")

    def pick(ans: str) -> list[str]:
        nums = [x.strip() for x in ans.split(",") if x.strip()]
        if not nums or not all(n.isdigit() and 1 <= int(n) <= len(kinds) for n in nums):
            raise ValueError("Please give numbers from the list.")
        return list(dict.fromkeys(kinds[int(n) - 1][0] for n in nums))

    chosen = ask("Numbers of the activities you plan, separated by commas (e.g. 1,4)", pick)
    b.activities = [ActivityPlan(k) for k in chosen]


def _step_details(b: Basics, rules: RuleSet) -> None:
    for n, act in enumerate(b.activities, start=1):
        click.echo(f"\nActivity {n}: {rules.activity_kinds[act.kind].label}")
        act.description = ask("  Describe it in a sentence (optional)", str, default="")
        if len(set(b.staff)) > 1:
            def who(a: str) -> list[str]:
                nats = [parse_country(x) for x in a.split(",") if x.strip()]
                if not set(nats) <= set(b.staff):
                    raise ValueError("Please name nationalities from the staff list: " + ", ".join(b.staff))
                return nats

            act.performed_by = ask("  Nationalities of the staff who do it, separated by commas (empty: all)", who,
                                   default="")


STEPS: list[Callable[[Basics, RuleSet], None]] = [
    _step_engagement, _step_date, _step_purpose, _step_org, _step_org_type, _step_incorporated, _step_staff,
    _step_funders, _step_group, _step_place, _step_activities, _step_details,
]


def run_steps(steps: list[Callable[[], None]]) -> None:
    """Run ``steps`` in order; :class:`Back` in a step returns to the one before it."""
    i = 0
    while i < len(steps):
        try:
            steps[i]()
            i += 1
        except Back:
            if i == 0:
                click.echo("  (this is the first question)")
            i = max(0, i - 1)


HINTS = {"bool": " (yes / no / don't know)", "country": " (ISO code; empty: don't know)",
         "countries": " (ISO codes separated by commas; empty: don't know)", "names": " (separated by ';'; empty: "
         "don't know)", "int": " (a whole number; empty: don't know)", "str": " (empty: don't know)"}


def _question_step(a: Ask, answers: dict[str, Any]) -> Callable[[], None]:
    from ..interview import parse_answer

    def step() -> None:
        if a.legal_wording:
            click.echo(f"  (the rule asks: {a.legal_wording})")
        default = "don't know" if a.type == "bool" else ""
        answers[a.ident] = ask(f"  {a.text}{HINTS[a.type]}", lambda t: parse_answer(a, t), default=default)

    return step


def answer_rounds(data: dict[str, Any], rules: RuleSet) -> None:
    """Ask the open questions of the draft engagement, in rounds (an answer can raise a further question)."""
    asked: set[str] = set()
    for _ in range(MAX_ROUNDS):
        asks = [a for a in open_asks(check_draft(data, rules), rules) if a.ident not in asked]
        if not asks:
            return
        click.echo("\nThe rules that reach this engagement need these facts (answer 'don't know' if unsure):")
        answers: dict[str, Any] = {}
        run_steps([_question_step(a, answers) for a in asks])
        for a in asks:
            apply_answer(data, a, answers.get(a.ident))
        asked |= {a.ident for a in asks}


def check_draft(data: dict[str, Any], rules: RuleSet) -> Any:
    """The engine's result for the engagement ``data`` (validated as a file would be)."""
    from ..service import check_bytes

    return check_bytes(engagement_yaml(data, "engagement.yaml").encode(), "engagement.yaml", rules).result


def questionnaire(rules: RuleSet) -> dict[str, Any]:
    """Ask the questions (``back`` returns to the previous one); return engagement data (format 1)."""
    click.echo("A few questions about the engagement. Press Enter to skip optional ones; type 'back' to return to "
               "the previous question.\n")
    b = Basics()
    run_steps([lambda s=s: s(b, rules) for s in STEPS])  # type: ignore[misc]
    data = engagement_data(b, rules)
    answer_rounds(data, rules)
    return data


@click.command("new")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, dir_okay=False),
              help="Engagement file to write (default: asked at the end).")
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@rules_option
@guarded
def new(output: Path | None, force: bool, rules_dir: Path | None) -> None:
    """Write an engagement file by answering questions in plain words.

    Explains the organisation types and activity kinds with examples, then asks only the facts that a rule of a
    jurisdiction reaching the engagement reads. Anything you do not know can be left as "don't know": the memo then
    says what the legal team needs to find out. Type "back" to return to the previous question.

    \b
    Example:
      legalcheck new -o engagement.yaml
    """
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
    text = engagement_yaml(data, output.name)
    parsed, lines = parse_document(text, str(output))
    engagement_from_data(parsed, lines, str(output), rules)  # never write a file that does not validate
    write_atomic(output, text)
    click.echo(f"\nWrote {output}. Next: legalcheck check {output} --format md")
