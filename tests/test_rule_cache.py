"""The compiled rule snapshot (default): same outputs as a fresh load, stale or untrusted files never used."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
import sys
from pathlib import Path

import pytest
from conftest import _UNMEMOISED as load_ruleset  # the real loader, not the suite's in-process memo

from legalcheck import snapshot
from legalcheck.engagement_io import engagement_from_data, load_engagement
from legalcheck.engine import Checker
from legalcheck.errors import InputError
from legalcheck.memo import render
from legalcheck.ruleset import RuleSet, resolve_rules_dir, rules_digest
from legalcheck.scenarios import load_scenario
from legalcheck.yamlio import LineMap

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "tests" / "bad_inputs" / "engagements" / "good.yaml"
ENGAGEMENTS = [*sorted((ROOT / "examples" / "engagements").glob("*.yaml")), GOOD]
HOSTILE = sorted((ROOT / "tests" / "bad_inputs" / "engagements").glob("*"))
SCENARIOS = sorted((ROOT / "tests" / "scenarios").rglob("*.yaml"))
needs_owners = pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners and modes are POSIX")


def results(rs: RuleSet) -> list[str]:
    checker = Checker(rs)
    return [checker.check(load_engagement(path, rs)[0]).model_dump_json() for path in ENGAGEMENTS]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(snapshot.ENV_CACHE, str(folder))
    monkeypatch.delenv(snapshot.ENV_NO_CACHE, raising=False)
    monkeypatch.setattr(snapshot, "PACKAGED", tmp_path / "no-packaged-snapshot.bin")
    return folder


def cached_file(folder: Path) -> Path:
    return snapshot.cache_file(folder, rules_digest(*resolve_rules_dir(None)))


def fresh(monkeypatch: pytest.MonkeyPatch) -> RuleSet:
    with monkeypatch.context() as m:
        m.setenv(snapshot.ENV_NO_CACHE, "1")
        return load_ruleset()


def test_the_snapshot_is_the_default_and_gives_byte_identical_results(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = fresh(monkeypatch)
    assert not cache.exists()  # LEGALCHECK_NO_CACHE=1: nothing written
    load_ruleset()  # writes the snapshot
    path = cached_file(cache)
    kept = [p.name for p in cache.iterdir() if not p.name.startswith("digest-")]  # (and the digest memos)
    assert path.is_file() and kept == [path.name]  # no temporary file left
    if hasattr(os, "getuid"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(cache.stat().st_mode) == 0o700
    cached = load_ruleset()
    assert cached is not first and cached.screener() is not None
    assert snapshot.load(path, first.sha256) is not None  # really read from the file
    assert cached.root == first.root
    assert results(cached) == results(first)


SHARDS = 2  # the comparison is split so that the two pytest-xdist workers share it (about 30 s in one piece)


def _outputs(rs: RuleSet, shard: int) -> list[str]:
    """The JSON result of every example and scenario, the Markdown memo of every example and of every fourth
    scenario (a memo costs four times its check: the rest read the same rule fields), and the error or result of
    every hostile input (those whose position in that order is ``shard`` modulo :data:`SHARDS`)."""
    checker = Checker(rs)
    out: list[str] = []
    items = [("example", p) for p in ENGAGEMENTS] + [("scenario", p) for p in SCENARIOS]
    items += [("hostile", p) for p in HOSTILE if p.stat().st_size <= 5_000_000]
    for n, (kind, path) in list(enumerate(items))[shard::SHARDS]:
        if kind == "example":
            eng, digest = load_engagement(path, rs)
            res = checker.check(eng, input_sha256=digest)
            out += [res.model_dump_json(), render(res, eng, rs, "md")]
        elif kind == "scenario":
            sc = load_scenario(path)
            eng = engagement_from_data(sc.engagement, LineMap(str(path)), str(path), rs)
            res = checker.check(eng, as_of=sc.as_of)
            out += [res.model_dump_json(), render(res, eng, rs, "md") if (n // SHARDS) % 4 == 0 else ""]
        else:
            out.append(_hostile(checker, path, rs))
    return out


def _hostile(checker: Checker, path: Path, rs: RuleSet) -> str:
    try:
        return checker.check(load_engagement(path, rs)[0]).model_dump_json()
    except InputError as exc:
        return "\n".join(p.render() for p in exc.problems)
    except (RecursionError, MemoryError) as exc:
        return type(exc).__name__


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_example_scenario_and_hostile_input_is_byte_identical_through_both_paths(
    cache: Path, monkeypatch: pytest.MonkeyPatch, shard: int
) -> None:
    from_yaml = fresh(monkeypatch)
    load_ruleset()
    from_snapshot = load_ruleset()
    assert snapshot.load(cached_file(cache), from_yaml.sha256) is not None
    expected = _outputs(from_yaml, shard)
    assert expected and _outputs(from_snapshot, shard) == expected


@needs_owners
def test_untrusted_stale_or_damaged_snapshots_are_not_loaded(cache: Path) -> None:
    load_ruleset()
    path = cached_file(cache)
    key = rules_digest(*resolve_rules_dir(None))
    good = path.read_bytes()
    path.write_bytes(good[: snapshot.HEAD + 1000])  # truncated in the rule set
    assert snapshot.load(path, key) is None
    path.write_bytes(good[:-10])  # truncated in the index part: only `screen`, which reads it, refuses it
    assert snapshot.load_index(path, key) is None
    assert snapshot.load(path, key) is not None
    path.write_bytes(good)
    assert snapshot.load(path, key) is not None
    assert snapshot.load(path, "0" * 64) is None  # another rule set's hash: another key
    path.chmod(0o622)  # writable by others
    assert snapshot.load(path, key) is None
    path.chmod(0o600)
    cache.chmod(0o777)  # a folder anyone can write to
    assert snapshot.load(path, key) is None
    cache.chmod(0o700)
    link = cache / "link.pickle"
    link.symlink_to(path)
    assert snapshot.load(link, key) is None
    link.unlink()
    head = len(snapshot.MAGIC)
    other = pickle.dumps({"not": "a rule set"})
    forged = snapshot.frame(good[head : head + 32], other, b"")
    path.write_bytes(forged)  # a consistent header does not make a foreign object a rule set
    assert snapshot.load(path, key) is None
    assert isinstance(load_ruleset(), RuleSet)  # ignored and rebuilt
    assert path.read_bytes() != forged


@needs_owners
@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="changing a file's owner needs root")
def test_a_snapshot_owned_by_another_user_is_refused(cache: Path) -> None:
    load_ruleset()
    path = cached_file(cache)
    key = rules_digest(*resolve_rules_dir(None))
    os.chown(path, 65534, -1)
    assert snapshot.load(path, key) is None
    os.chown(path, 0, -1)
    os.chown(cache, 65534, -1)  # the folder belongs to someone else: they could swap the file
    assert snapshot.load(path, key) is None
    before = path.read_bytes()
    load_ruleset()  # loads from YAML and does not write into that folder
    assert path.read_bytes() == before


def test_an_unwritable_or_absent_cache_falls_back_to_the_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(snapshot.ENV_CACHE, str(blocker / "cache"))
    monkeypatch.setattr(snapshot, "PACKAGED", tmp_path / "none.bin")
    rs = load_ruleset()
    assert isinstance(rs, RuleSet) and rs.screener() is not None
    monkeypatch.setenv(snapshot.ENV_NO_CACHE, "1")
    monkeypatch.setenv("HOME", str(blocker))
    assert snapshot.cache_dir() is None
    assert isinstance(load_ruleset(), RuleSet)


def test_edited_data_is_rebuilt_not_read_stale(cache: Path, tmp_path: Path) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(ROOT / "jurisdictions", copy / "jurisdictions")
    shutil.copytree(ROOT / "designations", copy / "designations", ignore=shutil.ignore_patterns("imported"))
    before = load_ruleset(copy)
    meta = copy / "jurisdictions" / "CH" / "jurisdiction.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = load_ruleset(copy)
    assert after.sha256 != before.sha256
    assert len(list(cache.glob("ruleset-*.pickle"))) == 2


def test_the_packaged_snapshot_is_used_when_its_key_matches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "_data" / "snapshot.bin"
    target.parent.mkdir()
    snapshot.build_packaged(target)
    monkeypatch.setattr(snapshot, "PACKAGED", target)
    monkeypatch.setenv(snapshot.ENV_NO_CACHE, "1")
    key = rules_digest(*resolve_rules_dir(None))
    assert snapshot.load(target, key, packaged=True) is not None
    assert snapshot.cached(key) is not None
    assert snapshot.cached("f" * 64) is None  # stale for other data: the YAML is loaded instead


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


def test_the_lookalike_table_travels_in_the_snapshot(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from legalcheck.screening import confusables

    load_ruleset()  # writes the snapshot
    monkeypatch.setattr(confusables, "_TABLE", None)
    rs = load_ruleset()
    assert confusables._TABLE is not None and confusables._TABLE == confusables.latin_prototypes_table()
    assert "_latin_prototypes" not in rs.__dict__


@needs_owners
def test_compiled_templates_are_cached_privately_and_never_change_a_memo(
    cache: Path, monkeypatch: pytest.MonkeyPatch, shared_rules: RuleSet
) -> None:
    rs = shared_rules  # any rule set: this is about the template cache (a fresh load would cost about 2 s of CPU)
    eng, digest = load_engagement(ENGAGEMENTS[0], rs)
    res = Checker(rs).check(eng, input_sha256=digest)
    with monkeypatch.context() as m:
        m.setenv(snapshot.ENV_NO_CACHE, "1")
        plain = render(res, eng, rs, "md")
    assert not (cache / "templates").exists()  # the cache off: nothing written
    assert render(res, eng, rs, "md") == plain  # compiles and writes the template cache
    files = list((cache / "templates").iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert stat.S_IMODE((cache / "templates").stat().st_mode) == 0o700
    assert render(res, eng, rs, "md") == plain  # read from it
    for f in files:
        f.write_bytes(b"garbage")
        f.chmod(0o666)  # writable by others: not even opened
    assert render(res, eng, rs, "md") == plain
    (cache / "templates").chmod(0o777)
    assert render(res, eng, rs, "md") == plain  # an untrusted folder is not used
