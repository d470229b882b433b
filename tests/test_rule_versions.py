"""Rule versions: ids name provisions, never dates; renamed rules keep their old ids in ``formerly:``, and decision
records made with an old id still verify, reporting the rename."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from memo_helpers import ROOT, SOMALIA, run

from legalcheck.ruleset import load_ruleset
from legalcheck.validation import cross_reference_problems
from legalcheck.validation.versions import VERSION_SUFFIX


def _rules_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(ROOT / "jurisdictions", dst / "jurisdictions")
    shutil.copytree(ROOT / "designations", dst / "designations", ignore=shutil.ignore_patterns("imported"))
    return dst


def _errors(rules: Path) -> list[str]:
    rs = load_ruleset(rules, strict_refs=False)
    return [p.render() for p in cross_reference_problems(rs)]


def test_no_rule_in_a_version_chain_carries_a_version_suffix() -> None:
    rs = load_ruleset()
    rules = [r for j in rs.jurisdictions.values() for r in [*j.prohibitions, *j.exemptions]]
    successors = {old for r in rules for old in r.superseded_ids}
    chained = [r.id for r in rules if r.superseded_ids or r.id in successors]
    assert "uk.ta2000.s11-in-uk" in chained and "un.1916.somalia-humanitarian" in chained
    assert [i for i in chained if VERSION_SUFFIX.search(i)] == []
    renamed = rs.renamed()
    assert renamed["uk.ta2000.s11-2001"] == "uk.ta2000.s11-in-uk"
    assert renamed["uk.sanctions.isil-aq.hum-2664-continued"] == "uk.sanctions.isil-aq.hum-2761"


def test_validate_rejects_a_dated_id_and_misused_former_ids(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    crim = rules / "jurisdictions" / "UK" / "criminal.yaml"
    text = crim.read_text(encoding="utf-8")
    # back to a dated id, and a former id that is still the id of a rule
    text = text.replace("uk.ta2000.s13-1-uniform", "uk.ta2000.s13-2001")
    text = text.replace("formerly: [uk.ta2000.s11-2001]", "formerly: [uk.ta2000.s12-2c]")
    crim.write_text(text, encoding="utf-8")
    errors = "\n".join(_errors(rules))
    assert re.search(r"warning: uk\.ta2000\.s13-2001: a version of a rule is named by its provision", errors), errors
    assert "(found -2001)" in errors
    assert "formerly names 'uk.ta2000.s12-2c', which is still the id of a rule" in errors


def test_supersedes_naming_a_former_id_says_what_it_became(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    crim = rules / "jurisdictions" / "UK" / "criminal.yaml"
    text = crim.read_text(encoding="utf-8")
    crim.write_text(text.replace("supersedes: uk.ta2000.s11-in-uk", "supersedes: uk.ta2000.s11-2001"),
                    encoding="utf-8")
    errors = "\n".join(_errors(rules))
    assert "supersedes 'uk.ta2000.s11-2001', which does not exist (it was renamed to 'uk.ta2000.s11-in-uk')" in errors


def test_a_record_made_before_a_rename_verifies_and_reports_it(tmp_path: Path) -> None:
    rules = _rules_copy(tmp_path)
    rec = tmp_path / "rec.json"
    code, _, err = run("check", str(SOMALIA), "--rules", str(rules), "--record", str(rec), "-o", str(tmp_path / "m"))
    assert code == 0, err
    text = rec.read_text(encoding="utf-8")
    assert "un.1916.somalia-humanitarian" in text
    # the record as the tool wrote it before the rename
    rec.write_text(text.replace("un.1916.somalia-humanitarian", "un.somalia.humanitarian-1916"), encoding="utf-8")
    code, out, _ = run("verify-record", str(rec), "--rules", str(rules), "--format", "json")
    assert code == 1, out
    diffs = json.loads(out)["differences"]
    assert diffs == [{"kind": "renamed", "where": "rule un.somalia.humanitarian-1916",
                      "recorded": "un.somalia.humanitarian-1916", "now": "un.1916.somalia-humanitarian",
                      "note": "the rule id changed (see the rule's 'formerly:'); compared under the new id"}]
    code, out, _ = run("verify-record", str(rec), "--rules", str(rules))
    assert "renamed: rule un.somalia.humanitarian-1916: recorded un.somalia.humanitarian-1916, now " \
           "un.1916.somalia-humanitarian" in out


def test_diff_reports_a_rename_not_a_removal_and_an_addition(tmp_path: Path) -> None:
    from legalcheck.commands.maintain import rule_changes

    old_rules = _rules_copy(tmp_path)
    crim = old_rules / "jurisdictions" / "UK" / "criminal.yaml"
    text = re.sub(r"\n *formerly: \[uk\.ta2000\.s11-2001\][^\n]*", "", crim.read_text(encoding="utf-8"))
    crim.write_text(text.replace("uk.ta2000.s11-in-uk", "uk.ta2000.s11-2001"), encoding="utf-8")
    changes = [c for c in rule_changes(load_ruleset(old_rules), load_ruleset()) if "s11" in c.id]
    assert [(c.kind, c.id, c.change) for c in changes] == [
        ("prohibition", "uk.ta2000.s11", "changed"),  # its supersedes names the new id
        ("prohibition", "uk.ta2000.s11-in-uk", "renamed"),
    ]
    assert changes[1].fields == {"id": ("uk.ta2000.s11-2001", "uk.ta2000.s11-in-uk")}
