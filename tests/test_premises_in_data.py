"""Legal premises the code used to carry, now in the data with their citation: changing the data (a ``--rules`` copy,
no code change) changes the outcome.

* The memo's way forward "through a UN agency or UNSCR 2664 actor" is the vocabulary's ``way_forward`` on the
  organisation flag ``implementing_partner`` (UNSCR 2664 para 1, category (e)), not a flag named in Python.
* A funder whose country is ``EU`` (the Union's institutions) is inside the Union for government funding and is an
  EU link for business done in the Union because the EU connections say so (``inside_funders``, Reg. 2580/2001
  art. 10(e)), not because the code compares the country with "EU".
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "engagements"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LEGALCHECK_DATA", "LEGALCHECK_DATA_DIR")}
    return subprocess.run([sys.executable, "-m", "legalcheck", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False, cwd=ROOT)


def _edit(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _copy(dst: Path) -> Path:
    shutil.copytree(ROOT / "jurisdictions", dst / "jurisdictions")
    shutil.copytree(ROOT / "designations", dst / "designations", ignore=shutil.ignore_patterns("imported"))
    return dst


def _engagement(dst: Path, name: str, example: str, change: Callable[[dict], None]) -> Path:
    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    data.pop("$schema", None)
    change(data)
    path = dst / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _ways(md: str) -> str:
    return md.split("## 9. Ways forward", 1)[1].split("\n## ", 1)[0] if "## 9. Ways forward" in md else ""


# ------------------------------------------------------------------ the UNSCR 2664 role as a way forward
def _national_ngo(data: dict) -> None:
    data["organisation"].update(type="national_ngo", un_plan_participant=False, implementing_partner=False)
    data["funders"] = []
    data["activities"] = [data["activities"][2]]  # c: a registration fee paid to al-Shabaab


def _role_moved(vocab: dict) -> None:
    """The way forward moved from implementing partner to GA observer status (UNSCR 2664 category (c))."""
    flags = {f["id"]: f for f in vocab["organisation_flags"]}
    way = flags["implementing_partner"].pop("way_forward")
    flags["ga_observer"]["way_forward"] = {**way, "kind": "ga_observer", "heading": "As a GA observer (test)",
                                           "how": "as a humanitarian organisation with GA observer status (test)"}


@pytest.fixture(scope="module")
def role(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dst = _copy(tmp_path_factory.mktemp("role"))
    _edit(dst / "jurisdictions" / "_common" / "vocabulary.yaml", _role_moved)
    _engagement(dst, "national-ngo", "swiss-ngo-somalia.yaml", _national_ngo)
    return dst


def test_the_2664_role_tried_as_a_way_forward_is_the_vocabularys(role: Path) -> None:
    before = _run("check", str(role / "national-ngo.yaml"), "--format", "md")
    after = _run("check", str(role / "national-ngo.yaml"), "--rules", str(role), "--format", "md")
    assert before.returncode == 0 and after.returncode == 0, before.stderr + after.stderr
    ways, moved = _ways(before.stdout), _ways(after.stdout)
    assert ("- **c** Through a UN agency or UNSCR 2664 actor: through a UN agency or another UNSCR 2664 actor, as "
            "its implementing partner or grantee — PROHIBITED → NEEDS REVIEW (UN PROHIBITED → EXEMPT).") in ways
    assert "implementing partner" not in moved  # the data no longer names that role: not tried
    assert ("- **c** As a GA observer (test): as a humanitarian organisation with GA observer status (test) — "
            "PROHIBITED → NEEDS REVIEW (UN PROHIBITED → EXEMPT).") in moved  # 2664 (c) decides, in the data
    assert "Standing humanitarian carve-out from UN asset freezes" in moved


def test_a_way_forward_without_a_source_is_refused(tmp_path: Path) -> None:
    dst = _copy(tmp_path)
    _edit(dst / "jurisdictions" / "_common" / "vocabulary.yaml", lambda v: next(
        f for f in v["organisation_flags"] if f["id"] == "implementing_partner")["way_forward"].pop("sources"))
    r = _run("validate", "--rules", str(dst), "--format", "json")
    assert r.returncode == 2, r.stdout[-2000:]
    assert "way_forward.sources" in r.stdout and "vocabulary.yaml" in r.stdout


# ------------------------------------------------------------------ funder country EU inside the Union
def _without_inside_funders(basis: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        conn = next(c for c in data["jurisdiction"]["connections"] if c["basis"] == basis)
        del conn["inside_funders"]

    return change


@pytest.fixture(scope="module")
def union(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dst = tmp_path_factory.mktemp("union")
    for basis in ("government_funding", "business_in_union"):
        _edit(_copy(dst / basis) / "jurisdictions" / "EU" / "jurisdiction.yaml", _without_inside_funders(basis))

    def echo_only(data: dict) -> None:
        data["funders"] = [{"name": "ECHO", "country": "EU", "kind": "eu_institution"}]

    def eu_foundation(data: dict) -> None:  # an EU link that is no EU grant: whether it is business there is asked
        data["funders"] = [{"name": "Union Foundation", "country": "EU", "kind": "private"}]
        data["organisation"]["staff"] = [{"nationality": "KE"}]
        data["activities"] = [dict(data["activities"][0], performed_by=["KE"])]

    _engagement(dst, "echo", "kenyan-ngo-gedo.yaml", echo_only)
    _engagement(dst, "foundation", "kenyan-ngo-gedo.yaml", eu_foundation)
    return dst


def _eu(stdout: str) -> tuple[list[str], dict[str, dict]]:
    result = json.loads(stdout)
    connections = next(j for j in result["jurisdictions"] if j["code"] == "EU")["connections"]
    return connections, {f["activity"]: f for f in result["findings"] if f["jurisdiction"] == "EU"}


def test_an_eu_institution_funder_is_eu_government_funding_because_the_data_says_so(union: Path) -> None:
    before = _run("check", str(union / "echo.yaml"), "--format", "json")
    after = _run("check", str(union / "echo.yaml"), "--rules", str(union / "government_funding"), "--format", "json")
    assert before.returncode == 0 and after.returncode == 0, before.stderr + after.stderr
    was, _ = _eu(before.stdout)
    now, _ = _eu(after.stdout)
    assert "funded by ECHO (EU) (activity a)" in was
    assert not any(c.startswith("funded by ECHO") for c in now)
    assert "business done in whole or in part in the Union: ECHO (EU grant) (activity a)" in now  # its grant still


def test_an_eu_funder_is_an_eu_link_asked_about_because_the_data_says_so(union: Path) -> None:
    before = _run("check", str(union / "foundation.yaml"), "--format", "json")
    after = _run("check", str(union / "foundation.yaml"), "--rules", str(union / "business_in_union"),
                 "--format", "json")
    assert before.returncode == 0 and after.returncode == 0, before.stderr + after.stderr
    _, was = _eu(before.stdout)
    _, now = _eu(after.stdout)
    assert was["a"]["outcome"] == "needs_review"
    assert "paid_from" in [q["key"] for q in was["a"]["open_questions"]]
    assert now["a"]["outcome"] == "not_applicable"
