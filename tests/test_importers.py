"""Importer unit tests on small synthetic files: formats, safety, diff report, shrink guard, CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from legalcheck.commands.designations import designations
from legalcheck.errors import InputError
from legalcheck.importers import load_imported, read_lists, write_list
from legalcheck.importers.common import DATE_NOT_PUBLISHED, parse_date
from legalcheck.importers.ofac_csv import programs

DAY = dt.date(2024, 5, 3)

SDN = (
    '4697,"HIZBALLAH",-0- ,"SDGT] [FTO",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    '10761,"AL-SHABAAB",-0- ,"SDGT] [FTO] [SOMALIA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'HSM\'."\r\n'
    '2686,"NASRALLAH, Hasan","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 31 Aug 1960."\r\n'
    "\x1a"
)
ALT = '4697,3915,"aka","PARTY OF GOD",-0- \r\n4697,35541,"aka","LEBANESE HIZBALLAH",-0- \r\n99999,1,"aka","X",-0- \r\n'
UN = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS/><ENTITIES>
<ENTITY><DATAID>1</DATAID><FIRST_NAME>AL-SHABAAB</FIRST_NAME><UN_LIST_TYPE>Somalia</UN_LIST_TYPE>
<REFERENCE_NUMBER>SOe.001</REFERENCE_NUMBER><LISTED_ON>2010-04-12</LISTED_ON>
<NAME_ORIGINAL_SCRIPT>حركة الشباب</NAME_ORIGINAL_SCRIPT>
<ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>HARAKAT SHABAB AL-MUJAHIDIN</ALIAS_NAME></ENTITY_ALIAS>
<ENTITY_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>THE YOUTH</ALIAS_NAME></ENTITY_ALIAS>
</ENTITY></ENTITIES></CONSOLIDATED_LIST>"""
EU_HEADER = "celex,recordId,programKey,annex,measure,startDate,reason,schema,name,alias,weakAlias,previousName\n"
EU = EU_HEADER + (
    "32001R2580,1,EU-TERR,II.B,Asset freeze,,,Organization,Hamas,Hamas-Izz al-Din al-Qassem,,\n"
    "32001R2580,2,EU-TERR,II.B,Asset freeze,12 April 2010,,Organization,Hizballah Military Wing,"
    "Hezbollah Military Wing; Hizbullah Military Wing,HMW,\n"
)
UK = (
    "Last Updated,14/04/2025\n"
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,Non-Latin Script Type,"
    "Non-Latin Script Language,Group Type,Alias Type,Alias Quality,Regime,Listed On,Group ID\n"
    "AL-SHABAAB,,,,,,,,,,Entity,Primary name,,Somalia,28/04/2010,11090\n"
    "SHABAAB,,,,,,,,,,Entity,AKA,Good quality,Somalia,28/04/2010,11090\n"
    "THE YOUTH,,,,,,,,,,Entity,AKA,Low quality,Somalia,28/04/2010,11090\n"
    "NASRALLAH,Hasan,,,,,,حسن نصر الله,Arabic,Arabic,Individual,Primary name,,Counter-Terrorism,16/01/2020,13900\n"
)


def _write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_bytes(text.encode("utf-8"))
    return p


def test_parse_date_formats() -> None:
    assert str(parse_date("2015-04-07-04:00")) == "2015-04-07"
    assert str(parse_date("6.10.2001")) == "2001-10-06"
    assert str(parse_date("28/04/2010")) == "2010-04-28"
    assert str(parse_date("12 April 2010")) == "2010-04-12"
    assert str(parse_date("2 Oct. 2014")) == "2014-10-02"
    assert parse_date("") is None and parse_date("sometime") is None


def test_ofac_csv(tmp_path: Path) -> None:
    [lst] = read_lists("ofac-csv", [_write(tmp_path, "alt.csv", ALT), _write(tmp_path, "sdn.csv", SDN)], DAY)
    assert lst.id == "ofac-sdn" and lst.complete and len(lst.entries) == 3
    hz = lst.entries[0]
    assert hz.id == "ofac-4697" and hz.aliases == ["PARTY OF GOD", "LEBANESE HIZBALLAH"]
    assert hz.scope_note == "[SDGT] [FTO]" and "OFAC programs: [SDGT], [FTO]" in hz.history
    assert hz.listed_from == DATE_NOT_PUBLISHED
    assert lst.entries[2].type == "person" and lst.entries[1].type == "organisation"
    assert programs("SDGT] [FTO] [SOMALIA") == ["SDGT", "FTO", "SOMALIA"]


def test_ofac_bad_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="12 columns"):
        read_lists("ofac-csv", [_write(tmp_path, "sdn.csv", "1,2,3\n")], DAY)


def test_un_xml(tmp_path: Path) -> None:
    [lst] = read_lists("un-xml", [_write(tmp_path, "consolidated.xml", UN)])
    e = lst.entries[0]
    assert lst.id == "un-consolidated" and str(lst.as_of) == "2026-02-27"
    assert e.id == "soe.001" and e.reference == "SOe.001" and str(e.listed_from) == "2010-04-12"
    assert e.aliases == ["HARAKAT SHABAB AL-MUJAHIDIN", "حركة الشباب"] and e.weak_aliases == ["THE YOUTH"]


def test_un_xml_refuses_entity_expansion(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            "<CONSOLIDATED_LIST>&lol2;</CONSOLIDATED_LIST>")  # fmt: skip
    with pytest.raises(InputError, match="unsafe XML"):
        read_lists("un-xml", [_write(tmp_path, "bomb.xml", bomb)])


def test_uk_csv(tmp_path: Path) -> None:
    [lst] = read_lists("uk-ofsi", [_write(tmp_path, "ConList.csv", UK)])
    sh, na = lst.entries
    assert str(lst.as_of) == "2025-04-14" and sh.id == "uk-11090" and sh.name == "AL-SHABAAB"
    assert sh.aliases == ["SHABAAB"] and sh.weak_aliases == ["THE YOUTH"] and str(sh.listed_from) == "2010-04-28"
    assert na.type == "person" and na.name == "Hasan NASRALLAH" and "حسن نصر الله" in na.aliases


def test_eu_csv(tmp_path: Path) -> None:
    [lst] = read_lists("eu-csv", [_write(tmp_path, "32001R2580.csv", EU)], DAY)
    assert lst.id == "eu-32001r2580" and [e.id for e in lst.entries] == ["r1", "r2"]
    hamas, hmw = lst.entries
    assert hamas.listed_from == DATE_NOT_PUBLISHED and str(hmw.listed_from) == "2010-04-12"
    assert hmw.aliases == ["Hezbollah Military Wing", "Hizbullah Military Wing"] and hmw.weak_aliases == ["HMW"]


def test_write_report_shrink_guard_and_atomicity(tmp_path: Path) -> None:
    out = tmp_path / "imported"
    [lst] = read_lists("eu-csv", [_write(tmp_path, "32001R2580.csv", EU)], DAY)
    rep = write_list(lst, out)
    assert rep.previous is None and rep.total == 2 and (out / "eu-32001r2580.json").exists()
    assert load_imported(out / "eu-32001r2580.json") == lst
    # change one entry, add one
    changed = EU.replace("Hamas-Izz al-Din al-Qassem", "Izz al-Din al-Qassem Brigades") + (
        "32001R2580,3,EU-TERR,II.B,Asset freeze,,,Organization,Babbar Khalsa,,,\n")
    [lst2] = read_lists("eu-csv", [_write(tmp_path, "32001R2580.csv", changed)], DAY)
    rep = write_list(lst2, out)
    assert (rep.added, rep.removed, rep.changed) == (["r3"], [], ["r1"])
    # a truncated file (1 of 3 entries) is refused and leaves the previous file untouched
    before = (out / "eu-32001r2580.json").read_bytes()
    [small] = read_lists("eu-csv", [_write(tmp_path, "32001R2580.csv", EU_HEADER + EU.splitlines()[1] + "\n")], DAY)
    with pytest.raises(InputError, match="implausibly fewer entries"):
        write_list(small, out)
    assert (out / "eu-32001r2580.json").read_bytes() == before
    rep = write_list(small, out, force=True)
    assert rep.removed == ["r2", "r3"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_import_command(tmp_path: Path) -> None:
    out = tmp_path / "imported"
    sdn, alt = _write(tmp_path, "sdn.csv", SDN), _write(tmp_path, "alt.csv", ALT)
    r = CliRunner().invoke(designations, ["import", "--format", "ofac-csv", str(sdn), str(alt), "--out", str(out),
                                          "--as-of", "2024-05-03"])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "ofac-sdn: 3 entries (new list)" in r.output
    data = json.loads((out / "ofac-sdn.json").read_text())
    assert data["as_of"] == "2024-05-03" and data["complete"] is True
    r = CliRunner().invoke(designations, ["import", "--format", "un-xml", str(sdn), str(alt)])
    assert r.exit_code != 0
