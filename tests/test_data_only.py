"""Adding a jurisdiction, an outcome label and an organisation flag is a change to data only, also in a copy of the
data given with ``--rules`` (its own ``_common/vocabulary.yaml`` is used): the walk-through of CONTRIBUTING.md.

So is every legal statement or premise the code used to carry: an immunity's effect, holders, question and the
organisation types asked about it; which funders' grants are business done in the Union; a layer's plain label (and
a new layer); a fact's plain question."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

NZ_JURISDICTION = """\
jurisdiction:
  code: NZ
  name: New Zealand
  encoded_from: 2002-10-17
  countries: [NZ]
  connections:
    - {basis: nationality, description: New Zealand nationals among the staff}
  summary: Test jurisdiction added by data alone.
"""
SOURCE = '{title: "TSA 2002", url: "https://www.legislation.govt.nz/act/public/2002/0034/latest/whole.html"}'
NZ_LAW = f"""\
instruments:
  - id: nz.tsa2002
    title: Terrorism Suppression Act 2002 (test)
    citation: TSA 2002
    url: https://www.legislation.govt.nz/act/public/2002/0034/latest/whole.html
    layer: criminal
    kind: statute
    in_force: {{from: 2002-10-17}}
    verified: true
    last_reviewed: 2026-11-30
prohibitions:
  - id: nz.tsa2002.s10
    title: Financing of terrorism (test)
    instrument: nz.tsa2002
    provisions: ["s.10"]
    summary: Test rule added by data alone.
    layer: criminal
    activity_kinds: [checkpoint_payment]
    designation_lists: [un-1267]
    mental_element: Knowing.
    reach: [{{basis: nationality, description: New Zealand nationals}}]
    penalty: {{max_imprisonment: 14 years, summary: Up to 14 years, verified: true}}
    in_force: {{from: 2002-10-17}}
    sources: [{SOURCE}]
    verified: true
    last_reviewed: 2026-11-30
exemptions:
  - id: nz.tsa2002.charity-test
    title: Registered charity exemption (test)
    instrument: nz.tsa2002
    provisions: ["test"]
    summary: Test exemption for registered charities.
    kind: statutory_exception
    effect: exempt
    applies_to: [nz.tsa2002.s10]
    qualifies: {{org_flag: nz_registered_charity}}
    in_force: {{from: 2002-10-17}}
    sources: [{SOURCE}]
    verified: true
    last_reviewed: 2026-11-30
"""
ENGAGEMENT = {
    "title": "NZ test", "date": "2024-06-01", "purpose": "humanitarian",
    "organisation": {"name": "Kiwi Aid", "type": "ngo_humanitarian", "incorporated_in": "NZ",
                     "staff": [{"nationality": "NZ"}]},
    "counterparts": [{"id": "g", "name": "ISIL"}], "location": {"country": "SY"},
    "activities": [{"id": "a", "kind": "checkpoint_payment", "counterpart": "g"}],
}


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the data (no schemas, no code) with New Zealand, a relabelled outcome and a new flag."""
    dst = tmp_path_factory.mktemp("data-only")
    shutil.copytree(ROOT / "jurisdictions", dst / "jurisdictions")
    shutil.copytree(ROOT / "designations", dst / "designations", ignore=shutil.ignore_patterns("imported"))
    vocab = dst / "jurisdictions" / "_common" / "vocabulary.yaml"
    text = vocab.read_text(encoding="utf-8")
    text = text.replace("- code: UN\n", "- code: NZ\n  name: New Zealand\n- code: UN\n", 1)
    text = text.replace("  label: NEEDS REVIEW\n", "  label: ASK A LAWYER\n", 1)
    text = text.replace("organisation_flags:\n", "organisation_flags:\n- id: nz_registered_charity\n"
                        "  question: Is it a registered charity in New Zealand?\n"
                        "  label: is a registered charity in New Zealand\n", 1)
    vocab.write_text(text, encoding="utf-8")
    (dst / "jurisdictions" / "NZ").mkdir()
    (dst / "jurisdictions" / "NZ" / "jurisdiction.yaml").write_text(NZ_JURISDICTION, encoding="utf-8")
    (dst / "jurisdictions" / "NZ" / "law.yaml").write_text(NZ_LAW, encoding="utf-8")
    for name, charity in (("unstated", None), ("charity", True)):
        eng = json.loads(json.dumps(ENGAGEMENT))
        if charity is not None:
            eng["organisation"]["nz_registered_charity"] = charity
        (dst / f"{name}.yaml").write_text(yaml.safe_dump(eng), encoding="utf-8")
    return dst


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LEGALCHECK_DATA", "LEGALCHECK_DATA_DIR")}
    return subprocess.run([sys.executable, "-m", "legalcheck", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False, cwd=ROOT)


def _nz(result: str) -> dict:
    return next(f for f in json.loads(result)["findings"] if f["jurisdiction"] == "NZ")


@pytest.mark.parametrize("how", [("--rules",), ()])
def test_validate_accepts_the_copy_with_its_own_vocabulary(copy: Path, how: tuple[str, ...]) -> None:
    r = _run("validate", *how, str(copy), "--format", "json")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr
    report = json.loads(r.stdout)
    assert any(line.startswith("NZ: 1 prohibitions, 1 exemptions") for line in report["summary"])


def test_the_new_flag_is_asked_then_decides_and_the_new_label_is_printed(copy: Path) -> None:
    r = _run("check", str(copy / "unstated.yaml"), "--rules", str(copy), "--format", "json")
    assert r.returncode == 0, r.stderr
    nz = _nz(r.stdout)
    assert nz["outcome"] == "needs_review"
    assert [q["key"] for q in nz["open_questions"]] == ["nz_registered_charity"]
    r = _run("check", str(copy / "charity.yaml"), "--rules", str(copy), "--format", "json")
    assert _nz(r.stdout)["outcome"] == "exempt"
    r = _run("check", str(copy / "unstated.yaml"), "--rules", str(copy), "--format", "md")
    assert "#### New Zealand: ASK A LAWYER" in r.stdout
    assert "Not stated whether the organisation is a registered charity in New Zealand" in r.stdout


# ------------------------------------------------------------------ legal wording and premises live in the data
# A copy whose data changes every legal statement or premise the code used to carry: the immunity's effect, holders,
# question and the organisation types asked about it; the funder kinds whose grant is business done in the Union;
# a layer's plain label and a new layer; a fact's plain question. Each new text must show, with no code change.
WORDING_ENGAGEMENT = {
    "title": "Wording test", "date": "2024-06-01", "purpose": "humanitarian",
    "organisation": {"name": "Test Aid", "type": "ngo_humanitarian", "incorporated_in": "GB",
                     "staff": [{"nationality": "GB", "un_official": True}, {"nationality": "IE"}]},
    "funders": [{"name": "Pooled fund", "country": "INT", "kind": "un"}],
    "counterparts": [{"id": "g", "name": "ISIL"}], "location": {"country": "SY"},
    "activities": [{"id": "a", "kind": "checkpoint_payment", "counterpart": "g", "performed_by": ["GB"],
                    "paid_from": "NO"},
                   {"id": "b", "kind": "checkpoint_payment", "counterpart": "g", "performed_by": ["IE"],
                    "paid_from": "NO"}],
}


def _change(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _immunity(data: dict) -> None:
    data["jurisdiction"]["immunities"][0].update(
        org_types=["ngo_humanitarian"], held_by="who hold a test immunity",
        question="QUESTION FROM THE DATA (test)?", effect="EFFECT FROM THE DATA (test)")


def _business(data: dict) -> None:
    grant = next(c for c in data["jurisdiction"]["connections"] if c["basis"] == "business_in_union")
    grant.update(funder_kinds=["un"], grant_label="UN GRANT (test)")


def _vocabulary(data: dict) -> None:
    data["jurisdictions"].insert(-1, {"code": "NZ", "name": "New Zealand"})
    next(x for x in data["layers"] if x["id"] == "criminal")["plain_breach"] = "a criminal offence (test)"
    data["layers"].append({"id": "administrative", "plain_breach": "an administrative offence (test)"})
    next(f for f in data["facts"] if f["id"] == "impartial_ca3_service")["plain_question"] = "PLAIN CA3 (test)?"


@pytest.fixture(scope="module")
def wording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dst = tmp_path_factory.mktemp("wording")
    shutil.copytree(ROOT / "jurisdictions", dst / "jurisdictions")
    shutil.copytree(ROOT / "designations", dst / "designations", ignore=shutil.ignore_patterns("imported"))
    j = dst / "jurisdictions"
    _change(j / "UK" / "jurisdiction.yaml", _immunity)
    _change(j / "EU" / "jurisdiction.yaml", _business)
    _change(j / "_common" / "vocabulary.yaml", _vocabulary)
    (j / "NZ").mkdir()
    (j / "NZ" / "jurisdiction.yaml").write_text(NZ_JURISDICTION, encoding="utf-8")
    nz_law = NZ_LAW.split("exemptions:")[0].replace("layer: criminal", "layer: administrative")
    (j / "NZ" / "law.yaml").write_text(nz_law, encoding="utf-8")
    (dst / "wording.yaml").write_text(yaml.safe_dump(WORDING_ENGAGEMENT), encoding="utf-8")
    (dst / "nz.yaml").write_text(yaml.safe_dump(ENGAGEMENT), encoding="utf-8")
    return dst


def _finding(result: str, code: str, activity: str) -> dict:
    return next(f for f in json.loads(result)["findings"] if f["jurisdiction"] == code and f["activity"] == activity)


def test_the_changed_copy_validates(wording: Path) -> None:
    r = _run("validate", "--rules", str(wording), "--format", "json")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr


def test_immunity_effect_holders_question_and_org_types_come_from_the_data(wording: Path) -> None:
    before = _run("check", str(wording / "wording.yaml"), "--format", "json")
    after = _run("check", str(wording / "wording.yaml"), "--rules", str(wording), "--format", "json")
    assert before.returncode == 0 and after.returncode == 0, before.stderr + after.stderr
    for result, effect, held, asked in (
        (before.stdout, "it does not make the act lawful and can be waived, so counsel must weigh it",
         "who act for the UN in an official capacity", []),
        (after.stdout, "EFFECT FROM THE DATA (test)", "who hold a test immunity", ["QUESTION FROM THE DATA (test)?"]),
    ):
        a = _finding(result, "UK", "a")  # performed by a GB staff member who holds the immunity
        assert a["outcome"] == "needs_review"
        reasons = [x for c in a["components"] for x in c["reasons"] if "holds an immunity" in x]
        assert reasons and all(x.endswith(effect) for x in reasons), reasons
        notes = [n for c in a["components"] if c.get("exposure") for n in c["exposure"]["notes"]]
        assert f"Staff of nationality GB {held}: " in " ".join(notes)
        b = _finding(result, "UK", "b")  # by an IE staff member whose status is unstated, of an NGO
        assert [q["text"] for q in b["open_questions"] if q["key"] == "un_official"] == asked


def test_the_funders_whose_grant_is_business_in_the_union_come_from_the_data(wording: Path) -> None:
    before = _run("check", str(wording / "wording.yaml"), "--format", "json")
    after = _run("check", str(wording / "wording.yaml"), "--rules", str(wording), "--format", "json")
    assert _finding(before.stdout, "EU", "a")["outcome"] == "not_applicable"  # a UN grant: not an EU one
    eu = _finding(after.stdout, "EU", "a")
    assert eu["outcome"] != "not_applicable"
    assert "for business done in whole or in part in the Union (Pooled fund)" in " ".join(
        x for c in eu["components"] for x in c["reached"])
    connections = next(j for j in json.loads(after.stdout)["jurisdictions"] if j["code"] == "EU")["connections"]
    assert "business done in whole or in part in the Union: Pooled fund (UN GRANT (test)) (activity a)" in connections


def test_layer_plain_labels_and_a_new_layer_come_from_the_data(wording: Path) -> None:
    r = _run("check", str(wording / "wording.yaml"), "--rules", str(wording), "--format", "md")
    assert r.returncode == 0, r.stderr
    assert "do not go ahead: it is a criminal offence (test)" in r.stdout
    r = _run("check", str(wording / "nz.yaml"), "--rules", str(wording), "--format", "md")
    assert r.returncode == 0, r.stderr
    assert "an administrative offence (test) under New Zealand law" in r.stdout


def test_a_facts_plain_question_comes_from_the_data(wording: Path) -> None:
    script = ("from legalcheck.engagement_io import load_engagement\nfrom legalcheck.engine import Checker\n"
              "from legalcheck.interview import open_asks\nfrom legalcheck.ruleset import load_ruleset\n"
              "from pathlib import Path\n"
              "rules = load_ruleset()\n"
              "eng, _ = load_engagement(Path('examples/engagements/swiss-ngo-somalia.yaml'), rules)\n"
              "for a in open_asks(Checker(rules).check(eng), rules):\n    print(a.key, '|', a.text)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("LEGALCHECK_DATA", "LEGALCHECK_DATA_DIR")}
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False,
                       cwd=ROOT, env={**env, "LEGALCHECK_DATA_DIR": str(wording)})
    assert r.returncode == 0, r.stderr
    assert "impartial_ca3_service | PLAIN CA3 (test)?" in r.stdout.splitlines()
