"""legalcheck.screening.levenshtein gives rapidfuzz's numbers exactly, before and after rapidfuzz takes over."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein as RF

from legalcheck.ruleset import load_ruleset
from legalcheck.screening import levenshtein

words = st.text(alphabet="abcdeéiouhrstAß😀", max_size=14) | st.text(max_size=8)


@pytest.fixture
def pure(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every comparison made by the table (rapidfuzz never takes over)."""
    monkeypatch.setattr(levenshtein, "_state", {"cells": 0, "rf": None})
    monkeypatch.setattr(levenshtein, "PURE_CELLS", 10**12)


def _same(a: str, b: str) -> None:
    sim = levenshtein.normalized_similarity(a, b)
    assert type(sim) is float and sim == RF.normalized_similarity(a, b), (a, b)
    for cutoff in (None, 0, 1, 2):
        assert levenshtein.distance(a, b, score_cutoff=cutoff) == RF.distance(a, b, score_cutoff=cutoff), (a, b)


@settings(max_examples=400, deadline=None)
@given(words, words)
def test_random_strings(a: str, b: str) -> None:
    state: dict[str, Any] = {"cells": 0, "rf": None}
    with pytest.MonkeyPatch.context() as m:
        m.setattr(levenshtein, "_state", state)
        m.setattr(levenshtein, "PURE_CELLS", 10**12)
        _same(a, b)
        assert state["rf"] is None  # the table answered


def test_every_pair_of_real_name_tokens_sampled(pure: None) -> None:
    index = load_ruleset().screener().index
    tokens = sorted({t for n in range(len(index.name_text)) for t in (*index._tokens(n), *index._phon(n))})
    rng = random.Random(15)
    for _ in range(5000):
        _same(rng.choice(tokens), rng.choice(tokens))
    for n in range(0, len(index.name_text), 7):  # whole names joined, as align compares them
        _same("".join(index._phon(n)), "".join(index._phon(rng.randrange(len(index.name_text)))))


def test_rapidfuzz_takes_over_after_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    state: dict[str, Any] = {"cells": 0, "rf": None}
    monkeypatch.setattr(levenshtein, "_state", state)
    monkeypatch.setattr(levenshtein, "PURE_CELLS", 100)
    _same("harakat", "harkat")  # 8 x 7 cells (x5 calls): within the budget at first
    assert state["rf"] is RF
    _same("shabaab", "shabab")
