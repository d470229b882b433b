"""``legalcheck coverage``: the jurisdiction × activity-kind matrix (engaged, decided none, unsettled, undecided)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..cli import EXIT_BAD_INPUT, guarded, rules_option


@click.command("coverage")
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Exit 2 when any pair is undecided.")
@guarded
def coverage(rules_dir: Path | None, fmt: str, strict: bool) -> None:
    """Show, for every jurisdiction and activity kind, which rules engage it or the cited decision why none does.

    A pair with neither is undecided: the engine answers needs_review ("not encoded") for it.

    \b
    Examples:
      legalcheck coverage
      legalcheck coverage --format json
    """
    from ..coverage import coverage_markdown, coverage_matrix
    from ..ruleset import load_ruleset

    rs = load_ruleset(rules_dir)
    cells = coverage_matrix(rs)
    if fmt == "json":
        click.echo(json.dumps([c.as_json() for c in cells], indent=2))
    elif fmt == "md":
        click.echo(coverage_markdown(rs), nl=False)
    else:
        for c in cells:
            detail = ", ".join(c.rules) if c.rules else (c.decision.reason.split(". ")[0] if c.decision else "")
            click.echo(f"{c.jurisdiction:3} {c.activity_kind:28} {c.status:18} {detail}")
    if strict and any(c.status == "undecided" for c in cells):
        sys.exit(EXIT_BAD_INPUT)
