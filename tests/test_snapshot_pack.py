"""A packed name index (space-joined strings in the compiled snapshot) screens exactly as the index it was made from."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from legalcheck.models.ruleset import RuleSet
from legalcheck.screening import Screener
from legalcheck.screening.index import _SplitOnRead

QUERIES = ["Harakat al-Shabaab al-Mujahideen", "Al Shabab", "Hizballah", "Hayat Tahrir al-Sham", "HTS", "Hamas",
           "ISIL", "Tehrik-e Taliban Pakistan", "Jabhat al Nusra", "Kurdistan Workers Party", "Jon Smith",
           "حركة الشباب المجاهدين", "al-Qa'ida in the Islamic Maghreb", "Boko Haram"]


def _view(screener: Screener, name: str) -> list[tuple[object, ...]]:
    return [(m.list_id, m.designation.id, m.matched_name, m.score, m.match, m.kind, m.explanation)
            for m in screener.screen(name)]


def test_packed_index_screens_as_the_built_one(shared_rules: RuleSet) -> None:
    for lists in ([x for x in shared_rules.lists.values() if x.regime_encoded], list(shared_rules.lists.values())):
        built = Screener(lists)
        packed = Screener(lists)
        packed.index.pack()
        blob = pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL)
        loaded = pickle.loads(blob)
        assert type(loaded.index.variants) is _SplitOnRead
        assert all(type(v) is str for v in dict.values(loaded.index.variants))  # pickled as stored, not split
        assert all(type(t) is str for t in loaded.index.name_tokens)
        for name in QUERIES:
            assert _view(loaded, name) == _view(built, name), name
        assert dict(loaded.index.variants.items()) == built.index.variants


def test_screen_reads_only_the_index_after_the_same_checks(shared_rules: RuleSet, tmp_path: Path) -> None:
    from legalcheck import snapshot

    if not snapshot._runtime(shared_rules):
        pytest.skip("the session's rule set was not read from a snapshot (LEGALCHECK_NO_CACHE)")
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    path = folder / "snap.pickle"
    path.write_bytes(snapshot.dumps(shared_rules))
    path.chmod(0o600)
    key = shared_rules.sha256
    found = snapshot.load_index(path, key)
    assert found is not None
    index, table = found
    from_rules = Screener.from_index(snapshot.load(path, key).all_lists_index())
    for name in QUERIES:
        assert _view(Screener.from_index(index), name) == _view(from_rules, name), name
    assert table and isinstance(table, dict)
    assert snapshot.load_index(path, "0" * 64) is None  # another rule set's key
    good = path.read_bytes()
    path.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))  # damaged: the digest no longer matches
    assert snapshot.load_index(path, key) is None
    path.write_bytes(good)
    if hasattr(os, "getuid"):
        path.chmod(0o622)  # writable by others
        assert snapshot.load_index(path, key) is None
        path.chmod(0o600)
    assert snapshot.load_index(path, key) is not None
