"""TA 2000 s.58B with an area designated (counterfactual: no area has been designated so far).

The researched example CT-21 (shared/scenario-examples.yaml, notes) says what the law gives if Idlib were
designated: a UK nurse entering to provide humanitarian aid is exempt (s.58B(4)(b), (5)(a)); a UK peacebuilding
adviser can rely only on the reasonable-excuse defence (s.58B(2)), so needs review; a UN agency's staff are exempt
(s.58B(5)(d)); development work relies on the reasonable-excuse defence, so needs review. The real data holds no
designated area, so these exemptions are never reached by the scenarios: this test designates one in a copy of the
data and checks them. A non-UK, non-resident staff member is not reached.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

AREA = {
    "id": "uk-designated-areas.idlib-test",
    "entity": "area-idlib-test",
    "name": "Idlib",
    "type": "area",
    "area_country": "SY",
    "listed_from": "2020-01-01",
    "history": ["Counterfactual designation for tests only (no s.58C regulations have been found)."],
    "sources": [{"title": "TA 2000 s.58B", "kind": "primary",
                 "url": "https://legislation.gov.uk/cy/ukpga/2000/11/section/58B/2019-04-12?view=plain"}],
    "verified": True,
}


def _engagement(org_type: str, purpose: str, staff: list[dict]) -> dict:
    return {
        "title": "Idlib", "date": "2020-09-15", "purpose": purpose,
        "organisation": {"name": "Orontes Relief UK (fictional)", "type": org_type, "incorporated_in": "GB",
                         "staff": staff},
        "location": {"country": "SY", "area": "Idlib"},
        "activities": [{"id": "a", "kind": "staff_travel"}],
    }


CASES = {
    "nurse-humanitarian": (_engagement("ngo_humanitarian", "humanitarian", [{"nationality": "GB"}]), "exempt"),
    "adviser-peacebuilding": (_engagement("ngo_peacebuilding", "peacebuilding", [{"nationality": "GB"}]),
                              "needs_review"),
    "development-reasonable-excuse": (_engagement("ngo_development", "development", [{"nationality": "GB"}]),
                                      "needs_review"),
    "un-agency": (_engagement("un_agency", "development", [{"nationality": "GB", "un_official": False}]), "exempt"),
    "resident-humanitarian": (_engagement("ngo_humanitarian", "humanitarian",
                                          [{"nationality": "SY", "residence": "GB"}]), "exempt"),
    "not-reached": (_engagement("ngo_humanitarian", "humanitarian", [{"nationality": "SY", "residence": "TR"}]),
                    "not_applicable"),
}


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dst = tmp_path_factory.mktemp("s58b")
    shutil.copytree(ROOT / "jurisdictions", dst / "jurisdictions")
    shutil.copytree(ROOT / "designations", dst / "designations", ignore=shutil.ignore_patterns("imported"))
    path = dst / "designations" / "uk-designated-areas.yaml"
    text = path.read_text(encoding="utf-8").replace("entries: []\n", "entries:\n" + yaml.safe_dump([AREA]), 1)
    path.write_text(text, encoding="utf-8")
    for name, (eng, _) in CASES.items():
        (dst / f"{name}.yaml").write_text(yaml.safe_dump(eng), encoding="utf-8")
    return dst


def _s58b(copy: Path, name: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("LEGALCHECK_DATA", "LEGALCHECK_DATA_DIR")}
    r = subprocess.run([sys.executable, "-m", "legalcheck", "check", str(copy / f"{name}.yaml"), "--rules",
                        str(copy), "--format", "json"], capture_output=True, text=True, env=env, timeout=300,
                       check=False, cwd=ROOT)
    assert r.returncode in (0, 1), r.stderr[-3000:]
    uk = next(f for f in json.loads(r.stdout)["findings"] if f["jurisdiction"] == "UK")
    if uk["outcome"] == "not_applicable":
        return "not_applicable"
    return next(c["outcome"] for c in uk["components"] if c["rule"] == "uk.ta2000.s58b")


@pytest.mark.parametrize("name", list(CASES))
def test_s58b_with_a_designated_area(copy: Path, name: str) -> None:
    assert _s58b(copy, name) == CASES[name][1]
