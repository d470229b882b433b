"""The opt-in rule-set cache (LEGALCHECK_CACHE_DIR): same outcomes as a fresh load, and untrusted files refused."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path

import pytest
from conftest import _UNMEMOISED as load_ruleset  # the real loader, not the suite's in-process memo

from legalcheck import snapshot
from legalcheck.engagement_io import load_engagement
from legalcheck.engine import Checker
from legalcheck.ruleset import RuleSet, resolve_rules_dir, rules_digest

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "tests" / "bad_inputs" / "engagements" / "good.yaml"
ENGAGEMENTS = [*sorted((ROOT / "examples" / "engagements").glob("*.yaml")), GOOD]
needs_owners = pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners and modes are POSIX")


def results(rs: RuleSet) -> list[str]:
    checker = Checker(rs)
    return [checker.check(load_engagement(path, rs)[0]).model_dump_json() for path in ENGAGEMENTS]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(snapshot.ENV_CACHE, str(folder))
    return folder


def cached_file(folder: Path) -> Path:
    return snapshot.cache_file(folder, rules_digest(*resolve_rules_dir(None)))


def test_a_cached_rule_set_gives_byte_identical_results(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:
        m.delenv(snapshot.ENV_CACHE)
        fresh = load_ruleset()
    assert not cache.exists()  # nothing written without the variable
    load_ruleset()  # writes the cache
    path = cached_file(cache)
    assert path.is_file() and [p.name for p in cache.iterdir()] == [path.name]  # no temporary file left
    if hasattr(os, "getuid"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(cache.stat().st_mode) == 0o700
    cached = load_ruleset()
    assert cached is not fresh and cached.screener() is not None
    assert snapshot.load(path, fresh.sha256) is not None  # really read from the file
    assert results(cached) == results(fresh)


@needs_owners
def test_untrusted_or_damaged_cache_files_are_not_loaded(cache: Path) -> None:
    load_ruleset()
    path = cached_file(cache)
    key = rules_digest(*resolve_rules_dir(None))
    good = path.read_bytes()
    path.write_bytes(good[:-10])  # truncated
    assert snapshot.load(path, key) is None
    path.write_bytes(good)
    assert snapshot.load(path, key) is not None
    assert snapshot.load(path, "0" * 64) is None  # another rule set's hash
    path.chmod(0o622)  # writable by others
    assert snapshot.load(path, key) is None
    path.chmod(0o600)
    cache.chmod(0o777)  # a folder anyone can write to
    assert snapshot.load(path, key) is None
    cache.chmod(0o700)
    other = pickle.dumps({"not": "a rule set"})
    forged = hashlib.sha256(other).digest() + other
    path.write_bytes(forged)  # a consistent hash does not make a foreign object a rule set
    assert snapshot.load(path, key) is None
    assert isinstance(load_ruleset(), RuleSet)  # ignored and rebuilt
    assert path.read_bytes() != forged


def test_the_key_changes_with_the_data_the_version_and_the_code(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = snapshot.cache_file(cache, "a" * 64)
    assert a != snapshot.cache_file(cache, "b" * 64)
    monkeypatch.setattr(sys.modules["legalcheck"], "__version__", "0.0.0-test")
    assert snapshot.cache_file(cache, "a" * 64) != a
    monkeypatch.undo()
    snapshot.code_digest.cache_clear()
    monkeypatch.setattr(snapshot, "_PACKAGE", ROOT / "tests" / "tools")
    try:
        assert snapshot.cache_file(cache, "a" * 64) != a
    finally:
        monkeypatch.undo()
        snapshot.code_digest.cache_clear()
