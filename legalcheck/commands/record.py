"""``legalcheck verify-record FILE``: re-run a recorded check and report what changed since."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..cli import guarded, rules_option

EXIT_DIFFERENT = 1


@click.command("verify-record")
@click.argument("record", type=click.Path(path_type=Path, dir_okay=False))
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@guarded
def verify_record(record: Path, rules_dir: Path | None, fmt: str) -> None:
    """Re-run the check stored in a decision RECORD (written by `check --record`) with the current tool and rules.

    Reports every difference: tool version, rule-data hash, designation-list versions, counterpart screening,
    and per finding the outcome, the rules applied, the exemptions considered and changed wording.
    Exit code 0 when the recorded conclusions reproduce exactly, 1 when anything differs, 2 when the record
    is invalid.

    \b
    Examples:
      legalcheck check engagement.yaml -o memo.md --record memo.record.json
      legalcheck verify-record memo.record.json
      legalcheck verify-record memo.record.json --rules ../rules-2026 --format json
    """
    from ..record import verify
    from ..ruleset import load_ruleset

    rules = load_ruleset(rules_dir)
    result = verify(record, rules)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False, default=str))
    else:
        click.echo(result.render())
    if not result.identical:
        sys.exit(EXIT_DIFFERENT)
