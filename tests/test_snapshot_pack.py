"""A packed name index (space-joined strings in the compiled snapshot) screens exactly as the index it was made from."""

from __future__ import annotations

import pickle

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
