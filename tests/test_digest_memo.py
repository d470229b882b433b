"""The rule-data and source digests are remembered by the files' stat signature, and hashed again on any change."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from legalcheck import usercache
from legalcheck.ruleset import resolve_rules_dir, rules_digest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(usercache.ENV_CACHE, str(folder))
    monkeypatch.delenv(usercache.ENV_NO_CACHE, raising=False)
    return folder


SETTLE_NS = 50_000_000  # the test's settling time (the real one: 2 s)


def _settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the files written so far grow older than the (test's) settling time."""
    monkeypatch.setattr(usercache, "MEMO_SETTLE_NS", SETTLE_NS)
    time.sleep(2 * SETTLE_NS / 1e9)


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(ROOT / "jurisdictions", copy / "jurisdictions")
    shutil.copytree(ROOT / "designations", copy / "designations", ignore=shutil.ignore_patterns("imported"))
    return copy


def _digest(copy: Path) -> str:
    return rules_digest(*resolve_rules_dir(copy))


def _hashed(copy: Path) -> str:
    with pytest.MonkeyPatch.context() as m:
        m.setenv(usercache.ENV_NO_CACHE, "1")
        return _digest(copy)


def test_the_memo_gives_the_hash_and_any_change_is_hashed_again(cache: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy(tmp_path)
    _settled(monkeypatch)
    first = _digest(copy)
    assert first == _hashed(copy)
    assert len(list(cache.glob("digest-rules-*"))) == 1
    calls: list[int] = []
    real = usercache.hash_files
    monkeypatch.setattr(usercache, "hash_files", lambda files: calls.append(1) or real(files))
    assert _digest(copy) == first and not calls  # remembered
    meta = copy / "jurisdictions" / "CH" / "jurisdiction.yaml"
    text = meta.read_bytes()
    st = meta.stat()
    meta.write_bytes(text.replace(b"a", b"b", 1))  # same size, modification time put back: the change time moves
    os.utime(meta, ns=(st.st_atime_ns, st.st_mtime_ns))
    changed = _digest(copy)
    assert calls and changed != first and changed == _hashed(copy)
    (copy / "designations" / "extra.yaml").write_text("# a new file\n", encoding="utf-8")
    assert _digest(copy) == _hashed(copy) != changed


def test_young_files_and_a_disabled_cache_are_never_remembered(cache: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy(tmp_path)  # just written: a second write in the same clock tick could keep their times
    monkeypatch.setattr(usercache, "MEMO_SETTLE_NS", 10 * SETTLE_NS)
    assert _digest(copy) == _hashed(copy)
    assert not list(cache.glob("digest-*"))
    _settled(monkeypatch)
    monkeypatch.setenv(usercache.ENV_NO_CACHE, "1")
    _digest(copy)
    assert not cache.exists() or not list(cache.glob("digest-*"))


def test_a_damaged_or_foreign_memo_is_not_believed(cache: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy(tmp_path)
    _settled(monkeypatch)
    good = _digest(copy)
    memo = next(cache.glob("digest-rules-*"))
    memo.write_bytes(b"not a digest")
    assert _digest(copy) == good
    if hasattr(os, "getuid"):
        memo.write_bytes(b"0" * 64)
        memo.chmod(0o622)  # writable by others: not trusted
        assert _digest(copy) == good
