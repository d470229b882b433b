"""Importers and screening on the real official list files in ../shared/data/lists/.

The labelled evaluation set (held-out aliases, transliteration variants, dropped "al-", word order,
typos, disguised names, and negatives) is built from the files by legalcheck.screening.evaluation; recall and precision
are computed here and must be >= 0.95 at the documented threshold.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from legalcheck.commands.screen import screen
from legalcheck.importers import discover, read_directory, write_list
from legalcheck.importers.common import DATE_NOT_PUBLISHED
from legalcheck.models.designations import Designation, DesignationList
from legalcheck.screening import DEFAULT_THRESHOLD, Screener
from legalcheck.screening.evaluation import build_eval_set, evaluate, without_held_out

LISTS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lists"


@pytest.fixture(scope="module")
def lists() -> dict[str, DesignationList]:
    if not (LISTS_DIR / "README.md").exists():
        if os.environ.get("LEGALCHECK_REQUIRE_SHARED") == "1":
            pytest.fail(f"required shared data missing: {LISTS_DIR}")
        pytest.skip(f"shared list files not available at {LISTS_DIR}")
    return {lst.id: lst for lst in read_directory(LISTS_DIR)}


def _entry(lst: DesignationList, entry_id: str) -> Designation:
    return next(e for e in lst.entries if e.id == entry_id)


def test_all_formats_found() -> None:
    if not LISTS_DIR.exists():
        pytest.skip("no shared data")
    assert [fmt for fmt, _ in discover(LISTS_DIR)] == ["ofac-csv", "un-xml", "uk-ofsi", "eu-csv"]


def test_ofac_real(lists: dict[str, DesignationList]) -> None:
    ofac = lists["ofac-sdn"]
    assert len(ofac.entries) == 14965 and ofac.complete  # README: 14,965 records
    tagged = [e for e in ofac.entries if e.scope_note and "[FTO]" in e.scope_note]
    assert len(tagged) == 70  # README: 70 tagged [FTO]
    hz = _entry(ofac, "ofac-4697")
    assert hz.name == "HIZBALLAH" and "PARTY OF GOD" in hz.aliases and hz.listed_from == DATE_NOT_PUBLISHED
    assert sum(e.type == "person" for e in ofac.entries) == 6854


def test_un_real(lists: dict[str, DesignationList]) -> None:
    un = lists["un-consolidated"]
    assert len(un.entries) == 1003 and str(un.as_of) == "2026-02-27"
    assert sum(e.type == "organisation" for e in un.entries) == 273
    aqi = _entry(un, "qde.115")
    assert str(aqi.listed_from) == "2004-10-18" and "Islamic State in Iraq and the Levant" in aqi.aliases
    assert any(e.weak_aliases for e in un.entries)  # "Low" quality aliases


def test_uk_real(lists: dict[str, DesignationList]) -> None:
    uk = lists["uk-ofsi"]
    assert len(uk.entries) == 4688 and str(uk.as_of) == "2025-04-14"  # README: 4,688 Group IDs
    sh = _entry(uk, "uk-11090")
    assert sh.name == "AL-SHABAAB" and str(sh.listed_from) == "2010-04-12"


def test_eu_real(lists: dict[str, DesignationList]) -> None:
    sizes = {k: len(v.entries) for k, v in lists.items() if k.startswith("eu-")}
    assert sizes == {"eu-32001r2580": 36, "eu-32002r0881": 350, "eu-32010r0356": 24, "eu-32011r0753": 140,
                     "eu-32016r1686": 23, "eu-32024r0386": 24}  # fmt: skip


def test_recall_and_precision_on_real_lists(lists: dict[str, DesignationList]) -> None:
    ev = build_eval_set(list(lists.values()))
    cats = {q.category for q in ev.queries}
    assert cats == {"alias", "translit", "drop_al", "word_order", "typo", "disguise", "held_out", "negative"}
    assert sum(q.expected is not None for q in ev.queries) >= 1000 and len(ev.held_out) >= 40
    screener = Screener(without_held_out(list(lists.values()), ev.held_out))
    assert screener.threshold == DEFAULT_THRESHOLD
    scores = evaluate(ev, lambda q: [(m.list_id, m.designation.id, m.match, m.matched_name)
                                     for m in screener.screen(q.text)])  # fmt: skip
    print(scores.summary())
    assert scores.recall >= 0.95, scores.summary()
    assert scores.precision >= 0.95, scores.summary()
    negatives_ok, negatives = scores.by_category["negative"]
    assert negatives_ok >= 0.95 * negatives
    # look-alike letters, digits for letters, dotless i, invisible characters: found as the plain names are
    disguised_ok, disguised = scores.by_category["disguise"]
    assert disguised >= 200 and disguised_ok == disguised, [q.text for q in scores.misses if q.category == "disguise"]


def test_screen_index_command_on_real_lists(lists: dict[str, DesignationList], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    imported = tmp_path / "imported"
    for lst in lists.values():
        write_list(lst, imported)
    monkeypatch.setenv("LEGALCHECK_CACHE", str(tmp_path / "cache"))
    args = ["--index", "--imported", str(imported), "--format", "json", "Harakat al-Shabaab al-Mujahideen",
            "Hezbollah", "Daesh", "Norwegian Refugee Council"]  # fmt: skip
    r = CliRunner().invoke(screen, args)
    assert r.exit_code == 0, r.output
    first = json.loads(r.output)
    assert len(list((tmp_path / "cache").glob("index-*.sqlite"))) == 1  # persisted outside the checkout
    r = CliRunner().invoke(screen, args)  # second run loads the cached index
    assert json.loads(r.output) == first
    shabaab, hez, daesh, nrc = first
    assert {m["list"] for m in shabaab["matches"] if m["match"]} >= {"ofac-sdn", "un-consolidated", "uk-ofsi",
                                                                       "eu-32010r0356"}  # fmt: skip
    un = next(m for m in shabaab["matches"] if m["list"] == "un-consolidated")
    assert un["listed_from"] == "2010-04-12" and un["in_force"] and un["designation"] == "AL-SHABAAB"
    assert any(m["match"] and m["designation"] == "HIZBALLAH" for m in hez["matches"])
    assert any(m["match"] and m["list"] == "ofac-sdn" for m in daesh["matches"])
    assert nrc["matches"] == []
