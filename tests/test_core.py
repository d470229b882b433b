"""Core engine, loader and CLI behaviour."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from legalcheck.cli import main
from legalcheck.errors import InputError
from legalcheck.yamlio import parse_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "engagements" / "swiss-ngo-somalia.yaml"


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def test_check_json_contract() -> None:
    code, out, _ = run("check", str(EXAMPLE), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == 1
    assert data["as_of"] == "2024-09-15"
    assert set(data["provenance"]) >= {"tool_version", "rules_sha256", "lists"}
    assert all({"id", "as_of"} <= set(x) for x in data["provenance"]["lists"])
    cp = data["counterparts"][0]
    assert cp["id"] == "shabaab" and cp["status"] == "designated"
    assert any(m["list"] == "us-fto" and m["match"] and m["in_force"] for m in cp["matches"])
    codes = {j["code"] for j in data["jurisdictions"]}
    assert {"US", "UN"} <= codes
    # every (activity, jurisdiction) pair has exactly one finding
    pairs = [(f["activity"], f["jurisdiction"]) for f in data["findings"]]
    assert len(pairs) == len(set(pairs)) == len(data["activities"]) * len(codes)
    by = {(f["activity"], f["jurisdiction"]): f for f in data["findings"]}
    us_a = by[("a", "US")]
    assert us_a["outcome"] == "prohibited"
    comp = next(c for c in us_a["components"] if c["rule"] == "us.2339b")
    assert comp["layer"] == "criminal" and comp["provisions"] and comp["explanation"]
    assert comp["exposure"]["who"] and "20 years" in comp["exposure"]["max_penalty"]
    assert us_a["exposure"]["who"][0].startswith("staff of nationality US")


def test_finding_outcome_is_most_restrictive_component() -> None:
    _, out, _ = run("check", str(EXAMPLE), "--format", "json")
    order = ["not_applicable", "permitted", "exempt", "licensed", "needs_review", "prohibited"]
    for f in json.loads(out)["findings"]:
        if f["components"]:
            assert f["outcome"] == max((c["outcome"] for c in f["components"]), key=order.index)


def test_markdown_memo_sections_and_determinism() -> None:
    code, first, _ = run("check", str(EXAMPLE), "--format", "md")
    assert code == 0
    _, second, _ = run("check", str(EXAMPLE), "--format", "md")
    assert first == second
    for heading in (
        "## 1. Summary",
        "## 2. Question",
        "## 3. Facts and assumptions",
        "## 4. Counterpart screening",
        "## 6. Analysis by activity",
        "## 7. Exposure",
        "## 9. Ways forward (options for counsel)",
        "## 10. What this memo does not cover",
        "## Appendix A. The rules applied",
        "## Provenance",
    ):
        assert heading in first
    assert "not legal advice" in first
    assert "https://www.law.cornell.edu/uscode/text/18/2339B" in first


def test_as_of_overrides_dates() -> None:
    _, out, _ = run("check", str(EXAMPLE), "--format", "json", "--as-of", "2005-01-01")
    data = json.loads(out)
    assert data["as_of"] == "2005-01-01" and data["provenance"]["as_of_overridden"]
    assert all(f["date"] == "2005-01-01" for f in data["findings"])


def test_output_file_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    code, stdout, _ = run("check", str(EXAMPLE), "-o", str(out))
    assert code == 0 and stdout == "" and out.read_text().startswith("# Counterterrorism")
    assert [p.name for p in tmp_path.iterdir()] == ["memo.md"]


@pytest.mark.parametrize(
    ("patch", "needle"),
    [
        ({"organisation": {"name": "X", "type": "ngo", "incorporated_in": "KE"}}, "organisation.type"),
        ({"titel": "typo"}, "unknown key"),
        ({"date": "2024-13-01"}, "date"),
        ({"location": {"country": "ZZ"}}, "unknown country code"),
    ],
)
def test_bad_engagement_exit_2(tmp_path: Path, patch: dict, needle: str) -> None:
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text())
    data.update(patch)
    f = tmp_path / "bad.yaml"
    f.write_text(yaml.safe_dump(data))
    code, _, err = run("check", str(f))
    assert code == 2, err
    assert needle in err and "Traceback" not in err
    assert f"{f}:" in err  # file (and line) named


def test_unknown_activity_kind_and_fact_named_with_line(tmp_path: Path) -> None:
    text = EXAMPLE.read_text().replace("kind: ihl_training", "kind: ihl_trainnig", 1)
    f = tmp_path / "e.yaml"
    f.write_text(text)
    code, _, err = run("check", str(f))
    line = text.splitlines().index(next(x for x in text.splitlines() if "ihl_trainnig" in x)) + 1
    assert code == 2 and f"{f}:{line}:" in err and "unknown activity kind" in err


def test_duplicate_activity_ids_and_dangling_counterpart(tmp_path: Path) -> None:
    text = (
        EXAMPLE.read_text()
        .replace("  - id: b\n", "  - id: a\n")
        .replace("counterpart: shabaab", "counterpart: nobody", 1)
    )
    f = tmp_path / "e.yaml"
    f.write_text(text)
    code, _, err = run("check", str(f))
    assert code == 2 and ("duplicate id" in err or "nobody" in err)


def test_yaml_alias_bomb_refused() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]\n"
    with pytest.raises(InputError) as exc:
        parse_document(bomb, "bomb.yaml")
    assert "alias bomb" in str(exc.value)


def test_duplicate_keys_and_deep_nesting_refused() -> None:
    with pytest.raises(InputError, match="duplicate key"):
        parse_document("a: 1\na: 2\n", "d.yaml")
    with pytest.raises(InputError, match="nesting"):
        parse_document("[" * 200 + "]" * 200, "n.yaml")


def test_large_file_refused(tmp_path: Path) -> None:
    f = tmp_path / "big.yaml"
    with f.open("w") as fh:
        fh.write("title: x\n# " + "x" * (6 * 1024 * 1024) + "\n")
    code, _, err = run("check", str(f))
    assert code == 2 and "too large" in err


def test_validate_ok_and_schemas_in_sync() -> None:
    from legalcheck.schemas import drift

    code, out, _ = run("validate")
    assert code == 0, out
    assert drift(ROOT / "schemas") == [], "schemas/ out of date: run `legalcheck schemas --write`"


def test_data_files_pass_json_schema() -> None:
    from legalcheck.jsonschema_check import check, schema_for
    from legalcheck.yamlio import load_document

    files = sorted((ROOT / "jurisdictions").rglob("*.yaml")) + sorted((ROOT / "designations").glob("*.yaml"))
    assert files
    problems = []
    for f in files:
        data, lines = load_document(f)
        name = schema_for(f)
        assert name, f
        problems += check(data, name, lines, str(f))
    assert not problems, "\n".join(p.render() for p in problems[:20])


def test_every_rule_carries_citation_dates_and_review() -> None:
    from legalcheck.ruleset import load_ruleset

    rs = load_ruleset()
    for j in rs.jurisdictions.values():
        for item in [*j.prohibitions, *j.exemptions]:
            assert item.sources and all(s.url.startswith("http") for s in item.sources), item.id
            assert item.in_force.from_ and item.last_reviewed, item.id
            assert rs.instrument(item.instrument).url.startswith("http"), item.id


PACKAGED_DIRS = ("jurisdictions", "designations", "templates", "schemas")  # setup.py's DATA_DIRS


def _in_checkout(name: str) -> Path:
    """The checkout file an installed file (a RECORD name under legalcheck/) was copied from."""
    parts = Path(name).parts
    if parts[1:2] == ("_data",):
        return ROOT.joinpath(*parts[2:])
    return ROOT.joinpath(*parts)


def _packaged_sources() -> set[Path]:
    """Checkout files a regular install copies (code, web assets, the data folders without imported lists)."""
    def keep(p: Path) -> bool:
        return p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"

    files = {p for p in (ROOT / "legalcheck").rglob("*") if keep(p) and "_data" not in p.parts}
    for d in PACKAGED_DIRS:
        files |= {p for p in (ROOT / d).rglob("*") if keep(p) and "imported" not in p.relative_to(ROOT).parts}
    return files


def installed_copy_of_this_checkout() -> tuple[Path, list[str]] | None:
    """(site-packages, RECORD names) of a regular ``pip install .`` of exactly this checkout (as ``.ci/run``
    installs it): every installed file hashes as its checkout source and no checkout file is missing. None for no,
    an editable or an out-of-date install."""
    import base64
    import hashlib
    from importlib import metadata

    for dist in metadata.distributions(name="legalcheck"):
        record = dist.read_text("RECORD")  # a .dist-info only (not an egg-info left in the checkout)
        if not record:
            continue
        names = [line.split(",")[0] for line in record.splitlines() if line.startswith("legalcheck/")]
        copied: set[Path] = set()
        for f in dist.files or []:
            name = f.as_posix()
            if not name.startswith("legalcheck/") or "__pycache__" in name or name == "legalcheck/_data/snapshot.bin":
                continue
            src = _in_checkout(name)
            digest = base64.urlsafe_b64encode(hashlib.sha256(src.read_bytes()).digest()).rstrip(b"=").decode() \
                if src.is_file() else None
            if f.hash is None or digest != f.hash.value:
                return None
            copied.add(src)
        if copied and copied == _packaged_sources():
            return Path(str(dist.locate_file(""))).resolve(), names
    return None


@pytest.mark.slow
def test_installed_package_carries_data(tmp_path: Path) -> None:
    """`pip install .` must carry jurisdictions/, designations/, templates/ and schemas/, and the compiled snapshot.

    The copy ``.ci/run`` installed (in a fresh virtual environment, the build isolated) is checked when it is exactly
    this checkout; otherwise a wheel is built here."""
    installed = installed_copy_of_this_checkout()
    if installed:
        site, names = installed
    else:
        build = tmp_path / "build"
        r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(build), str(ROOT)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            if os.environ.get("CI"):
                pytest.fail(f"cannot build a wheel: {r.stderr[-500:]}")
            pytest.skip(f"cannot build a wheel here: {r.stderr[-300:]}")

        import zipfile

        wheel = next(build.glob("*.whl"))
        names = zipfile.ZipFile(wheel).namelist()
        site = tmp_path / "site"
        zipfile.ZipFile(wheel).extractall(site)
    for d in (
        "jurisdictions/US/criminal.yaml",
        "templates/memo.md.j2",
        "schemas/engagement.schema.json",
        "designations/us-fto.yaml",
        "snapshot.bin",  # the compiled rule snapshot (setup.py)
    ):
        assert f"legalcheck/_data/{d}" in names, d
    # the packaged snapshot matches the packaged code and data: an installed legalcheck never parses the YAML
    probe = ("from legalcheck import snapshot, ruleset; jd, dd = ruleset.resolve_rules_dir(None); "
             "print(snapshot.cached(ruleset.rules_digest(jd, dd)) is not None, ruleset.load_ruleset().root)")
    env = {**os.environ, "PYTHONPATH": str(site), "LEGALCHECK_NO_CACHE": "1"}
    for k in ("LEGALCHECK_DATA_DIR", "LEGALCHECK_DATA"):
        env.pop(k, None)
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.stdout.split() == ["True", str(site / "legalcheck" / "_data")], out.stderr[-2000:]
