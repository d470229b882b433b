"""``legalcheck facts FILE``: every open question of an engagement file, its fact key and where to answer it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..models.result import Result


def open_questions(result: Result) -> list[dict[str, object]]:
    """Each distinct open question (key, scope, where to write the answer, text), with the findings that ask it."""
    rows: dict[tuple[str, str], dict[str, object]] = {}
    for f in result.findings:
        for q in f.open_questions:
            row = rows.setdefault((q.key, q.answer_at), {"key": q.key, "scope": q.scope, "answer_at": q.answer_at,
                                                          "text": q.text, "asked_by": []})
            asked = row["asked_by"]
            assert isinstance(asked, list)
            label = f"{f.jurisdiction} (activity {f.activity})"
            if label not in asked:
                asked.append(label)
    return list(rows.values())


def as_text(rows: list[dict[str, object]]) -> str:
    if not rows:
        return "No open questions: every fact the encoded rules read is stated (or not needed).\n"
    out = [f"{len(rows)} open question(s). Write each answer where shown, then run `legalcheck check` again.", ""]
    for r in rows:
        asked = ", ".join(str(x) for x in r["asked_by"])  # type: ignore[attr-defined]
        out += [f"- {r['key']} ({r['scope']}): {r['text']}", f"    answer at: {r['answer_at']}",
                f"    asked by: {asked}"]
    return "\n".join(out) + "\n"


@click.command("facts")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--rules", "rules_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Rule data directory (default: the bundled jurisdictions/).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Assess as of this date.")
def facts(file: Path, fmt: str, rules_dir: Path | None, as_of: dt.datetime | None) -> None:
    """List every open question of the engagement FILE, with its fact key and where to write the answer.

    \b
    Example:
      legalcheck facts examples/engagements/swiss-ngo-somalia.yaml
    """
    from ..service import run_check

    data = run_check(file, fmt="json", rules_dir=rules_dir, as_of=as_of.date() if as_of else None)
    rows = open_questions(Result.model_validate_json(data))
    click.echo(json.dumps(rows, indent=2, ensure_ascii=False) if fmt == "json" else as_text(rows), nl=fmt == "json")
