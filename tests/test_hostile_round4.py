"""Hostile and careless input, round 4 (red team): each test is an attack that found a defect, kept so that the
defect stays fixed. Single-command cases are in tests/bad_inputs/cases.yaml (ids starting ``r4-``)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from legalcheck.designation_status import CounterpartScreen, list_status
from legalcheck.models.designations import Designation
from legalcheck.screening import NameMatch

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "tests" / "bad_inputs" / "engagements" / "good.yaml"
SRC = [{"title": "t", "url": "https://example.org/x"}]
DAY = dt.date(2026, 1, 1)


def _entry(entry_id: str, entity: str, name: str) -> Designation:
    return Designation.model_validate({"id": entry_id, "entity": entity, "name": name, "listed_from": "2010-01-01",
                                       "sources": SRC})


def _match(list_id: str, e: Designation, score: float, match: bool) -> NameMatch:
    return NameMatch(list_id=list_id, designation=e, matched_name=e.name, query="Movement", score=score, match=match,
                     kind="fuzzy", explanation="e")


# ---- a close match to a group on one list hid a resemblance to another group on the list a rule reads ----------

def test_close_identification_elsewhere_does_not_clear_a_resemblance_on_this_list() -> None:
    """"Movement" matched an alias "ML Movement" of Katiba Macina (EU list, 0.93) and resembled "Nujaba Movement"
    (Harakat al-Nujaba, us-fto, 0.82): the US status was "identified on other lists but is not on us-fto", so a
    per diem to it was `permitted` under US law. The resemblance on us-fto now keeps it ambiguous."""
    macina = _entry("eu.macina", "katiba-macina", "Katiba Macina")
    nujaba = _entry("us.nujaba", "harakat-al-nujaba", "Harakat al-Nujaba")
    cs = CounterpartScreen("g", "Movement", [_match("eu", macina, 0.93, True), _match("us", nujaba, 0.82, False)])
    st = list_status(cs, "us", [nujaba], DAY)
    assert st.state == "ambiguous"
    assert "Harakat al-Nujaba" in st.explanation and "Katiba Macina" in st.explanation
    assert list_status(cs, "eu", [macina], DAY).state == "designated"


def test_exact_identification_elsewhere_still_answers_not_listed() -> None:
    """Control: an exact identification (score 1.0) is certain; a faint resemblance to another group on the list
    read does not make it ambiguous (the Taliban are not "Tehrik-e Taliban Pakistan")."""
    taliban = _entry("us.taliban", "taliban", "Taliban")
    ttp = _entry("un.ttp", "ttp", "Tehrik-e Taliban Pakistan")
    cs = CounterpartScreen("g", "Taliban", [_match("us", taliban, 1.0, True), _match("un", ttp, 0.77, False)])
    st = list_status(cs, "un", [ttp], DAY)
    assert st.state == "not_listed" and "identified on other lists" in st.explanation


# ---- a check created a missing home folder (as root: /nonexistent/.cache/legalcheck) ------------------------------

def test_a_missing_home_folder_is_not_created(tmp_path: Path) -> None:
    """A service account's home (``/nonexistent`` for nobody) or a mistyped HOME: the rule snapshot and vocabulary
    caches made the whole path, home folder included (found on this machine as /nonexistent/.cache/legalcheck,
    made by a root run). Now a home that does not exist means no cache; the check still runs."""
    home = tmp_path / "no-such-home"
    env = {k: v for k, v in os.environ.items()
           if k not in ("XDG_CACHE_HOME", "LEGALCHECK_CACHE_DIR", "LEGALCHECK_NO_CACHE", "LEGALCHECK_DEBUG")}
    r = subprocess.run([sys.executable, "-m", "legalcheck", "check", str(GOOD), "--format", "json"],
                       capture_output=True, text=True, env={**env, "HOME": str(home)}, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["findings"]
    assert not home.exists()


def test_cache_dir_without_a_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from legalcheck.usercache import cache_dir

    for var in ("XDG_CACHE_HOME", "LEGALCHECK_CACHE_DIR", "LEGALCHECK_NO_CACHE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "missing"))
    assert cache_dir() is None
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir() == tmp_path / ".cache" / "legalcheck"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # an XDG folder is made when missing (XDG spec)
    assert cache_dir() == tmp_path / "xdg" / "legalcheck"


# ---- web: a chunked body over the limit was a 500 "internal error" ------------------------------------------------

@pytest.mark.parametrize("path,content_type", [("/api/check", "application/yaml"),
                                               ("/api/plan", "multipart/form-data; boundary=x"),
                                               ("/check", "application/x-www-form-urlencoded")])
def test_a_chunked_body_over_the_limit_is_413(path: str, content_type: str) -> None:
    """A body sent without Content-Length (chunked) is counted as it arrives; past the limit the route's read
    raised BodyTooLarge, which the app's catch-all turned into "internal error (BodyTooLarge); please report it"
    (HTTP 500). It is a 413 like a declared length over the limit, and the server keeps serving."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from legalcheck.limits import MAX_REQUEST_BYTES
    from legalcheck.web.app import create_app
    from legalcheck.web.state import WebConfig

    client = TestClient(create_app(WebConfig(hosts=frozenset({"testserver"}))), raise_server_exceptions=False)
    chunk = b"# " + b"x" * (1 << 20) + b"\n"

    def body() -> Any:
        for _ in range(MAX_REQUEST_BYTES // len(chunk) + 2):
            yield chunk

    r = client.post(path, content=body(), headers={"content-type": content_type})
    assert r.status_code == 413, r.text[:300]
    assert "Request too large" in r.text and "internal error" not in r.text
    assert client.get("/api/health").status_code == 200


# ---- importers: a huge CSV field was an internal error; another encoding lost letters silently ---------------------

def _importer_cases() -> list[Any]:
    from test_importers import EU, SDN, UK

    huge = "x" * 140_000
    return [
        pytest.param("eu-csv", "32001R2580.csv", EU.replace("Hamas-Izz", f"Hamas-{huge}").encode(),
                     "32001R2580.csv:2: error: CSV syntax error: field larger than field limit", id="eu-huge-field"),
        pytest.param("ofac-csv", "sdn.csv", SDN.replace("HIZBALLAH", huge).encode(),
                     "sdn.csv:1: error: CSV syntax error: field larger than field limit", id="ofac-huge-field"),
        pytest.param("uk-ofsi", "ConList.csv", UK.replace("THE YOUTH", huge).encode(),
                     "ConList.csv:5: error: CSV syntax error: field larger than field limit", id="ofsi-huge-field"),
        pytest.param("eu-csv", "32001R2580.csv", EU.replace("Hamas", "Hamas Qa\u00efda").encode("cp1252"),
                     "32001R2580.csv:2: error: not UTF-8 text", id="eu-windows-1252"),
        pytest.param("ofac-csv", "sdn.csv", SDN.replace("HIZBALLAH", "HIZB\u00c0LLAH").encode("latin-1"),
                     "sdn.csv:1: error: not UTF-8 text", id="ofac-latin-1"),
        pytest.param("uk-ofsi", "ConList.csv", UK.replace("THE YOUTH", "THE\x00YOUTH").encode(),
                     "ConList.csv:5: error: binary data (NUL bytes)", id="ofsi-nul"),
    ]


@pytest.mark.parametrize("fmt,name,data,message", _importer_cases())
def test_a_damaged_official_csv_is_bad_input(tmp_path: Path, fmt: str, name: str, data: bytes,
                                             message: str) -> None:
    """A field over the csv module's limit (an unclosed quote swallows the file) ended `designations import` with
    "internal error: Error: field larger than field limit" (exit 1); a file re-saved as Windows-1252 or Latin-1
    was decoded with replacement characters, so "Qaïda" became "Qa\ufffdda" in the imported list and no longer
    matched. Both are exit 2 with the file and line; nothing is written."""
    from click.testing import CliRunner

    from legalcheck.cli import main

    (tmp_path / name).write_bytes(data)
    out = tmp_path / "imported"
    r = CliRunner().invoke(main, ["designations", "import", "--format", fmt, "--as-of", "2024-05-03", "--out",
                                  str(out), str(tmp_path / name)])
    assert r.exit_code == 2, r.output
    assert message in r.output and "internal error" not in r.output
    assert not out.exists() or not any(out.iterdir())


# ---- web: a plan's XLSX results went through /tmp on disk -----------------------------------------------------------

def test_the_web_app_keeps_temporary_files_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl's write-only workbook writes each sheet to a temporary file: the rows of an uploaded plan were
    written to /tmp (on disk here: /dev/shm is the only memory-backed folder) while `serve` says it keeps nothing
    on disk. `serve` runs the app inside ``memory_tempdir``: temporary files go to a private folder in /dev/shm,
    removed at the end."""
    pytest.importorskip("starlette")
    import tempfile

    from starlette.testclient import TestClient

    from legalcheck.web.app import create_app
    from legalcheck.web.jobs import memory_tempdir
    from legalcheck.web.state import WebConfig

    if not Path("/dev/shm").is_dir():
        pytest.skip("no /dev/shm")
    disk = tmp_path / "disk-tmp"
    disk.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(disk))
    plans = ROOT / "examples" / "plans"
    files = {"plan": ("plan.csv", (plans / "plan.csv").read_bytes()),
             "profiles": ("profiles.yaml", (plans / "profiles.yaml").read_bytes())}
    seen: list[str] = []
    with memory_tempdir() as folder:
        assert folder is not None and str(folder).startswith("/dev/shm/") and (folder.stat().st_mode & 0o777) == 0o700
        from openpyxl.worksheet import _writer

        made = _writer.create_temporary_file
        monkeypatch.setattr(_writer, "create_temporary_file", lambda *a, **k: seen.append(made(*a, **k)) or seen[-1])
        client = TestClient(create_app(WebConfig(hosts=frozenset({"testserver"}))), raise_server_exceptions=False)
        r = client.post("/api/plan?format=xlsx", files=files)
        assert r.status_code == 200 and r.content[:2] == b"PK"
    assert seen and all(s.startswith(str(folder)) for s in seen), seen
    assert list(disk.iterdir()) == []
    assert not folder.exists() and tempfile.tempdir == str(disk)


# ---- a wing of a group designated as a whole was "not on" the list ------------------------------------------------

def test_a_part_of_a_group_designated_whole_is_designated() -> None:
    """"Hezbollah Military Wing" matched the EU's entry for the military wing (covers part, part_of hizballah)
    only: us-fto holds Hizballah as a whole, so the wing was "identified on other lists but is not on us-fto", and
    on uk-proscribed the wing's own entry ended in 2019 when all of Hizballah was proscribed: US and UK
    `permitted`. An entry of the group that a matched entry is part of, covering it whole, now makes it `partial`
    (needs_review, keyed designated_part): the data cannot tell a wing from a chapter or front of the group."""
    wing = Designation.model_validate({"id": "eu.wing", "entity": "grp-wing", "name": "Group Military Wing",
                                       "listed_from": "2013-07-25", "covers": "part", "part_of": "grp",
                                       "scope_note": "military wing only", "sources": SRC})
    whole = _entry("us.grp", "grp", "Group")
    cs = CounterpartScreen("g", "Group Military Wing", [_match("eu", wing, 1.0, True)])
    st = list_status(cs, "us", [whole], DAY)
    assert st.state == "partial" and "a part of grp (part_of), and grp is designated as a whole on us" in st.explanation
    ended = Designation.model_validate({**wing.model_dump(by_alias=True), "id": "uk.wing", "listed_to": "2019-03-01"})
    uk_whole = Designation.model_validate({**whole.model_dump(by_alias=True), "id": "uk.grp",
                                           "listed_from": "2019-03-01"})
    cs = CounterpartScreen("g", "Group Military Wing", [_match("uk", ended, 1.0, True)])
    assert list_status(cs, "uk", [ended, uk_whole], DAY).state == "partial"
    assert list_status(cs, "uk", [ended, uk_whole], dt.date(2015, 1, 1)).state == "partial"  # the wing's entry
    assert list_status(cs, "uk", [ended], DAY).state == "not_listed"  # control: no whole-group entry
