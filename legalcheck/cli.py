"""Command-line interface (click). Heavy modules are imported lazily to keep start-up fast."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import InputError

EXIT_BAD_INPUT = 2


def _fail(exc: InputError) -> None:
    from .output import terminal_safe

    for p in exc.problems:
        click.echo(terminal_safe(f"legalcheck: {p.render()}"), err=True)
    sys.exit(EXIT_BAD_INPUT)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn InputError into exit code 2 with file:line messages; never show a traceback for bad input."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            _fail(exc)
        except RecursionError:
            click.echo("legalcheck: error: input nested too deeply", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except MemoryError:
            click.echo("legalcheck: error: input too large to process", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except (KeyboardInterrupt, SystemExit, click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # pragma: no cover - internal errors
            if os.environ.get("LEGALCHECK_DEBUG"):
                raise
            from .output import terminal_safe

            click.echo(
                terminal_safe(f"legalcheck: internal error: {type(exc).__name__}: {exc} "
                              "(set LEGALCHECK_DEBUG=1 for a traceback, and please report it)"),
                err=True,
            )
            sys.exit(1)

    return wrapper


class DateParam(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date in YYYY-MM-DD form", param, ctx)


allow_historic_option = click.option(
    "--allow-historic",
    "allow_historic",
    is_flag=True,
    help="Accept dates before 1990 (refused by default as likely typos, e.g. 0024 for 2024).",
)

rules_option = click.option(
    "--rules",
    "rules_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Use another copy of the rule data (a folder holding jurisdictions/ and designations/).",
)


class LazyGroup(click.Group):
    """Registers sub-commands that live in other modules without importing them at start-up."""

    lazy: dict[str, str] = {
        "screen": "legalcheck.commands.screen:screen",
        "designations": "legalcheck.commands.designations:designations",
        "plan": "legalcheck.commands.plan:plan",
        "plan-template": "legalcheck.commands.plan:plan_template",
        "new": "legalcheck.commands.new:new",
        "test": "legalcheck.commands.maintain:test_cmd",
        "diff": "legalcheck.commands.maintain:diff_cmd",
        "verify-record": "legalcheck.commands.record:verify_record",
        "coverage": "legalcheck.commands.coverage:coverage",
        "facts": "legalcheck.commands.facts:facts",
        "serve": "legalcheck.commands.serve:serve",
    }

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ValueError as exc:  # raised while click converts an argument (a path holding a NUL character)
            click.echo(f"legalcheck: error: bad command-line argument: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)

    def _available(self) -> dict[str, str]:
        import importlib.util

        out = {}
        for name, target in self.lazy.items():
            mod = target.split(":")[0]
            try:
                if importlib.util.find_spec(mod) is not None:
                    out[name] = target
            except ModuleNotFoundError:
                continue
        return out

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from .paths import data_folder, imported_dir

        super().format_epilog(ctx, formatter)
        with formatter.section("Data in use"):
            formatter.write_dl([("rule data", data_folder().describe()), ("imported lists", str(imported_dir()))])
        formatter.write_paragraph()
        formatter.write_text("Order: --rules, $LEGALCHECK_DATA_DIR, a legalcheck checkout (the package's own or the "
                             "working directory's), the packaged copy. Imports: $LEGALCHECK_IMPORTED_DIR, else "
                             "$XDG_DATA_HOME/legalcheck/designations/imported.")

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        _vocabulary_from_rules(args)
        return super().resolve_command(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._available()))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from . import gcpause

        gcpause.pause()  # until the command is known: resumed for anything but a short command
        try:
            return super().main(*args, **kwargs)
        finally:
            gcpause.resume()

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from . import gcpause

        if cmd_name not in gcpause.SHORT_COMMANDS:
            gcpause.resume()
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None:
            return cmd
        target = self._available().get(cmd_name)
        if target is None:
            return None
        import importlib

        mod, attr = target.split(":")
        try:
            cmd = getattr(importlib.import_module(mod), attr)
        except (ImportError, AttributeError):
            return None
        _guard_tree(cmd)
        return cmd  # type: ignore[no-any-return]


def _vocabulary_from_rules(args: list[str]) -> None:
    """``--rules DIR`` with its own ``_common/vocabulary.yaml``: the code's vocabularies (jurisdictions, outcome
    labels, organisation flags) come from it, so a copy of the data that adds one works without code changes. Read
    before any command module (and so the models) is imported; in a process that already imported them the rule
    set's own check reports the difference."""
    if "legalcheck.vocabulary" in sys.modules:
        return
    from .paths import use_rules_vocabulary

    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--rules" and i + 1 < len(args) else arg.partition("=")[2]
        if (arg == "--rules" or arg.startswith("--rules=")) and value:
            use_rules_vocabulary(Path(value))
            return
    if args[:1] == ["validate"]:  # ``legalcheck validate DIR``: a rule folder given as a path
        folder = next((Path(a) for a in args[1:] if not a.startswith("-") and Path(a).is_dir()), None)
        if folder is not None:
            use_rules_vocabulary(folder)


def _guard_tree(cmd: click.Command) -> None:
    """Give lazily loaded commands (and their sub-commands) the same bad-input handling."""
    if getattr(cmd, "_legalcheck_guarded", False):
        return
    if cmd.callback is not None:
        cmd.callback = guarded(cmd.callback)
    cmd._legalcheck_guarded = True  # type: ignore[attr-defined]
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            _guard_tree(sub)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="legalcheck")
def main() -> None:
    """legalcheck: what counterterrorism and sanctions law allows when engaging armed groups.

    \b
    Quick start:
      legalcheck check examples/engagements/swiss-ngo-somalia.yaml --format md
      legalcheck validate
      legalcheck activities

    Not legal advice: every memo must be reviewed by a qualified lawyer.
    """


FORMAT_EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json",
                     ".docx": "docx"}


def memo_format(fmt: str | None, output: Path | None) -> str:
    """The memo format: ``--format``, else the output file's extension, else Markdown; a ``--format`` that
    contradicts a known extension is a usage error (exit 2)."""
    ext = FORMAT_EXTENSIONS.get(output.suffix.lower()) if output is not None and str(output) != "-" else None
    if fmt and ext and fmt != ext:
        raise click.UsageError(f"--format {fmt} does not match the output file {output} (a .{output.suffix[1:]} file "
                               f"holds the {ext} format): change one of them")
    return fmt or ext or "md"


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "html", "docx"]),
    default=None,
    help="Memo format [default: from the -o file's extension (.md, .html, .json, .docx), else md].",
)
@click.option("--as-of", "as_of", type=DateParam(), help="Assess every activity as of this date instead of its own.")
@click.option("--memo-date", "memo_date", type=DateParam(), help="The day the memo is made, for its staleness notes "
              "[default: today]. Memo metadata only: the result (JSON) never depends on it.")
@rules_option
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file (atomically) instead of standard output ('-': standard output).",
)
@click.option(
    "--record",
    "record",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write a JSON decision record for later verification.",
)
@click.option("--redact", is_flag=True, help="Replace organisation, staff and counterpart free text with placeholders.")
@click.option("--matter", help="Matter reference printed in the memo header.")
@click.option("--prepared-by", "prepared_by", help="Name printed as 'Prepared by'.")
@click.option("--reviewed-by", "reviewed_by", help="Name printed as 'Reviewed by'.")
@click.option("--confidentiality", help="Privilege or confidentiality header.")
@allow_historic_option
@guarded
def check(
    file: Path,
    fmt: str | None,
    as_of: dt.date | None,
    memo_date: dt.date | None,
    rules_dir: Path | None,
    output: Path | None,
    record: Path | None,
    redact: bool,
    matter: str | None,
    prepared_by: str | None,
    reviewed_by: str | None,
    confidentiality: str | None,
    allow_historic: bool,
) -> None:
    """Check an engagement FILE (YAML or JSON) against every jurisdiction that reaches it.

    \b
    Examples:
      legalcheck check examples/engagements/swiss-ngo-somalia.yaml --format md
      legalcheck check engagement.yaml --format json -o result.json
      legalcheck check engagement.yaml --as-of 2022-12-01
    """
    from .output import emit, is_stdout
    from .quickcheck import check_output

    fmt = memo_format(fmt, output)
    if fmt in ("docx",) and output is None:
        raise click.UsageError("--format docx needs -o/--output FILE")
    if record is not None and str(record) == "-":
        raise click.UsageError("--record needs a FILE (standard output carries the memo)")
    memo_meta = {"matter": matter, "prepared_by": prepared_by, "reviewed_by": reviewed_by,
                 "confidentiality": confidentiality}
    data = check_output(file, fmt, output=output, record=record, memo_date=memo_date, as_of=as_of,
                        rules_dir=rules_dir, redact=redact, memo_meta=memo_meta, allow_historic=allow_historic)
    if is_stdout(output):
        emit(data, None)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@rules_option
@click.option("--strict", is_flag=True, help="Treat warnings (e.g. reviews overdue) as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@allow_historic_option
@guarded
def validate(paths: tuple[Path, ...], rules_dir: Path | None, strict: bool, fmt: str, allow_historic: bool) -> None:
    """Validate rule data, designation lists and engagement files.

    With no PATH, validates the rule data in use. A PATH may be a rule folder (holding jurisdictions/)
    or an engagement file.

    \b
    Examples:
      legalcheck validate
      legalcheck validate --strict
      legalcheck validate examples/engagements/*.yaml
    """
    from .output import terminal_safe
    from .service import validate_paths

    ok, report = validate_paths(list(paths), rules_dir, strict, fmt, allow_historic)
    click.echo(terminal_safe(report))
    if not ok:
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--as-of", "as_of", type=DateParam(), help="Show only rules in force on this date.")
@guarded
def jurisdictions(rules_dir: Path | None, fmt: str, as_of: dt.date | None) -> None:
    """List the jurisdictions encoded, with their rules and how many are verified.

    \b
    Example:
      legalcheck jurisdictions --as-of 2024-05-15
    """
    from .ruleset import load_ruleset

    rs = load_ruleset(rules_dir)
    rows = []
    for j in rs.ordered_jurisdictions():
        items = [*j.prohibitions, *j.exemptions]
        if as_of:
            items = [i for i in items if i.in_force.contains(as_of)]
        rows.append(
            {
                "code": j.meta.code,
                "name": j.meta.name,
                "prohibitions": [p.id for p in j.prohibitions if p in items],
                "exemptions": [e.id for e in j.exemptions if e in items],
                "unverified": sorted(i.id for i in items if not i.verified),
            }
        )
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        n = len(r["prohibitions"]) + len(r["exemptions"])
        click.echo(
            f"{r['code']:3} {r['name']}: {len(r['prohibitions'])} prohibitions, {len(r['exemptions'])} "
            f"exemptions/licences, {n - len(r['unverified'])} of {n} verified"
        )
        for pid in r["prohibitions"]:
            click.echo(f"      prohibition {pid}")
        for eid in r["exemptions"]:
            click.echo(f"      exemption   {eid}")


@main.command()
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@guarded
def activities(rules_dir: Path | None, fmt: str) -> None:
    """List the activity kinds an engagement may use, with definitions and examples.

    \b
    Example:
      legalcheck activities --format json
    """
    from .ruleset import load_ruleset

    rs = load_ruleset(rules_dir)
    if fmt == "json":
        click.echo(json.dumps([k.model_dump(mode="json") for k in rs.activity_kinds.values()], indent=2))
        return
    for k in rs.activity_kinds.values():
        click.echo(f"{k.id}  —  {k.label}")
        click.echo(f"    {k.definition}")
        for ex in k.examples:
            click.echo(f"    e.g. {ex}")


@main.command()
@click.option("--write", is_flag=True, help="Regenerate schemas/ from the models instead of checking it.")
@guarded
def schemas(write: bool) -> None:
    """Check (or, with --write, regenerate) the JSON Schemas in schemas/ from the pydantic models.

    \b
    Example:
      legalcheck schemas --write
    """
    from .paths import schemas_dir
    from .schemas import drift, generate

    if write:
        for p in generate(schemas_dir()):
            click.echo(f"wrote {p}")
        return
    stale = drift(schemas_dir())
    if stale:
        click.echo("out of date: " + ", ".join(stale) + " (run `legalcheck schemas --write`)", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo("schemas/ matches the models")
