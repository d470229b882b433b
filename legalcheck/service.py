"""Glue between the CLI and the engine: load, check, render."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from .errors import InputError, Problem
from .records import FrozenRecord, setfield


def run_check(
    file: Path,
    *,
    fmt: str = "md",
    as_of: dt.date | None = None,
    rules_dir: Path | None = None,
    redact: bool = False,
    record: Path | None = None,
    memo_meta: dict[str, Any] | None = None,
    allow_historic: bool = False,
) -> str | bytes:
    """Check ``file`` and return the memo; with ``record``, also write the decision record there."""
    data, record_text = check_documents(file, fmt=fmt, as_of=as_of, rules_dir=rules_dir, redact=redact,
                                        record=record is not None, memo_meta=memo_meta,
                                        allow_historic=allow_historic)
    if record is not None and record_text is not None:
        from .output import write_atomic

        write_atomic(record, record_text, inputs=[file])
    return data


def check_documents(
    file: Path,
    *,
    fmt: str = "md",
    as_of: dt.date | None = None,
    rules_dir: Path | None = None,
    redact: bool = False,
    record: bool = False,
    memo_meta: dict[str, Any] | None = None,
    allow_historic: bool = False,
    memo_date: dt.date | None = None,
) -> tuple[str | bytes, str | None]:
    """The memo in ``fmt`` and (with ``record``) the decision record's text; nothing is written."""
    from .engagement_io import pre_check_engagement, vocabulary_checked
    from .historic_dates import check_as_of
    from .paths import rules_folder
    from .ruleset import load_ruleset

    bad_as_of = check_as_of(as_of, allow_historic)
    if bad_as_of:
        raise InputError(bad_as_of)
    # bad input fails fast, before the rules are loaded; the file is read and parsed once (the bytes hashed are the
    # bytes checked), as load_engagement does
    eng, lines, digest = pre_check_engagement(file, allow_historic=allow_historic)
    rules = load_ruleset(rules_dir)
    eng = vocabulary_checked(eng, lines, str(file), rules)
    checked = _checked(eng, digest, rules, str(file), as_of=as_of, memo_meta=memo_meta, redact=redact,
                       data_source=rules_folder(rules_dir).source)
    result, eng, ways = _prepared(checked, fmt)
    record_text = None
    if record:
        from .record import build_record, dumps

        record_text = dumps(build_record(file, eng, result, rules, as_of, redacted=redact))
    return _render(result, eng, rules, fmt, file, memo_date, ways), record_text


class Checked(FrozenRecord):
    """The outcome of one check: the result and the engagement as checked (after memo metadata, before redaction),
    the rule set and whether to redact, ready to render in any format (:func:`render_checked`)."""

    _fields = ("result", "eng", "rules", "file", "redact")
    result: Any
    eng: Any
    rules: Any
    file: str
    redact: bool

    def __init__(self, result: Any, eng: Any, rules: Any, file: str, redact: bool = False) -> None:
        setfield(self, "result", result)
        setfield(self, "eng", eng)
        setfield(self, "rules", rules)
        setfield(self, "file", file)
        setfield(self, "redact", redact)


def check_bytes(
    raw: bytes,
    file: str,
    rules: Any,
    *,
    as_of: dt.date | None = None,
    data_source: str | None = None,
    memo_meta: dict[str, Any] | None = None,
    allow_historic: bool = False,
    checker: Any = None,
) -> Checked:
    """``legalcheck check`` for an engagement received as bytes (a web request) against rules already loaded:
    the same checks, messages and result; ``file`` names the document (``.json`` at the end: read as JSON).
    ``checker`` (a kept :class:`legalcheck.engine.Checker` of ``rules``) remembers work for re-checks."""
    from .engagement_io import load_engagement_bytes
    from .historic_dates import check_as_of

    bad_as_of = check_as_of(as_of, allow_historic)
    if bad_as_of:
        raise InputError(bad_as_of)
    eng, digest = load_engagement_bytes(raw, file, rules, allow_historic=allow_historic)
    return _checked(eng, digest, rules, file, as_of=as_of, memo_meta=memo_meta, data_source=data_source,
                    checker=checker)


def render_checked(checked: Checked, fmt: str, memo_date: dt.date | None = None) -> str | bytes:
    """The memo (or JSON result) of a :class:`Checked`, byte for byte what ``legalcheck check --format fmt`` gives
    (the memo date, as there, defaults to today)."""
    result, eng, ways = _prepared(checked, fmt)
    return _render(result, eng, checked.rules, fmt, Path(checked.file), memo_date or dt.date.today(), ways)


def _checked(eng: Any, digest: str, rules: Any, file: str, *, as_of: dt.date | None, memo_meta: dict[str, Any] | None,
             data_source: str | None, redact: bool = False, checker: Any = None) -> Checked:
    from .engine import Checker

    if memo_meta and any(memo_meta.values()):
        from .models import runtime

        if isinstance(eng, runtime.RuntimeModel):
            MemoMeta = runtime.MemoMeta
        else:
            from .models.engagement import MemoMeta
        base = eng.memo.model_dump() if eng.memo else {}
        base.update({k: v for k, v in memo_meta.items() if v})
        eng = eng.model_copy(update={"memo": MemoMeta(**base)})
    checker = checker if checker is not None and checker.rules is rules else Checker(rules)
    result = checker.check(eng, as_of=as_of, input_sha256=digest)
    result.provenance.data_source = data_source
    return Checked(result, eng, rules, file, redact)


def _prepared(checked: Checked, fmt: str) -> tuple[Any, Any, Any]:
    """Result, engagement and ways forward as rendered: ways forward (memos only) are computed on the real
    engagement, because a redacted one would screen placeholders; redaction comes last."""
    result, eng, ways = checked.result, checked.eng, None
    if fmt != "json":
        from .ways_forward import ways_forward

        ways = ways_forward(result, eng, checked.rules)
    if checked.redact:
        from .redact import redact_all, redact_with_ways

        if ways is None:
            result, eng = redact_all(result, eng)
        else:
            result, eng, ways = redact_with_ways(result, eng, ways)
    return result, eng, ways


def _render(result: Any, eng: Any, rules: Any, fmt: str, file: Path, memo_date: dt.date | None,
            ways: Any = None) -> str | bytes:
    """The memo; the memo date (memo metadata) never reaches the JSON result."""
    if fmt == "json":  # (json.dumps(..., indent=2, ensure_ascii=False), byte for byte: see legalcheck.jsontext)
        from .jsontext import dumps

        return dumps(result.model_dump(mode="json"), indent=2) + "\n"
    if fmt in ("md", "html"):
        from .memo import render

        return render(result, eng, rules, fmt, memo_date=memo_date, ways=ways)
    if fmt == "docx":
        from .memo_docx import render_docx

        return render_docx(result, eng, rules, memo_date=memo_date, ways=ways)
    raise InputError.single(str(file), f"unknown format {fmt!r}")


def validate_paths(
    paths: list[Path], rules_dir: Path | None, strict: bool, fmt: str, allow_historic: bool = False
) -> tuple[bool, str]:
    """The body of ``legalcheck validate``: every problem with file:line, a summary, and whether it passed.

    Rule folders get the model checks, the JSON-Schema check of every data file (the schema editors use), the
    ``$schema`` reference check, cross-references, dates, temporal coverage and reviews. Single files are checked
    by kind: rule or list files against their model and schema, anything else as an engagement. Under ``strict``
    every warning counts as an error.
    """
    out = _ValidationRun(allow_historic)
    rule_dirs = [p for p in paths if p.is_dir()]
    for target in rule_dirs or ([rules_dir] if rules_dir else [None]):
        out.rule_dir(target)
    for f in (p for p in paths if not p.is_dir()):
        if not out.file(f, rules_dir):
            break
    return out.render(strict, fmt)


class _ValidationRun:
    """The problems and summary lines of one ``legalcheck validate`` run."""

    def __init__(self, allow_historic: bool = False) -> None:
        self.allow_historic = allow_historic
        self.problems: list[Problem] = []
        self.summary: list[str] = []
        self.unverified_by_jur: dict[str, list[str]] = {}
        self.rules: Any = None
        self.folders: list[Path | None] = []

    def rule_dir(self, target: Path | None) -> None:
        from .jsonschema_check import schema_problems
        from .ruleset import load_ruleset, resolve_rules_dir

        self.summary.append(_data_line(target))
        self.folders.append(target)
        jdir, ddir = resolve_rules_dir(target)
        data_files = sorted(jdir.rglob("*.yaml")) if jdir.is_dir() else []
        data_files += sorted(ddir.glob("*.yaml")) if ddir.is_dir() else []
        schema_probs = schema_problems(data_files, base=jdir.parent)
        try:
            self.rules = load_ruleset(target)
        except InputError as exc:
            self.problems.extend(exc.problems)
            # a file the models already reject need not be reported twice
            bad = {p.file for p in exc.problems if p.severity == "error"}
            self.problems.extend(p for p in schema_probs if p.file not in bad or p.severity != "error")
            return
        self.problems.extend(schema_probs)
        self.problems.extend(self.rules.warnings)
        for j in self.rules.ordered_jurisdictions():
            items = [*j.prohibitions, *j.exemptions]
            unverified = sorted(i.id for i in items if not i.verified)
            self.unverified_by_jur[j.meta.code] = unverified
            line = (
                f"{j.meta.code}: {len(j.prohibitions)} prohibitions, {len(j.exemptions)} exemptions, "
                f"{len(items) - len(unverified)} of {len(items)} verified, {len(unverified)} unverified"
            )
            self.summary.append(line + (": " + ", ".join(unverified) if unverified else ""))
        lists = self.rules.lists
        self.summary.append(f"designation lists: {len(lists)} ({sum(len(x.entries) for x in lists.values())} entries)")

    def file(self, f: Path, rules_dir: Path | None) -> bool:
        """Check one file; False when the rules it needs could not be loaded (stop)."""
        from .engagement_io import load_engagement
        from .jsonschema_check import schema_for
        from .ruleset import load_ruleset

        name = schema_for(f.resolve()) if f.suffix in {".yaml", ".yml"} else None
        if name is not None and name != "engagement.schema.json":
            probs = _validate_data_file(f, name)
            self.problems.extend(probs)
            if not any(p.severity == "error" for p in probs):
                self.summary.append(
                    f"{f}: valid ({name.removesuffix('.schema.json')} file; cross-references are "
                    "checked when its folder is validated)"
                )
            return True
        if self.rules is None:
            try:
                self.rules = load_ruleset(rules_dir)
            except InputError as exc:
                self.problems.extend(exc.problems)
                return False
        try:
            load_engagement(f, self.rules, allow_historic=self.allow_historic)
            self.summary.append(f"{f}: valid engagement")
        except InputError as exc:
            self.problems.extend(exc.problems)
        return True

    def render(self, strict: bool, fmt: str) -> tuple[bool, str]:
        problems = self.problems
        errors = [p for p in problems if p.severity == "error" or (strict and p.severity == "warning")]
        ok = not errors
        if fmt == "json":
            doc = {"ok": ok, "strict": strict, "problems": [p.__dict__ for p in problems],
                   "unverified": self.unverified_by_jur, "summary": self.summary,
                   "data_folders": [str(_folder(t)) for t in self.folders]}
            return ok, json.dumps(doc, indent=2, ensure_ascii=False)
        lines = [p.render() for p in problems] + self.summary
        warnings = [p for p in problems if p.severity == "warning"]
        notes = sum(1 for p in problems if p.severity == "note")
        if ok:
            lines.append("OK" + (f" ({len(warnings)} warning(s); --strict makes them errors)" if warnings else "")
                         + (f" ({notes} note(s))" if notes else ""))
        else:
            lines.append(
                f"FAILED: {len(errors)} error(s)"
                + (" (warnings count as errors under --strict)" if strict and warnings else "")
            )
        return ok, "\n".join(lines)


def _folder(target: Path | None) -> Path:
    from .paths import rules_folder

    return rules_folder(target).path


def _data_line(target: Path | None) -> str:
    """Which data folder is validated, and where imported lists are read from."""
    from .paths import imported_dir, rules_folder

    imported = imported_dir()
    n = len(list(imported.glob("*.json"))) if imported.is_dir() else 0
    return f"rule data: {rules_folder(target).describe()}; imported lists: {imported} ({n} file(s))"


def _validate_data_file(path: Path, schema_name: str) -> list[Problem]:
    """One rule, vocabulary or list file on its own: its model and its JSON Schema (no cross-references)."""
    from .jsonschema_check import schema_problems
    from .models.designations import DesignationList
    from .models.rules import RuleFile, Vocabulary
    from .ruleset import validate_model
    from .yamlio import load_document

    model = {
        "rule-file.schema.json": RuleFile,
        "vocabulary.schema.json": Vocabulary,
        "designation-list.schema.json": DesignationList,
    }[schema_name]
    try:
        data, lines = load_document(path)
    except InputError as exc:
        return exc.problems
    if not isinstance(data, dict):
        return [Problem(file=str(path), line=1, message="expected a mapping at the top level")]
    _, problems = validate_model(model, data, lines, str(path))  # type: ignore[type-var]
    if problems:
        return problems
    return schema_problems([path], base=None)
