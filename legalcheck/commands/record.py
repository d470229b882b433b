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
@click.option("--input", "input_file", type=click.Path(path_type=Path, dir_okay=False),
              help="The engagement file, when it is no longer at the path the record names.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@guarded
def verify_record(record: Path, rules_dir: Path | None, input_file: Path | None, fmt: str) -> None:
    """Re-run the check stored in a decision RECORD (written by `check --record`) with the current tool and rules.

    Re-hashes the engagement file the record names (relative to the working directory or the record's folder;
    or --input FILE) and re-runs the check from it. Reports every difference: the input file, tool version,
    rule-data hash, designation-list versions, counterpart screening,
    and per finding the outcome, the rules applied, the exemptions considered and changed wording.
    Exit code 0 when the recorded conclusions reproduce exactly, 1 when anything differs, 2 when the record
    is invalid.

    \b
    Examples:
      legalcheck check engagement.yaml -o memo.md --record memo.record.json
      legalcheck verify-record memo.record.json
      legalcheck verify-record memo.record.json --rules ../rules-2026 --format json
    """
    from ..output import terminal_safe
    from ..record import verify
    from ..ruleset import load_ruleset

    rules = load_ruleset(rules_dir)
    result = verify(record, rules, input_file)
    if fmt == "json":
        click.echo(terminal_safe(json.dumps(result.to_json(), indent=2, ensure_ascii=False, default=str)))
    else:
        click.echo(terminal_safe(result.render()))
    if not result.identical:
        sys.exit(EXIT_DIFFERENT)
