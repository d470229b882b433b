"""The parsed vocabulary kept in the user cache: used when trusted, ignored (and replaced) otherwise."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from legalcheck import vocabulary
from legalcheck.usercache import ENV_CACHE, ENV_NO_CACHE

VOCAB = Path(vocabulary.__file__).resolve().parents[1] / vocabulary.VOCABULARY_FILE


def test_the_parsed_vocabulary_is_cached_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CACHE, str(tmp_path / "cache"))
    monkeypatch.delenv(ENV_NO_CACHE, raising=False)
    text = VOCAB.read_text(encoding="utf-8")
    parsed = vocabulary._parsed(text)
    (path,) = (tmp_path / "cache").glob("vocabulary-*.pickle")
    assert pickle.loads(path.read_bytes()) == parsed
    assert vocabulary.parse_vocabulary(vocabulary._parsed(text)) == vocabulary.VOCABULARY
    path.write_bytes(pickle.dumps({"forged": True}))  # the cache is read when trusted ...
    assert vocabulary._parsed(text) == {"forged": True}
    if hasattr(os, "getuid"):
        path.chmod(0o622)  # ... never when someone else can write to it
        assert vocabulary._parsed(text) == parsed
    path.write_bytes(b"damaged")
    path.chmod(0o600)
    assert vocabulary._parsed(text) == parsed
    assert pickle.loads(path.read_bytes()) == parsed  # replaced
    assert vocabulary._parsed(text + "\n# edited\n") == parsed  # another text: another file
    assert len(list((tmp_path / "cache").glob("vocabulary-*.pickle"))) == 2


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CACHE, str(tmp_path / "cache"))
    monkeypatch.setenv(ENV_NO_CACHE, "1")
    assert vocabulary._parsed(VOCAB.read_text(encoding="utf-8"))
    assert not (tmp_path / "cache").exists()
