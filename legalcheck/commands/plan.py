"""``legalcheck plan`` and ``legalcheck plan-template``: pre-screening a spreadsheet of activities."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..cli import DateParam, allow_historic_option, guarded, rules_option


@click.command("plan")
@click.argument("plan_file", metavar="PLAN", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--profiles", "profiles", type=click.Path(path_type=Path, dir_okay=False),
              help="Organisation profile file (default: profiles.yaml next to the plan).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "xlsx", "json", "md"]), default=None,
              help="Output format (default: from the -o extension, else table).")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file (atomically) instead of standard output.")
@click.option("--as-of", "as_of", type=DateParam(), help="Assess every row as of this date instead of its own.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("--summary/--no-summary", default=True, show_default=True,
              help="Counts per outcome on stderr at the end.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes for the evaluations (default: the CPUs available; Linux only).")
@rules_option
@allow_historic_option
@guarded
def plan(plan_file: Path, profiles: Path | None, fmt: str | None, output: Path | None, as_of: dt.date | None,
         progress: bool | None, summary: bool, jobs: int | None, rules_dir: Path | None, allow_historic: bool) -> None:
    """Pre-screen a PLAN of activities (CSV or XLSX, one activity per row) in plain language.

    Each row gets the overall outcome, the strictest jurisdiction, a one-sentence reason and the next step.
    Rows that cannot be read are reported with their row number and column and marked 'error'; the other
    rows are still screened. Exit code 2 only when no row at all could be read.

    \b
    Examples:
      legalcheck plan examples/plans/plan.csv
      legalcheck plan plan.xlsx --profiles profiles.yaml -o results.xlsx
      legalcheck plan plan.csv --format json -o results.json
    """
    from ..output import check_targets, emit, terminal_safe
    from ..plan.run import run_plan
    from ..plan.writers import render, summary_table
    from ..ruleset import load_ruleset

    if output is not None and str(output) == "-":
        output = None
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        fmt = suffix if suffix in ("csv", "xlsx", "json", "md") else "table"
    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs -o/--output FILE")
    check_targets([output], inputs=[p for p in (plan_file, profiles) if p is not None])
    rules = load_ruleset(rules_dir)
    show = sys.stderr.isatty() if progress is None else progress

    bars: list[Any] = []

    def progress_bar(total: int) -> Callable[[int], None]:
        if not show or total < 2:
            return lambda n: None
        bar = click.progressbar(length=total, label="Screening activities", file=sys.stderr, show_pos=True, width=30)
        bar.__enter__()
        bars.append(bar)
        return bar.update

    try:
        result = run_plan(plan_file, rules, profiles_path=profiles, as_of=as_of, jobs=jobs, progress=progress_bar,
                          allow_historic=allow_historic)
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)
    for r in result.errors:
        where = f"row {r.number}" + (f", column {r.error_column!r}" if r.error_column else "")
        click.echo(terminal_safe(f"legalcheck: {result.file}: {where}: {r.error}"), err=True)
    data = render(result, fmt)
    emit(terminal_safe(data) if isinstance(data, str) else data, output,
         [p for p in (plan_file, profiles, result.profiles_file) if p is not None])
    if summary:
        click.echo("\n" + terminal_safe(summary_table(result)), err=True)
        if result.errors:
            click.echo(f"{len(result.errors)} row(s) could not be read: fix them and run again.", err=True)


@click.command("plan-template")
@click.argument("output", metavar="OUT", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@rules_option
@guarded
def plan_template(output: Path, force: bool, rules_dir: Path | None) -> None:
    """Write an empty plan workbook (OUT.xlsx) with headings, drop-downs and an Instructions sheet.

    \b
    Example:
      legalcheck plan-template my-plan.xlsx
    """
    from ..output import write_atomic
    from ..plan.template import build_template
    from ..ruleset import load_ruleset

    if output.suffix.lower() != ".xlsx":
        raise click.UsageError("OUT must end in .xlsx")
    if output.exists() and not force:
        raise click.UsageError(f"{output} exists (use --force to overwrite it)")
    write_atomic(output, build_template(load_ruleset(rules_dir)))
    click.echo(f"wrote {output}: fill in the Plan sheet, then run `legalcheck plan {output} --profiles FILE`", err=True)
