"""Maintainers' commands: ``legalcheck test`` (scenario files) and ``legalcheck diff`` (impact of a data change).

``test`` runs the YAML scenario files that pytest also collects, so a maintainer can check a data change without
knowing pytest. ``diff OLD NEW`` compares two copies of the rule data (two folders, or two git revisions of the
checkout) and reports which rules, exemptions, instruments, vocabulary and designation entries changed, and which
scenario outcomes change as a result: the impact report a reviewer reads. Neither command writes anywhere except
a temporary folder it removes (``diff`` of git revisions), and neither touches the network.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..cli import EXIT_BAD_INPUT, guarded, rules_option
from ..errors import InputError, Problem

if TYPE_CHECKING:
    from ..models.result import Result
    from ..ruleset import RuleSet

DATA_PARTS = ("jurisdictions", "designations")


def default_scenarios() -> Path:
    """``tests/scenarios`` of the current folder if there is one, else of the checkout legalcheck runs from."""
    from ..paths import data_root

    here = Path("tests") / "scenarios"
    return here if here.is_dir() else data_root() / "tests" / "scenarios"


# --------------------------------------------------------------------------- legalcheck test
@click.command("test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@rules_option
@click.option("-k", "keyword", help="Only scenarios whose id or file name contains this text.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="Print only failures and the total.")
@guarded
def test_cmd(paths: tuple[Path, ...], rules_dir: Path | None, keyword: str | None, fmt: str, quiet: bool) -> None:
    """Run the scenario files in PATH (default tests/scenarios) against the rule data.

    Each scenario is an engagement plus the outcomes the law gives, with sources. Exit code 0 when every
    scenario passes, 1 when one fails, 2 when a scenario file or the rule data is invalid.

    \b
    Examples:
      legalcheck test
      legalcheck test tests/scenarios/uk
      legalcheck test --rules /path/to/changed/copy -k gaza
    """
    from ..ruleset import load_ruleset
    from ..scenarios import find_scenarios, run_scenario

    rules = load_ruleset(rules_dir)
    files = find_scenarios(list(paths) or [default_scenarios()])
    if keyword:
        files = [f for f in files if keyword.casefold() in f.name.casefold()
                 or keyword.casefold() in _scenario_id(f).casefold()]
    if not files:
        raise InputError.single(", ".join(map(str, paths)) or str(default_scenarios()), "no scenario files found",
                                expected="*.yaml scenario files")
    rows: list[dict[str, Any]] = []
    for f in files:
        try:
            res = run_scenario(f, rules)
        except InputError as exc:
            rows.append({"file": str(f), "id": _scenario_id(f), "status": "invalid",
                         "problems": [p.render() for p in exc.problems]})
            continue
        rows.append({"file": str(f), "id": res.scenario.id, "title": res.scenario.title,
                     "status": "pass" if res.ok else "fail", "failures": res.failures})
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("pass", "fail", "invalid")}
    if fmt == "json":
        click.echo(json.dumps({"rules_sha256": rules.sha256, "counts": counts, "scenarios": rows}, indent=2,
                              ensure_ascii=False))
    else:
        for r in rows:
            if r["status"] == "pass":
                if not quiet:
                    click.echo(f"PASS    {r['id']}  ({r['file']})")
            elif r["status"] == "fail":
                click.echo(f"FAIL    {r['id']}  ({r['file']})\n        {r['title']}")
                for why in r["failures"]:
                    click.echo(f"        - {why}")
            else:
                click.echo(f"INVALID {r['id']}  ({r['file']})")
                for why in r["problems"]:
                    click.echo(f"        - {why}")
        click.echo(f"scenarios: {counts['pass']} passed, {counts['fail']} failed, {counts['invalid']} invalid "
                   f"(rules {rules.sha256[:12]})")
    if counts["invalid"]:
        sys.exit(EXIT_BAD_INPUT)
    if counts["fail"]:
        sys.exit(1)


def _scenario_id(path: Path) -> str:
    """The scenario's id without validating the file (for reports about invalid files)."""
    try:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[:20]:
            if line.startswith("id:"):
                return line[3:].strip().strip("'\"") or path.stem
    except OSError:
        pass
    return path.stem


# --------------------------------------------------------------------------- legalcheck diff: inputs
@contextmanager
def rule_tree(spec: str, repo: Path | None) -> Iterator[tuple[Path, str]]:
    """Yield (folder holding jurisdictions/ [and designations/], label) for a folder or a git revision.

    A git revision is exported with ``git archive`` into a temporary folder that is removed afterwards; the
    repository itself is only read.
    """
    path = Path(spec)
    if path.is_dir():
        if not (path / "jurisdictions").is_dir():
            raise InputError.single(spec, "not a rule folder", expected="a folder holding jurisdictions/ "
                                    "(and optionally designations/), or a git revision")
        yield path, spec
        return
    if spec.startswith("-") or not spec.strip() or any(c in spec for c in "\0\n"):
        raise InputError.single(spec, "not a folder and not a git revision name")
    top = _git_toplevel(repo or Path.cwd(), spec)
    commit = _git(top, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}", what=spec).strip()
    names = set(_git(top, "ls-tree", "--name-only", commit, what=spec).split())
    wanted = [p for p in DATA_PARTS if p in names]
    if "jurisdictions" not in wanted:
        raise InputError.single(spec, f"revision {commit[:12]} has no jurisdictions/ folder")
    tmp = Path(tempfile.mkdtemp(prefix="legalcheck-diff-"))
    try:
        raw = subprocess.run(["git", "-C", str(top), "archive", "--format=tar", commit, "--", *wanted],
                             capture_output=True, check=False, timeout=120)
        if raw.returncode != 0:
            raise InputError.single(spec, "git archive failed", found=raw.stderr.decode(errors="replace")[-300:])
        with tarfile.open(fileobj=io.BytesIO(raw.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        yield tmp, f"{spec} ({commit[:12]})"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _git_toplevel(where: Path, spec: str) -> Path:
    if shutil.which("git") is None:
        raise InputError.single(spec, "not a folder, and git is not installed to read it as a revision")
    return Path(_git(where, "rev-parse", "--show-toplevel", what=spec).strip())


def _git(where: Path, *args: str, what: str) -> str:
    try:
        r = subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError.single(what, f"git failed: {exc}") from None
    if r.returncode != 0:
        raise InputError.single(what, "not a folder and not a git revision of this repository",
                                found=(r.stderr.strip() or f"git {args[0]} exit code {r.returncode}")[-300:])
    return r.stdout


# --------------------------------------------------------------------------- legalcheck diff: comparison
@dataclass
class Change:
    kind: str  # a KIND_ORDER entry: jurisdiction, vocabulary:<section>, prohibition, exemption, designation...
    id: str
    change: str  # added | removed | changed | renamed (fields["id"]: old and new id)
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "change": self.change,
                "fields": {k: {"old": o, "new": n} for k, (o, n) in self.fields.items()}}


@dataclass
class OutcomeChange:
    scenario: str
    file: str
    activity: str
    jurisdiction: str
    old: str
    new: str
    rules: dict[str, tuple[str, str]] = field(default_factory=dict)
    expected: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "file": self.file, "activity": self.activity,
                "jurisdiction": self.jurisdiction, "old": self.old, "new": self.new, "expected": self.expected,
                "rules": {k: {"old": o, "new": n} for k, (o, n) in self.rules.items()}}


def _items(rs: RuleSet) -> dict[tuple[str, str], dict[str, Any]]:
    out: dict[tuple[str, str], dict[str, Any]] = {}

    def dump(obj: Any) -> dict[str, Any]:
        return obj.model_dump(mode="json", by_alias=True, exclude_none=True)  # type: ignore[no-any-return]

    for j in rs.jurisdictions.values():
        out[("jurisdiction", j.meta.code)] = dump(j.meta)
        for inst in j.instruments.values():
            out[("instrument", inst.id)] = dump(inst)
        for p in j.prohibitions:
            out[("prohibition", p.id)] = dump(p)
        for e in j.exemptions:
            out[("exemption", e.id)] = dump(e)
    for k in rs.activity_kinds.values():
        out[("activity_kind", k.id)] = dump(k)
    for f in rs.facts.values():
        out[("fact", f.id)] = dump(f)
    for g in rs.groups.values():
        out[("country_group", g.id)] = dump(g)
    for code, j in rs.jurisdictions.items():
        for c in j.coverage:
            out[("coverage_decision", f"{code}/{','.join(c.activity_kinds)}")] = dump(c)
    out.update(vocabulary_items(rs.root))
    for lst in rs.lists.values():
        meta = dump(lst)
        meta.pop("entries", None)
        meta.pop("$schema", None)
        out[("list", lst.id)] = meta
        for d in lst.entries:
            out[("designation", f"{lst.id}/{d.id}")] = dump(d)
    return out


VOCABULARY_SECTIONS = ("jurisdictions", "outcomes", "organisation_types", "layers", "organisation_flags")
"""The vocabulary's sections the code reads (not in a rule set): jurisdictions (and their evaluation order), outcome
labels (and the severity order), organisation types, layers and flags (questions, labels, ways forward)."""


def _effective_vocabulary(root: Path) -> dict[str, Any]:
    """The vocabulary the code would read for the rules in ``root``: its own file, with each core section it leaves
    out taken from the installed one (as ``--rules`` does, :func:`legalcheck.vocabulary.load_vocabulary`)."""
    from ..paths import data_root
    from ..vocabulary import VOCABULARY_FILE, _read

    path = root / VOCABULARY_FILE
    data = _read(path) if path.is_file() else {}
    data = data if isinstance(data, dict) else {}
    default = data_root() / VOCABULARY_FILE
    if path != default and default.is_file() and not all(data.get(k) for k in (*VOCABULARY_SECTIONS,
                                                                              "activity_kinds")):
        data = {**_read(default), **{k: v for k, v in data.items() if v}}
    return data


def vocabulary_items(root: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """Every entry of the vocabulary's core sections (``vocabulary:<section>``, by id), each section's order (id
    ``(order)``) and the memo's ``out_of_scope`` list: a change to any of them can change an outcome or a memo."""
    data = _effective_vocabulary(root)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for section in VOCABULARY_SECTIONS:
        entries = [e for e in data.get(section) or [] if isinstance(e, dict)]
        ids = [str(e.get("code", e.get("id"))) for e in entries]
        for ident, entry in zip(ids, entries, strict=True):
            out[(f"vocabulary:{section}", ident)] = json.loads(json.dumps(entry, default=str))
        if entries:
            out[(f"vocabulary:{section}", "(order)")] = {"order": ids}
    if data.get("out_of_scope"):
        out[("vocabulary:out_of_scope", "(list)")] = {"items": [" ".join(str(x).split()) for x in
                                                                data["out_of_scope"]]}
    return out


KIND_ORDER = ["jurisdiction", *(f"vocabulary:{s}" for s in VOCABULARY_SECTIONS), "vocabulary:out_of_scope",
              "instrument", "prohibition", "exemption", "coverage_decision", "activity_kind", "fact",
              "country_group", "list", "designation"]


def _follow_renames(a: dict[tuple[str, str], dict[str, Any]], b: dict[tuple[str, str], dict[str, Any]],
                    renamed: dict[str, str]) -> dict[tuple[str, str], str]:
    """Rules of the old rule set that the new one lists under another id (its ``formerly:``): re-keyed in ``a``
    under the new id; returns {(kind, new id): old id}."""
    moved: dict[tuple[str, str], str] = {}
    for kind, ident in list(a):
        new_key = (kind, renamed.get(ident, ""))
        if kind in ("prohibition", "exemption") and (kind, ident) not in b and new_key in b and new_key not in a:
            a[new_key] = {**a.pop((kind, ident)), "id": ident}
            moved[new_key] = ident
    return moved


def rule_changes(old: RuleSet, new: RuleSet) -> list[Change]:
    a, b = _items(old), _items(new)
    moved = _follow_renames(a, b, new.renamed())
    out: list[Change] = []
    for key in sorted(set(a) | set(b), key=lambda k: (KIND_ORDER.index(k[0]), k[1])):
        kind, ident = key
        if key in moved:
            keys = sorted(k for k in set(a[key]) | set(b[key]) if k != "formerly")
            out.append(Change(kind, ident, "renamed",
                              {k: (a[key].get(k), b[key].get(k)) for k in keys if a[key].get(k) != b[key].get(k)}))
        elif key not in a:
            out.append(Change(kind, ident, "added"))
        elif key not in b:
            out.append(Change(kind, ident, "removed"))
        elif ident == "(order)":  # only a reordering of the entries both have (an added one is reported as added)
            if _common_order(a[key]["order"], b[key]["order"]):
                out.append(Change(kind, ident, "changed", {"order": (a[key]["order"], b[key]["order"])}))
        elif a[key] != b[key]:
            keys = sorted(set(a[key]) | set(b[key]))
            out.append(Change(kind, ident, "changed",
                              {k: (a[key].get(k), b[key].get(k)) for k in keys if a[key].get(k) != b[key].get(k)}))
    return out


def _vocabulary_note(changes: list[Change]) -> list[str]:
    """A note when the vocabulary's core sections differ: the scenarios ran with one vocabulary, the one in use."""
    from ..paths import vocabulary_root

    sections = sorted({c.kind.partition(":")[2] for c in changes
                       if c.kind.startswith("vocabulary:") and c.kind != "vocabulary:out_of_scope"})
    if not sections:
        return []
    return [f"the vocabulary's {', '.join(sections)} differ: both rule sets' scenarios ran with the vocabulary "
            f"legalcheck runs with ({vocabulary_root()}); run `legalcheck test --rules NEW` for NEW's own"]


def _common_order(old: list[str], new: list[str]) -> bool:
    """Whether the entries both lists hold come in another order."""
    return [x for x in old if x in new] != [x for x in new if x in old]


def _findings(result: Result) -> dict[tuple[str, str], tuple[str, dict[str, str]]]:
    return {(f.activity, f.jurisdiction): (f.outcome.value, {c.rule: c.outcome.value for c in f.components})
            for f in result.findings}


Outcomes = dict[tuple[str, str], tuple[str, dict[str, str]]]


def _run(path: Path, rules: RuleSet, checker: Any) -> tuple[str, Outcomes, dict[tuple[str, str], str]]:
    from ..engagement_io import engagement_from_data
    from ..scenarios import load_scenario
    from ..yamlio import LineMap

    sc = load_scenario(path)
    eng = engagement_from_data(sc.engagement, LineMap(str(path)), f"{path} (engagement)", rules)
    expected = {(e.activity, e.jurisdiction): e.outcome.value for e in sc.expect}
    return sc.id, _findings(checker.check(eng, as_of=sc.as_of)), expected


def outcome_changes(old: RuleSet, new: RuleSet, scenarios: list[Path]) -> tuple[list[OutcomeChange], list[str], int]:
    """Run every scenario under both rule sets; (changes, notes about scenarios valid under only one, count run)."""
    from ..engine import Checker

    co, cn = Checker(old), Checker(new)
    changes: list[OutcomeChange] = []
    notes: list[str] = []
    for path in scenarios:
        runs: list[tuple[str, Outcomes, dict[tuple[str, str], str]] | str] = []
        for rules, checker in ((old, co), (new, cn)):
            try:
                runs.append(_run(path, rules, checker))
            except InputError as exc:
                runs.append("; ".join(p.render() for p in exc.problems)[:500])
        r_old, r_new = runs
        if isinstance(r_old, str) or isinstance(r_new, str):
            if isinstance(r_old, str) and isinstance(r_new, str):
                notes.append(f"{path}: invalid under both rule sets: {r_new}")
            else:
                side = "OLD" if isinstance(r_old, str) else "NEW"
                notes.append(f"{path}: invalid under {side} only: {r_old if side == 'OLD' else r_new}")
            continue
        sid, fo, _ = r_old
        _, fn, expected = r_new
        renamed = new.renamed()
        fo = {k: (o, {renamed.get(r, r): v for r, v in comps.items()}) for k, (o, comps) in fo.items()}
        for key in sorted(set(fo) | set(fn)):
            o = fo.get(key, ("(no finding)", {}))
            n = fn.get(key, ("(no finding)", {}))
            if o == n:
                continue
            rules = {r: (o[1].get(r, "(not considered)"), n[1].get(r, "(not considered)"))
                     for r in sorted(set(o[1]) | set(n[1])) if o[1].get(r) != n[1].get(r)}
            changes.append(OutcomeChange(sid, str(path), key[0], key[1], o[0], n[0], rules, expected.get(key)))
    return changes, notes, len(scenarios)


# --------------------------------------------------------------------------- legalcheck diff: rendering
def _short(value: Any, limit: int = 100) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def render_text(report: dict[str, Any], changes: list[Change], outcomes: list[OutcomeChange]) -> str:
    lines = [f"OLD: {report['old']['label']}  (rules {report['old']['sha256'][:12]})",
             f"NEW: {report['new']['label']}  (rules {report['new']['sha256'][:12]})", ""]
    lines.append(f"Data changes: {len(changes)}")
    for c in changes:
        lines.append(f"  {c.change:8} {c.kind} {c.id}")
        for k, (o, n) in c.fields.items():
            lines.append(f"           {k}: {_short(o)} -> {_short(n)}")
    lines.append("")
    lines.append(f"Scenario outcome changes: {len(outcomes)} (in {report['scenarios_run']} scenarios)")
    for oc in outcomes:
        exp = "" if oc.expected is None else (f"  [scenario expects {oc.expected}: "
                                              f"{'still met' if oc.expected == oc.new else 'NOW FAILS'}]")
        lines.append(f"  {oc.scenario}  activity {oc.activity} / {oc.jurisdiction}: {oc.old} -> {oc.new}{exp}")
        for r, (o, n) in oc.rules.items():
            lines.append(f"           {r}: {o} -> {n}")
    for note in report["notes"]:
        lines.append(f"  note: {note}")
    return "\n".join(lines) + "\n"


def _md(text: Any) -> str:
    return _short(text).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render_md(report: dict[str, Any], changes: list[Change], outcomes: list[OutcomeChange]) -> str:
    out = ["# Rule data impact report", "",
           f"- **OLD**: `{report['old']['label']}` (rules `{report['old']['sha256'][:12]}`)",
           f"- **NEW**: `{report['new']['label']}` (rules `{report['new']['sha256'][:12]}`)",
           f"- Scenarios run under both: {report['scenarios_run']}", "",
           f"## Data changes ({len(changes)})", ""]
    if changes:
        out += ["| Change | Kind | Id | Fields (old → new) |", "|---|---|---|---|"]
        for c in changes:
            fields = "<br>".join(f"`{k}`: {_md(o)} → {_md(n)}" for k, (o, n) in c.fields.items())
            out.append(f"| {c.change} | {c.kind} | `{c.id}` | {fields} |")
    else:
        out.append("None.")
    out += ["", f"## Scenario outcome changes ({len(outcomes)})", ""]
    if outcomes:
        out += ["| Scenario | Activity | Jurisdiction | Old | New | Scenario expects | Rules |",
                "|---|---|---|---|---|---|---|"]
        for oc in outcomes:
            rules = "<br>".join(f"`{r}`: {o} → {n}" for r, (o, n) in oc.rules.items())
            exp = "—" if oc.expected is None else oc.expected + ("" if oc.expected == oc.new else " (**fails**)")
            out.append(f"| `{oc.scenario}` | {oc.activity} | {oc.jurisdiction} | {oc.old} | **{oc.new}** | {exp} "
                       f"| {rules} |")
    else:
        out.append("No scenario outcome changes.")
    if report["notes"]:
        out += ["", "## Notes", ""] + [f"- {_md(n)}" for n in report["notes"]]
    return "\n".join(out) + "\n"


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--scenarios", "scenario_paths", multiple=True, type=click.Path(path_type=Path),
              help="Scenario files or folders to run under both rule sets (default tests/scenarios).")
@click.option("--repo", type=click.Path(path_type=Path, file_okay=False),
              help="Git repository for revision names (default: the current folder's).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to this file (atomically) instead of standard output.")
@click.option("--fail-on-change", is_flag=True, help="Exit with code 1 when any scenario outcome changes.")
@guarded
def diff_cmd(old: str, new: str, scenario_paths: tuple[Path, ...], repo: Path | None, fmt: str,
             output: Path | None, fail_on_change: bool) -> None:
    """Impact report: what changed between two copies of the rule data, and which outcomes change.

    OLD and NEW are each a folder holding jurisdictions/ (and designations/), or a git revision of the
    repository (HEAD, main, a tag, a commit). Revisions are exported to a temporary folder that is removed
    afterwards; the repository is not modified.

    \b
    Examples:
      legalcheck diff HEAD~1 HEAD
      legalcheck diff main . --format md -o impact.md
      legalcheck diff /tmp/rules-before /tmp/rules-after --scenarios tests/scenarios/uk
    """
    from ..ruleset import load_ruleset
    from ..scenarios import find_scenarios

    scenarios = find_scenarios(list(scenario_paths) or [default_scenarios()])
    with rule_tree(old, repo) as (old_dir, old_label), rule_tree(new, repo) as (new_dir, new_label):
        problems: list[Problem] = []
        sets = []
        for label, d in ((old_label, old_dir), (new_label, new_dir)):
            try:
                sets.append(load_ruleset(d, strict_refs=False))
            except InputError as exc:
                problems.append(Problem(file=label, message="rule data does not load; run `legalcheck validate` "
                                        "on it"))
                problems.extend(exc.problems[:20])
        if problems:
            raise InputError(problems)
        rs_old, rs_new = sets
        changes = rule_changes(rs_old, rs_new)
        outcomes, notes, n_run = outcome_changes(rs_old, rs_new, scenarios)
        notes += _vocabulary_note(changes)
    report = {"old": {"label": old_label, "sha256": rs_old.sha256},
              "new": {"label": new_label, "sha256": rs_new.sha256}, "scenarios_run": n_run, "notes": notes}
    if fmt == "json":
        text = json.dumps({**report, "changes": [c.as_json() for c in changes],
                           "outcome_changes": [o.as_json() for o in outcomes]}, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "md":
        text = render_md(report, changes, outcomes)
    else:
        text = render_text(report, changes, outcomes)
    if output is not None:
        from ..output import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    if fail_on_change and outcomes:
        sys.exit(1)
