"""Scenario tests as data: an engagement plus the outcomes the law gives, with sources.

The same files are collected by pytest (``tests/conftest.py``) and run by ``legalcheck test``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field

from .errors import InputError, Problem
from .models.common import Outcome, ShortText, Source, StrictModel, Text
from .models.result import Finding
from .ruleset import RuleSet, validate_model
from .yamlio import load_document


class Expectation(StrictModel):
    activity: str
    jurisdiction: str
    outcome: Outcome
    layers: dict[str, Outcome] = {}
    rules: dict[str, Outcome] = {}
    reason: ShortText | None = Field(
        default=None, description="Text the finding's summary or a component's reasons must contain (case-insensitive)"
    )
    asks: list[str] = Field(default=[], description="Fact keys the finding must ask for (its open_questions)")
    why: Text | None = None


class Scenario(StrictModel):
    schema_: str | None = Field(default=None, alias="$schema")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-_.]*$")
    title: ShortText
    sources: list[Source] = Field(min_length=1)
    as_of: dt.date | None = None
    engagement: dict[str, Any]
    expect: list[Expectation] = Field(min_length=1)
    notes: Text | None = None


@dataclass
class ScenarioResult:
    scenario: Scenario
    file: str
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def load_scenario(path: Path) -> Scenario:
    data, lines = load_document(path)
    if not isinstance(data, dict):
        raise InputError.single(str(path), "a scenario file must be a mapping")
    sc, problems = validate_model(Scenario, data, lines, str(path))
    if sc is None:
        raise InputError(problems)
    return sc


def run_scenario(path: Path, rules: RuleSet) -> ScenarioResult:
    from .engagement_io import engagement_from_data
    from .engine import Checker
    from .yamlio import LineMap

    sc = load_scenario(path)
    res = ScenarioResult(sc, str(path))
    eng = engagement_from_data(sc.engagement, LineMap(str(path)), f"{path} (engagement)", rules)
    result = Checker(rules).check(eng, as_of=sc.as_of)
    index = {(f.activity, f.jurisdiction): f for f in result.findings}
    for i, exp in enumerate(sc.expect):
        where = f"expect[{i}] {exp.activity}/{exp.jurisdiction}"
        f = index.get((exp.activity, exp.jurisdiction))
        if f is None:
            res.failures.append(f"{where}: no such finding (unknown activity or jurisdiction)")
            continue
        if f.outcome != exp.outcome:
            detail = "; ".join(f"{c.rule}={c.outcome.value}" for c in f.components) or f.summary
            res.failures.append(f"{where}: expected {exp.outcome.value}, got {f.outcome.value} ({detail})")
        for layer, want in exp.layers.items():
            got = f.layers.get(layer)
            if got != want:
                res.failures.append(
                    f"{where}: layer {layer}: expected {want.value}, got {got.value if got else 'no component'}"
                )
        asked = {q.key for q in f.open_questions}
        res.failures += [f"{where}: expected a question keyed {k!r}; asked: {sorted(asked) or 'none'}"
                         for k in exp.asks if k not in asked]
        comps = {c.rule: c for c in f.components}
        for rule, want in exp.rules.items():
            c = comps.get(rule)
            if c is None:
                res.failures.append(f"{where}: rule {rule}: expected {want.value}, but it was not considered")
            elif c.outcome != want:
                res.failures.append(
                    f"{where}: rule {rule}: expected {want.value}, got {c.outcome.value} — {c.explanation[:300]}"
                )
        if exp.reason and not _says(f, exp.reason):
            res.failures.append(f"{where}: expected the reason to mention {exp.reason!r}: {f.summary[:300]}")
    return res


def _says(finding: Finding, text: str) -> bool:
    """Whether the finding's summary or one of its components' reasons contains ``text``."""
    texts = [finding.summary, *(r for c in finding.components for r in [*c.reasons, c.explanation])]
    return any(text.lower() in t.lower() for t in texts)


def find_scenarios(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*.yaml") if x.is_file()))
        elif p.is_file():
            out.append(p)
        else:
            raise InputError([Problem(file=str(p), message="no such file or folder")])
    return out
