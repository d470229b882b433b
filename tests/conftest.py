"""pytest plugin: collect YAML scenario files under tests/scenarios/ as test items."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from legalcheck.ruleset import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

_RULES: RuleSet | None = None


def rules() -> RuleSet:
    global _RULES
    if _RULES is None:
        _RULES = load_ruleset()
    return _RULES


def shared_path(*parts: str) -> Path:
    """Path inside ../shared; skips the test when absent unless LEGALCHECK_REQUIRE_SHARED=1."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        if os.environ.get("LEGALCHECK_REQUIRE_SHARED") == "1":
            pytest.fail(f"required shared file missing: {p}")
        pytest.skip(f"shared file not available: {p}")
    return p


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and (ROOT / "tests" / "scenarios") in file_path.parents:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self):  # type: ignore[no-untyped-def]
        yield ScenarioItem.from_parent(self, name=self.path.stem)


class ScenarioItem(pytest.Item):
    def runtest(self) -> None:
        from legalcheck.errors import InputError
        from legalcheck.scenarios import run_scenario

        try:
            res = run_scenario(self.path, rules())
        except InputError as exc:
            raise ScenarioFailure("invalid rule data or scenario", [str(exc)]) from None
        if res.failures:
            raise ScenarioFailure(res.scenario.title, res.failures)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style=None) -> str:  # type: ignore[no-untyped-def]
        if isinstance(excinfo.value, ScenarioFailure):
            return f"{excinfo.value.title}\n  " + "\n  ".join(excinfo.value.failures)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"


class ScenarioFailure(Exception):
    def __init__(self, title: str, failures: list[str]) -> None:
        super().__init__(title)
        self.title = title
        self.failures = failures
