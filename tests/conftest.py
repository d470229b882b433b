"""pytest plugin: collect YAML scenario files under tests/scenarios/ as test items; share loaded rule sets.

Loading and validating the rule data costs about half a second of CPU. The suite loads each distinct rule set once
per run: :func:`pytest_configure` wraps ``legalcheck.ruleset.load_ruleset`` with a memo keyed by the resolved data
folders, ``strict_refs`` and the SHA-256 of every rule file (so an edited or copied rule folder is loaded afresh and
a bad one still raises). In-process CLI calls (click's CliRunner) therefore reuse the same validated rule set.
Set ``LEGALCHECK_TEST_NO_RULES_MEMO=1`` to turn the memo off.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import legalcheck.ruleset as ruleset_module
from legalcheck.ruleset import RuleSet

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SLOW_TESTS = os.environ.get("LEGALCHECK_SLOW_TESTS") == "1"

_UNMEMOISED = ruleset_module.load_ruleset
_MEMO: dict[tuple[Any, ...], RuleSet] = {}


def _memoised_load_ruleset(rules: Path | None = None, *, strict_refs: bool = True) -> RuleSet:
    jdir, ddir = ruleset_module.resolve_rules_dir(rules)
    key = (str(jdir.resolve()), str(ddir.resolve()), strict_refs, ruleset_module.rules_digest(jdir, ddir))
    if key not in _MEMO:
        _MEMO[key] = _UNMEMOISED(rules, strict_refs=strict_refs)
    return _MEMO[key]


def pytest_configure(config: pytest.Config) -> None:
    # the compiled rule snapshots of this run go to a private temporary folder, never the user's cache
    if not os.environ.get("LEGALCHECK_CACHE_DIR"):
        import tempfile

        os.environ["LEGALCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="legalcheck-test-cache-")
    config.addinivalue_line("markers", "slow: Chromium, wheel build; run only with LEGALCHECK_SLOW_TESTS=1 (.ci/run)")
    if os.environ.get("LEGALCHECK_TEST_NO_RULES_MEMO") != "1":
        ruleset_module.load_ruleset = _memoised_load_ruleset  # type: ignore[assignment]


def pytest_unconfigure(config: pytest.Config) -> None:
    ruleset_module.load_ruleset = _UNMEMOISED


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SLOW_TESTS:
        return
    skip = pytest.mark.skip(reason="slow test: set LEGALCHECK_SLOW_TESTS=1 (as .ci/run does) to run it")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def rules() -> RuleSet:
    """The bundled rule set, loaded once per test run."""
    return ruleset_module.load_ruleset()


@pytest.fixture(scope="session")
def shared_rules() -> RuleSet:
    return rules()


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
