"""Decision records: ``legalcheck check --record FILE`` and ``legalcheck verify-record FILE``.

A record holds everything needed to reproduce a memo's conclusions later and to see what changed since: the
input (path as given and SHA-256), the engagement as data, the ``--as-of`` override, the tool version, the
rule-data hash, the version of every designation list, and the full result with every finding. It is JSON, written
deterministically (same input, same bytes) and atomically.

The record always holds the full, unredacted engagement, even for a ``--redact`` memo (it must, to re-run the
check); keep it inside the legal team. The stored result is the one the memo shows (redacted when the memo is).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import InputError, Problem
from .models.engagement import Engagement
from .models.result import Result
from .ruleset import RuleSet

RECORD_FORMAT = 1
RECORD_KIND = "legalcheck-decision-record"
MAX_RECORD_BYTES = 200 * 1024 * 1024


def _is_redacted(eng: Engagement, original: Engagement) -> bool:
    from .redact import redact_engagement

    redacted, _, _, _ = redact_engagement(original)
    return eng.organisation.name != original.organisation.name and eng.organisation.name == redacted.organisation.name


def build_record(file: Path, eng: Engagement, result: Result, rules: RuleSet, as_of: dt.date | None,
                 *, redacted: bool | None = None) -> dict[str, Any]:
    from .engagement_io import load_engagement

    original, digest = load_engagement(file, rules, allow_historic=True)  # the caller already applied the date guard
    if result.provenance.input_sha256 not in (None, digest):  # read again for the record: it must be what was checked
        from .errors import InputError

        raise InputError.single(str(file), "the file changed while it was being checked: run the check again",
                                expected=f"SHA-256 {result.provenance.input_sha256}", found=f"SHA-256 {digest}")
    if redacted is None:
        redacted = _is_redacted(eng, original)
    # A redacted engagement carries placeholders; the record needs the real input to re-run the check (memo
    # metadata given on the command line is then not recorded: it never affects a conclusion).
    stored = original if redacted else eng
    return {
        "kind": RECORD_KIND,
        "record_format": RECORD_FORMAT,
        "tool_version": __version__,
        "input": {"path": str(file), "sha256": digest},
        "options": {"as_of": as_of.isoformat() if as_of else None, "redacted": bool(redacted)},
        "rules": {
            "sha256": rules.sha256,
            "lists": [{"id": lst.id, "title": lst.title, "as_of": lst.as_of.isoformat(), "entries": len(lst.entries)}
                      for lst in sorted(rules.lists.values(), key=lambda x: x.id)],
        },
        "engagement": stored.model_dump(mode="json", by_alias=True, exclude_none=True),
        "result": result.model_dump(mode="json"),
    }


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def write_record(path: Path, file: Path, eng: Engagement, result: Result, rules: RuleSet, as_of: dt.date | None,
                 *, redacted: bool | None = None) -> None:
    """Write the decision record for one check to ``path`` (atomically)."""
    from .output import write_atomic

    write_atomic(path, dumps(build_record(file, eng, result, rules, as_of, redacted=redacted)))


# --- verification ----------------------------------------------------------------------------------------------

@dataclass
class Difference:
    kind: str  # tool | rules | list | engagement | counterpart | finding | component | wording | renamed
    where: str
    recorded: Any = None
    now: Any = None
    note: str = ""

    def render(self) -> str:
        text = f"{self.kind}: {self.where}"
        if self.recorded is not None or self.now is not None:
            text += f": recorded {self.recorded!s}, now {self.now!s}"
        if self.note:
            text += f" ({self.note})"
        return text


@dataclass
class Verification:
    record: str
    differences: list[Difference] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.differences

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record, "identical": self.identical,
                "differences": [d.__dict__ for d in self.differences]}

    def render(self) -> str:
        if self.identical:
            return f"{self.record}: identical — the recorded conclusions reproduce with the current tool and rules"
        lines = [f"{self.record}: {len(self.differences)} difference(s)"]
        lines += [f"  - {d.render()}" for d in self.differences]
        return "\n".join(lines)


def load_record(path: Path) -> dict[str, Any]:
    from .yamlio import parse_json, read_text

    file = str(path)
    text = read_text(path, MAX_RECORD_BYTES)
    data = parse_json(text, file)
    if not isinstance(data, dict) or data.get("kind") != RECORD_KIND:
        raise InputError.single(file, "not a legalcheck decision record", field="kind", expected=repr(RECORD_KIND),
                                found=repr(data.get("kind") if isinstance(data, dict) else type(data).__name__))
    if data.get("record_format") != RECORD_FORMAT:
        raise InputError.single(file, "unsupported record format", field="record_format",
                                expected=str(RECORD_FORMAT), found=repr(data.get("record_format")))
    problems = []
    for key, kind in (("input", dict), ("options", dict), ("rules", dict), ("engagement", dict), ("result", dict),
                      ("tool_version", str)):
        if not isinstance(data.get(key), kind):
            problems.append(Problem(file=file, field=key, message="missing or wrong type", expected=kind.__name__,
                                    found=type(data.get(key)).__name__))
    problems = problems or _field_problems(file, data)
    if problems:
        raise InputError(problems)
    return data


def _field_problems(file: str, data: dict[str, Any]) -> list[Problem]:
    """The record's small fields, each of its expected type (a malformed record is bad input, exit 2)."""
    import re

    checks = (
        ("input.path", data["input"].get("path"), lambda v: isinstance(v, str) and 0 < len(v) < 4096, "a file path"),
        ("input.sha256", data["input"].get("sha256"),
         lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) is not None, "64 hex digits"),
        ("options.as_of", data["options"].get("as_of"),
         lambda v: v is None or (isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) is not None),
         "null or YYYY-MM-DD"),
        ("options.redacted", data["options"].get("redacted", False), lambda v: isinstance(v, bool), "true or false"),
        ("rules.sha256", data["rules"].get("sha256"), lambda v: isinstance(v, str), "a string"),
        ("rules.lists", data["rules"].get("lists", []), lambda v: isinstance(v, list), "a list"),
    )
    out = []
    for name, value, ok, expected in checks:
        if not ok(value):
            shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
            out.append(Problem(file=file, field=name, message="malformed record field", expected=expected,
                               found=shown))
    return out


def _input_differences(data: dict[str, Any], record: Path, rules: RuleSet, given: Path | None,
                       diffs: list[Difference]) -> Engagement | None:
    """Re-hash the engagement file the record names (or ``given``); return its engagement when it loads."""
    from .engagement_io import load_engagement

    recorded_path = str(data["input"]["path"])
    candidates = [given] if given is not None else [Path(recorded_path), record.parent / recorded_path]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        diffs.append(Difference("input", recorded_path, note="engagement file not found, so it cannot be re-hashed "
                                "(give --input FILE); re-ran from the engagement stored in the record"))
        return None
    try:
        eng, digest = load_engagement(found, rules)
    except InputError as exc:
        first = exc.problems[0].render()
        diffs.append(Difference("input", str(found), note=f"the engagement file no longer loads: {first}"))
        return None
    if digest != data["input"]["sha256"]:
        diffs.append(Difference("input", f"{found} SHA-256", data["input"]["sha256"], digest,
                                "the engagement file is not the one recorded; re-ran from the file"))
    stored = dict(data["engagement"])
    now = eng.model_dump(mode="json", by_alias=True, exclude_none=True)
    if {k: v for k, v in stored.items() if k != "memo"} != {k: v for k, v in now.items() if k != "memo"}:
        diffs.append(Difference("input", "engagement", note="the engagement stored in the record differs from the "
                                "file's; re-ran from the file"))
    if data["engagement"].get("memo") is not None:
        eng = eng.model_copy(update={"memo": Engagement.model_validate(data["engagement"]).memo})
    return eng


def verify(path: Path, rules: RuleSet, input_file: Path | None = None) -> Verification:
    """Re-hash the engagement file, re-run the check from it with the current tool and ``rules`` (from the
    engagement stored in the record when the file is gone, which is itself a difference); list every difference."""
    from pydantic import ValidationError

    from .engagement_io import vocabulary_problems
    from .engine import Checker
    from .yamlio import LineMap

    file = str(path)
    data = load_record(path)
    try:
        as_of_raw = data["options"].get("as_of")
        as_of = dt.date.fromisoformat(as_of_raw) if as_of_raw else None
        eng = Engagement.model_validate(data["engagement"])
        renames: list[Difference] = []
        recorded = Result.model_validate(_renamed(data["result"], rules.renamed(), renames))
    except ValidationError as exc:
        raise InputError([Problem(file=file, field=".".join(str(x) for x in e["loc"]), message=e["msg"])
                          for e in exc.errors()[:20]]) from None
    except (TypeError, ValueError) as exc:
        raise InputError.single(file, f"invalid option in record: {exc}", field="options.as_of") from None

    out = Verification(record=file)
    diffs = out.differences
    diffs += renames
    from_file = _input_differences(data, path, rules, input_file, diffs)
    if from_file is not None:
        eng = from_file
    if data["tool_version"] != __version__:
        diffs.append(Difference("tool", "legalcheck version", data["tool_version"], __version__))
    if data["rules"].get("sha256") != rules.sha256:
        diffs.append(Difference("rules", "rule data SHA-256", data["rules"].get("sha256"), rules.sha256,
                                "the encoded law or a designation list changed"))
    _compare_lists(data["rules"].get("lists") or [], rules, diffs)

    vocab = vocabulary_problems(eng, LineMap(file), file, rules)
    if vocab:
        for p in vocab:
            diffs.append(Difference("engagement", p.field or "engagement", note=f"{p.message} under the current rules"))
        return out

    now = Checker(rules).check(eng, as_of=as_of, input_sha256=recorded.provenance.input_sha256)
    if data["options"].get("redacted"):
        from .redact import redact_all

        now, _ = redact_all(now, eng)
    _compare_results(recorded, now, diffs)
    return out


def _renamed(result: Any, renamed: dict[str, str], diffs: list[Difference]) -> Any:
    """The recorded result with every former rule id (a rule's ``formerly:``) replaced by the rule's id today, so
    a record made before a rename is compared rule by rule; each rename found is listed as a difference."""
    import re

    text = json.dumps(result, ensure_ascii=False)
    for old, new in sorted(renamed.items()):
        pattern = re.compile(r"(?<![\w.-])" + re.escape(old) + r"(?![\w-]|\.\w)")
        if pattern.search(text):
            text = pattern.sub(new, text)
            diffs.append(Difference("renamed", f"rule {old}", old, new,
                                    "the rule id changed (see the rule's 'formerly:'); compared under the new id"))
    return json.loads(text)


def _compare_lists(recorded: list[dict[str, Any]], rules: RuleSet, diffs: list[Difference]) -> None:
    before = {x.get("id"): x for x in recorded if isinstance(x, dict)}
    after = {lst.id: {"as_of": lst.as_of.isoformat(), "entries": len(lst.entries)} for lst in rules.lists.values()}
    for lid in sorted(set(before) | set(after), key=str):
        b, a = before.get(lid), after.get(lid)
        if b is None:
            diffs.append(Difference("list", str(lid), note="list added since the record"))
        elif a is None:
            diffs.append(Difference("list", str(lid), note="list removed since the record"))
        else:
            for key in ("as_of", "entries"):
                if b.get(key) != a[key]:
                    diffs.append(Difference("list", f"{lid} {key}", b.get(key), a[key]))


def _compare_results(rec: Result, now: Result, diffs: list[Difference]) -> None:
    if rec.as_of != now.as_of:
        diffs.append(Difference("engagement", "date assessed", rec.as_of, now.as_of))
    rc = {c.id: c for c in rec.counterparts}
    nc = {c.id: c for c in now.counterparts}
    for cid in sorted(set(rc) | set(nc)):
        a, b = rc.get(cid), nc.get(cid)
        if a is None or b is None:
            diffs.append(Difference("counterpart", cid, a and a.status, b and b.status))
        elif a.status != b.status or a.entities != b.entities:
            diffs.append(Difference("counterpart", cid, f"{a.status} {a.entities}", f"{b.status} {b.entities}"))
        elif a.model_dump() != b.model_dump():
            diffs.append(Difference("wording", f"counterpart {cid} screening", note="matches or explanations changed"))

    rf = {(f.activity, f.jurisdiction): f for f in rec.findings}
    nf = {(f.activity, f.jurisdiction): f for f in now.findings}
    for key in sorted(set(rf) | set(nf)):
        where = f"{key[0]} / {key[1]}"
        a, b = rf.get(key), nf.get(key)
        if a is None or b is None:
            diffs.append(Difference("finding", where, a and a.outcome.value, b and b.outcome.value,
                                    "finding missing" if b is None else "new finding"))
            continue
        if a.outcome != b.outcome:
            diffs.append(Difference("finding", where, a.outcome.value, b.outcome.value, "outcome changed"))
        ac = {c.rule: c for c in a.components}
        bc = {c.rule: c for c in b.components}
        for rule in sorted(set(ac) | set(bc)):
            x, y = ac.get(rule), bc.get(rule)
            if x is None or y is None:
                diffs.append(Difference("component", f"{where} rule {rule}", x and x.outcome.value,
                                        y and y.outcome.value, "rule no longer applies" if y is None else "new rule"))
            elif x.outcome != y.outcome:
                diffs.append(Difference("component", f"{where} rule {rule}", x.outcome.value, y.outcome.value))
            else:
                ex = {e.id: e.result for e in x.exemptions_considered}
                ey = {e.id: e.result for e in y.exemptions_considered}
                for eid in sorted(set(ex) | set(ey)):
                    if ex.get(eid) != ey.get(eid):
                        diffs.append(Difference("component", f"{where} rule {rule} exemption {eid}", ex.get(eid),
                                                ey.get(eid)))
                if x.model_dump() != y.model_dump() and ex == ey:
                    changed = sorted(k for k, v in x.model_dump().items() if y.model_dump().get(k) != v)
                    diffs.append(Difference("wording", f"{where} rule {rule}", note="changed: " + ", ".join(changed)))
        if a.model_dump(exclude={"components"}) != b.model_dump(exclude={"components"}) and a.outcome == b.outcome:
            changed = sorted(k for k, v in a.model_dump(exclude={"components"}).items()
                             if b.model_dump(exclude={"components"}).get(k) != v)
            diffs.append(Difference("wording", where, note="changed: " + ", ".join(changed)))

    rest_a = rec.model_dump(exclude={"findings", "counterparts", "provenance"})
    rest_b = now.model_dump(exclude={"findings", "counterparts", "provenance"})
    for k in sorted(set(rest_a) | set(rest_b)):
        if rest_a.get(k) != rest_b.get(k):
            diffs.append(Difference("wording" if k in ("assumptions", "warnings", "notice") else "engagement", k,
                                    note="changed"))
    pa, pb = rec.provenance, now.provenance
    for k in ("screening_threshold", "screening_review_threshold", "as_of", "as_of_overridden"):
        if getattr(pa, k) != getattr(pb, k):
            diffs.append(Difference("rules", f"provenance {k}", getattr(pa, k), getattr(pb, k)))
