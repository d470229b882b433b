"""``legalcheck plan`` and ``legalcheck plan-template``: pre-screening a spreadsheet of activities."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import click

from ..cli import DateParam, allow_historic_option, guarded, rules_option


@click.command("plan")
@click.argument("plan_file", metavar="PLAN", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--profiles", "profiles", type=click.Path(path_type=Path, dir_okay=False),
              help="Organisation profile file (default: the plan workbook's Profiles sheet, else profiles.yaml next to "
                   "the plan).")
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

    Each row gets the overall outcome, the strictest jurisdiction, a plain one-sentence reason, the next step,
    the questions for legal and the legal basis; the plan's own columns are kept. Rows that cannot be read are
    reported with their row number and every column at fault, and marked 'error'; the other rows are still
    screened. Rows are read, screened and written as a stream (a CSV plan may have 100,000 rows). Exit code 2
    when no row at all could be read (nothing is written then).

    \b
    Examples:
      legalcheck plan examples/plans/plan.csv
      legalcheck plan plan.xlsx --profiles profiles.yaml -o results.xlsx
      legalcheck plan plan.csv --format json -o results.json
    """
    from ..output import check_targets, terminal_safe
    from ..ruleset import load_ruleset

    if output is not None and str(output) == "-":
        output = None
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        fmt = suffix if suffix in ("csv", "xlsx", "json", "md") else "table"
    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs -o/--output FILE")
    inputs = [p for p in (plan_file, profiles) if p is not None]
    check_targets([output], inputs=inputs)
    rules = load_ruleset(rules_dir)
    import gc

    gc.freeze()  # the rules live for the whole run: the collector need not scan them again for every row
    show = sys.stderr.isatty() if progress is None else progress
    with _Bars(show) as bars, _PlanOutput(output, inputs) as out:
        info, stats = _screen(plan_file, rules, fmt, out.fh, profiles_path=profiles, as_of=as_of, jobs=jobs,
                              progress=bars.bar, allow_historic=allow_historic)
        for r in stats.errors:
            for column, message in r.errors:
                where = f"row {r.number}" + (f", column {column!r}" if column else "")
                click.echo(terminal_safe(f"legalcheck: {info.file}: {where}: {message}"), err=True)
        if Path(info.profiles_file).is_file():
            out.inputs.append(Path(info.profiles_file))  # found next to the plan: not to be overwritten either
        if stats.error_rows > len(stats.errors):
            click.echo(f"legalcheck: {info.file}: ... and {stats.error_rows - len(stats.errors)} more row(s) that "
                       "could not be read (see the output)", err=True)
    if summary:
        from ..plan.writers import summary_table

        click.echo("\n" + terminal_safe(summary_table(stats.counts)), err=True)
        if stats.error_rows:
            click.echo(f"{stats.error_rows} row(s) could not be read: fix them and run again.", err=True)


def _screen(plan_file: Path, rules: Any, fmt: str, out: IO[bytes] | None, **kw: Any) -> tuple[Any, Any]:
    """Stream the plan into ``out`` in ``fmt``."""
    from ..plan.stream import stream_plan
    from ..plan.writers import make_sink

    sinks: list[Any] = []

    def open_sink(info: Any) -> Any:
        assert out is not None
        sinks.append(make_sink(fmt, out, info))
        return sinks[0]

    info, stats = stream_plan(plan_file, rules, open_sink, **kw)
    sinks[0].finish(stats)
    return info, stats


class _Bars:
    """The progress bar on stderr (closed however the run ends)."""

    def __init__(self, show: bool) -> None:
        self.show, self.bars = show, []  # type: ignore[var-annotated]

    def bar(self, total: int) -> Callable[[int], None]:
        if not self.show or total < 2:
            return lambda n: None
        bar = click.progressbar(length=total, label="Screening activities", file=sys.stderr, show_pos=True, width=30)
        bar.__enter__()
        self.bars.append(bar)
        return bar.update

    def __enter__(self) -> _Bars:
        return self

    def __exit__(self, *exc: object) -> None:
        for bar in self.bars:
            bar.__exit__(None, None, None)


class _PlanOutput:
    """The output as it is written: a temporary file beside the target (or anywhere, for standard output), renamed
    into place, or copied to standard output, only when the whole plan has been screened; removed otherwise."""

    def __init__(self, target: Path | None, inputs: list[Path]) -> None:
        self.target, self.inputs = target, inputs
        self.fh: IO[bytes] | None = None
        self.tmp: str | None = None

    def __enter__(self) -> _PlanOutput:
        import os
        import tempfile

        from ..output import TMP_PREFIX, clean_stale

        if self.target is None:
            self.fh = tempfile.TemporaryFile()
            return self
        parent = self.target.parent if str(self.target.parent) else Path(".")
        clean_stale(parent)
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=parent)
        except OSError as exc:
            raise _os_problem(exc, self.target) from None
        self.fh = os.fdopen(fd, "w+b")
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        import os
        import shutil

        from ..output import check_targets

        assert self.fh is not None
        try:
            if exc_type is None and self.target is None:
                self.fh.seek(0)
                sys.stdout.flush()
                shutil.copyfileobj(self.fh, sys.stdout.buffer)
                sys.stdout.flush()
            elif exc_type is None and self.tmp is not None:
                self.fh.close()
                check_targets([self.target], inputs=self.inputs)  # still a regular file, not an input
                os.replace(self.tmp, self.target)  # type: ignore[arg-type]
        except OSError as exc:
            raise _os_problem(exc, self.target or Path("-")) from None
        finally:
            self.fh.close()
            if self.tmp is not None:
                Path(self.tmp).unlink(missing_ok=True)


def _os_problem(exc: OSError, target: Path) -> Exception:
    import errno

    from ..errors import InputError

    if exc.errno == errno.ENOSPC:
        return InputError.single(str(target), "no space left on the device; nothing was written")
    return InputError.single(str(target), f"cannot write output into folder {target.parent}: {exc.strerror or exc}")


@click.command("plan-template")
@click.argument("output", metavar="OUT", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@rules_option
@guarded
def plan_template(output: Path, force: bool, rules_dir: Path | None) -> None:
    """Write an empty plan workbook (OUT.xlsx): Plan and Profiles sheets with headings and drop-downs, and an
    Instructions sheet.

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
    click.echo(f"wrote {output}: describe your organisation on the Profiles sheet, fill in the Plan sheet, then run "
               f"`legalcheck plan {output} -o results.xlsx`", err=True)
