"""Glue between the CLI and the engine: load, check, render."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from .errors import InputError, Problem


def run_check(file: Path, *, fmt: str = "md", as_of: dt.date | None = None, rules_dir: Path | None = None,
              redact: bool = False, record: Path | None = None, memo_meta: dict[str, Any] | None = None) -> str | bytes:
    from .engagement_io import load_engagement
    from .engine import Checker
    from .ruleset import load_ruleset

    rules = load_ruleset(rules_dir)
    eng, digest = load_engagement(file, rules)
    if memo_meta and any(memo_meta.values()):
        from .models.engagement import MemoMeta

        base = eng.memo.model_dump() if eng.memo else {}
        base.update({k: v for k, v in memo_meta.items() if v})
        eng = eng.model_copy(update={"memo": MemoMeta(**base)})
    result = Checker(rules).check(eng, as_of=as_of, input_sha256=digest)
    if redact:
        from .redact import redact_all

        result, eng = redact_all(result, eng)
    if record is not None:
        from .record import write_record

        write_record(record, file, eng, result, rules, as_of)
    if fmt == "json":
        return json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        from .memo import render

        return render(result, eng, rules, "md")
    if fmt == "html":
        from .memo_html import render_html

        return render_html(result, eng, rules)
    if fmt == "docx":
        from .memo_docx import render_docx

        return render_docx(result, eng, rules)
    raise InputError.single(str(file), f"unknown format {fmt!r}")


def validate_paths(paths: list[Path], rules_dir: Path | None, strict: bool, fmt: str) -> tuple[bool, str]:
    from .engagement_io import load_engagement
    from .ruleset import load_ruleset

    problems: list[Problem] = []
    summary: list[str] = []
    rule_dirs = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    targets = rule_dirs or ([rules_dir] if rules_dir else [None])
    rules = None
    for target in targets:
        try:
            rules = load_ruleset(target)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(rules.warnings)
        for j in rules.ordered_jurisdictions():
            items = [*j.prohibitions, *j.exemptions]
            unverified = [i.id for i in items if not i.verified]
            summary.append(f"{j.meta.code}: {len(j.prohibitions)} prohibitions, {len(j.exemptions)} exemptions, "
                           f"{len(unverified)} unverified")
        summary.append(f"designation lists: {len(rules.lists)} "
                       f"({sum(len(x.entries) for x in rules.lists.values())} entries)")
    if files:
        if rules is None:
            try:
                rules = load_ruleset(rules_dir)
            except InputError as exc:
                problems.extend(exc.problems)
        if rules is not None:
            for f in files:
                try:
                    load_engagement(f, rules)
                    summary.append(f"{f}: valid engagement")
                except InputError as exc:
                    problems.extend(exc.problems)
    errors = [p for p in problems if p.severity == "error" or strict]
    ok = not errors
    if fmt == "json":
        return ok, json.dumps({"ok": ok, "problems": [p.__dict__ for p in problems], "summary": summary}, indent=2)
    lines = [p.render() for p in problems] + summary
    lines.append("OK" if ok else f"FAILED: {len(errors)} error(s)")
    return ok, "\n".join(lines)
