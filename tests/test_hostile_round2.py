"""Issue 16 (hostile and careless input, round 2): the cases that need more than one command, a special file or a
generated input. The single-command cases are in tests/bad_inputs/cases.yaml (ids starting ``r2-``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from test_bad_inputs import cli_in_process
from test_importers import ALT, SDN, UN

from legalcheck.paths import ENV_DATA, ENV_IMPORTED, data_folder, imported_dir, is_checkout

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "bad_inputs"
GOOD = CORPUS / "engagements" / "good.yaml"
PROFILES = ROOT / "examples" / "plans" / "profiles.yaml"


def cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
        timeout: int = 180) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("LEGALCHECK_DEBUG", ENV_DATA, "LEGALCHECK_DATA")}
    return subprocess.run([sys.executable, "-m", "legalcheck", *args], capture_output=True, text=True, cwd=cwd,
                          env={**base, **(env or {})}, timeout=timeout)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in this process (no cold start), with the data folder resolved as ``cli`` resolves it."""
    return cli_in_process(*args, env={"LEGALCHECK_DATA": None, ENV_DATA: None})


# ---- item 1: the data folder in use ---------------------------------------------------------------------------

def test_data_folder_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_DATA, raising=False)
    monkeypatch.delenv("LEGALCHECK_DATA", raising=False)
    # this test runs from a checkout (editable install or not): the checkout's data, never site-packages
    assert is_checkout(ROOT) and data_folder().path == ROOT and data_folder().source == "checkout"
    monkeypatch.setenv(ENV_DATA, str(tmp_path))
    assert data_folder().path == tmp_path and data_folder().source == ENV_DATA
    monkeypatch.delenv(ENV_DATA)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(ENV_IMPORTED, raising=False)
    assert imported_dir() == tmp_path / "xdg" / "legalcheck" / "designations" / "imported"
    monkeypatch.setenv(ENV_IMPORTED, str(tmp_path / "mine"))
    assert imported_dir() == tmp_path / "mine"


def test_installed_package_outside_a_checkout_uses_packaged_data(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate an installed tool (the package's parent is not a checkout): a checkout as working directory wins
    over the packaged copy; elsewhere the packaged copy is used and says so."""
    import legalcheck.paths as paths

    monkeypatch.delenv(ENV_DATA, raising=False)
    monkeypatch.delenv("LEGALCHECK_DATA", raising=False)
    monkeypatch.setattr(paths, "PACKAGE_DIR", tmp_path / "site-packages" / "legalcheck")
    monkeypatch.chdir(ROOT / "docs")
    assert paths.data_folder() == paths.DataFolder(ROOT, "checkout")
    monkeypatch.chdir(tmp_path)
    folder = paths.data_folder()
    assert folder.source == "packaged" and folder.path == tmp_path / "site-packages" / "legalcheck" / "_data"
    assert "edits to a checkout are not seen" in folder.describe()


def test_data_folder_is_shown_in_help_validate_and_memo(tmp_path: Path) -> None:
    env = {ENV_IMPORTED: str(tmp_path / "imp")}
    r = cli("--help", env=env)
    assert "Data in use" in r.stdout and str(ROOT) in r.stdout and "imported lists" in r.stdout
    r = cli("validate", env=env)
    assert f"rule data: {ROOT} (the legalcheck checkout in use); imported lists: {tmp_path / 'imp'}" in r.stdout
    r = cli("check", str(GOOD), "--format", "json", env={**env, ENV_DATA: str(ROOT)})
    assert json.loads(r.stdout)["provenance"]["data_source"] == ENV_DATA
    r = cli("check", str(GOOD), "--format", "md", env=env)
    assert "- Rule data folder: checkout" in r.stdout and str(ROOT) not in r.stdout.split("## Provenance")[1]


def test_import_goes_to_the_user_data_folder_that_screen_reads(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg"), "LEGALCHECK_CACHE": str(tmp_path / "cache")}
    xml = tmp_path / "consolidated.xml"
    xml.write_text(UN, encoding="utf-8")
    r = cli("designations", "import", "--format", "un-xml", str(xml), env=env)
    assert r.returncode == 0, r.stderr
    written = tmp_path / "xdg" / "legalcheck" / "designations" / "imported" / "un-consolidated.json"
    assert written.is_file() and not (ROOT / "designations" / "imported" / "un-consolidated.json").exists()
    r = cli("screen", "--index", "--format", "json", "AL-SHABAAB", env=env)
    assert r.returncode == 0, r.stderr
    assert "soe.001" in r.stdout


# ---- items 2 and 3: imports -----------------------------------------------------------------------------------

def _ofac(tmp_path: Path, *files: str, as_of: str = "2024-05-03", extra: tuple[str, ...] = ()
          ) -> subprocess.CompletedProcess[str]:
    paths = []
    for name in files:
        p = tmp_path / name
        p.write_text({"sdn.csv": SDN, "alt.csv": ALT}[name], encoding="utf-8")
        paths.append(str(p))
    return cli("designations", "import", "--format", "ofac-csv", *paths, "--as-of", as_of, "--out",
               str(tmp_path / "imported"), *extra)


def test_reimport_without_aliases_is_refused(tmp_path: Path) -> None:
    assert _ofac(tmp_path, "sdn.csv", "alt.csv").returncode == 0
    before = (tmp_path / "imported" / "ofac-sdn.json").read_bytes()
    r = _ofac(tmp_path, "sdn.csv")
    assert r.returncode == 2 and "implausibly fewer aliases" in r.stderr and "alt.csv" in r.stderr
    assert (tmp_path / "imported" / "ofac-sdn.json").read_bytes() == before
    assert _ofac(tmp_path, "sdn.csv", extra=("--force",)).returncode == 0


def test_older_list_does_not_replace_a_newer_one(tmp_path: Path) -> None:
    assert _ofac(tmp_path, "sdn.csv", "alt.csv", as_of="2026-02-27").returncode == 0
    r = _ofac(tmp_path, "sdn.csv", "alt.csv", as_of="2019-01-01")
    assert r.returncode == 2 and "older than the one it would replace" in r.stderr and "--allow-older" in r.stderr
    data = json.loads((tmp_path / "imported" / "ofac-sdn.json").read_text(encoding="utf-8"))
    assert data["as_of"] == "2026-02-27"
    assert _ofac(tmp_path, "sdn.csv", "alt.csv", as_of="2019-01-01", extra=("--allow-older",)).returncode == 0
    # the UN list re-dated 2019 over the 2026 one, as in the issue
    xml = tmp_path / "consolidated.xml"
    out = tmp_path / "un"
    xml.write_text(UN, encoding="utf-8")
    assert cli("designations", "import", "--format", "un-xml", str(xml), "--out", str(out)).returncode == 0
    xml.write_text(UN.replace("2026-02-27T", "2019-02-27T"), encoding="utf-8")
    r = cli("designations", "import", "--format", "un-xml", str(xml), "--out", str(out))
    assert r.returncode == 2 and "older" in r.stderr


def test_killed_import_leaves_no_temporary_file_after_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "imported"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = out / f".legalcheck-{dead.stdout.strip()}-abc.tmp"
    stale.write_text("{half a list", encoding="utf-8")
    old_style = out / ".ofac-sdn-xyz.tmp"
    old_style.write_text("{", encoding="utf-8")
    os.utime(old_style, (time.time() - 7200, time.time() - 7200))
    assert _ofac(tmp_path, "sdn.csv", "alt.csv").returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["ofac-sdn.json"]


# ---- item 4: limits checked before the work -------------------------------------------------------------------

def test_plan_workbook_over_the_expansion_limit_is_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:  # 17 MB of hex text: no ratio alarm, over the cap
        z.writestr("xl/worksheets/sheet1.xml", os.urandom(17 * 1024 * 1024 // 2 + 1).hex())
    start = time.monotonic()
    r = cli("plan", str(big), "--profiles", str(PROFILES), "-o", str(tmp_path / "out.json"))
    assert r.returncode == 2 and "expands to too much data" in r.stderr
    assert time.monotonic() - start < 60 and not (tmp_path / "out.json").exists()


def test_plan_with_too_many_rows_is_refused(tmp_path: Path) -> None:
    head, row = (ROOT / "examples" / "plans" / "plan.csv").read_text(encoding="utf-8").splitlines()[:2]
    plan = tmp_path / "plan.csv"
    plan.write_text("\n".join([head] + [row] * 100_001) + "\n", encoding="utf-8")  # CSV rows are counted first
    r = run("plan", str(plan), "--profiles", str(PROFILES), "-o", str(tmp_path / "out.json"))
    assert r.returncode == 2 and "too many rows" in r.stderr and "at most 100000" in r.stderr


# ---- item 5: outputs ------------------------------------------------------------------------------------------

def test_output_onto_an_input_or_a_pipe_is_refused(tmp_path: Path) -> None:
    eng = tmp_path / "eng.yaml"
    shutil.copy(GOOD, eng)
    before = eng.read_bytes()
    for args in (("-o", str(eng)), ("--record", str(eng)), ("-o", str(tmp_path / "link.yaml"))):
        if args[1].endswith("link.yaml"):
            (tmp_path / "link.yaml").symlink_to(eng)
        r = run("check", str(eng), *args)
        assert r.returncode == 2 and "overwrite an input" in r.stderr, r.stderr
        assert eng.read_bytes() == before
    plan = tmp_path / "plan.csv"
    shutil.copy(ROOT / "examples" / "plans" / "plan.csv", plan)
    r = run("plan", str(plan), "--profiles", str(PROFILES), "-o", str(plan))
    assert r.returncode == 2 and "overwrite an input" in r.stderr
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    r = cli("check", str(GOOD), "-o", str(fifo))
    assert r.returncode == 2 and "not a regular file" in r.stderr and fifo.is_fifo()
    r = cli("check", str(fifo))  # reading a pipe would block: refused before it is opened
    assert r.returncode == 2 and "not a regular file" in r.stderr


def test_dash_means_standard_output(tmp_path: Path) -> None:
    r = cli("check", str(GOOD), "--format", "json", "-o", "-", cwd=tmp_path)
    assert r.returncode == 0 and json.loads(r.stdout)["title"] == "Access talks"
    assert not (tmp_path / "-").exists()


def test_a_symlink_output_is_written_through_and_dev_stdout_is_the_stream(tmp_path: Path) -> None:
    real, link = tmp_path / "real.md", tmp_path / "link.md"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link.symlink_to(real.name)
    r = run("check", str(GOOD), "--format", "md", "-o", str(link))
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("# ")
    assert real.stat().st_mode & 0o777 == 0o640
    (tmp_path / "dangling.md").symlink_to("nowhere.md")
    r = run("check", str(GOOD), "-o", str(tmp_path / "dangling.md"))
    assert r.returncode == 2 and "dangling" in r.stderr and not (tmp_path / "nowhere.md").exists()
    # standard output redirected to a regular file: /dev/stdout is then a link to it and must stay one
    out = tmp_path / "out.json"
    was_link = os.path.islink("/dev/stdout")
    with out.open("w", encoding="utf-8") as fh:
        p = subprocess.run([sys.executable, "-m", "legalcheck", "check", str(GOOD), "--format", "json", "-o",
                            "/dev/stdout"], stdout=fh, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=180)
    assert p.returncode == 0, p.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "Access talks"
    assert os.path.islink("/dev/stdout") == was_link  # as root, a rename would have replaced the system's link
    r = cli("check", str(GOOD), "--format", "json", "-o", "/dev/stdout")  # standard output is a pipe here
    assert r.returncode == 0 and json.loads(r.stdout)["title"] == "Access talks"


# ---- item 6: verify-record re-hashes the input ----------------------------------------------------------------

def test_relabelled_record_does_not_verify(tmp_path: Path) -> None:
    eng, other = tmp_path / "eng.yaml", tmp_path / "other.yaml"
    shutil.copy(GOOD, eng)
    other.write_text(GOOD.read_text(encoding="utf-8").replace("dialogue_meeting", "ihl_training"), encoding="utf-8")
    rec, rec2 = tmp_path / "rec.json", tmp_path / "rec2.json"
    assert run("check", str(eng), "--record", str(rec), "-o", str(tmp_path / "m.md")).returncode == 0
    assert run("check", str(other), "--record", str(rec2), "-o", str(tmp_path / "m2.md")).returncode == 0
    assert run("verify-record", str(rec)).returncode == 0
    data = json.loads(rec.read_text(encoding="utf-8"))
    data["input"] = json.loads(rec2.read_text(encoding="utf-8"))["input"]  # another file's path and SHA-256
    rec.write_text(json.dumps(data), encoding="utf-8")
    r = run("verify-record", str(rec), "--format", "json")
    assert r.returncode == 1, r.stdout + r.stderr
    kinds = {(d["kind"], d["where"]) for d in json.loads(r.stdout)["differences"]}
    assert ("input", "engagement") in kinds
    # an edited engagement file under its recorded path is found too
    data = json.loads(rec2.read_text(encoding="utf-8"))
    other.write_text(other.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    r = run("verify-record", str(rec2))
    assert r.returncode == 1 and "input:" in r.stdout and "SHA-256" in r.stdout
    other.unlink()
    r = run("verify-record", str(rec2))
    assert r.returncode == 1 and "not found" in r.stdout


# ---- items 7 and 8: control characters ------------------------------------------------------------------------

ESC_TITLE = "\x1b]0;pwned\x07\x1b[2J\x9b31mRED\u202e"


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(GOOD.read_text(encoding="utf-8"))
    data.pop("$schema")
    data["title"], data["date"] = ESC_TITLE, str(data["date"])
    data["counterparts"][0]["name"] = "Alpha\x1b[8m Front"
    eng = tmp_path / "esc.json"
    eng.write_text(json.dumps(data), encoding="utf-8")  # JSON may carry any character (YAML refuses raw ESC)
    for fmt in ("md", "json", "html"):
        r = run("check", str(eng), "--format", fmt)
        assert r.returncode == 0, r.stderr
        for ch in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert ch not in r.stdout and ch not in r.stderr, (fmt, ch)
        assert "pwned" in r.stdout and "u001b" in r.stdout
    r = run("check", str(eng), "--format", "json")
    assert json.loads(r.stdout)["title"] == ESC_TITLE  # the escape is JSON's own: the data is unchanged


def test_plan_cells_with_control_characters(tmp_path: Path) -> None:
    head, row = (ROOT / "examples" / "plans" / "plan.csv").read_text(encoding="utf-8").splitlines()[:2]
    plan = tmp_path / "plan.csv"
    plan.write_text(head + "\n" + row.replace("IHL session", "IHL\x1b[2J\x07 session\x01") + "\n", encoding="utf-8")
    r = run("plan", str(plan), "--profiles", str(PROFILES), "-o", str(tmp_path / "out.xlsx"))
    assert r.returncode == 0, r.stderr
    r = run("plan", str(plan), "--profiles", str(PROFILES), "--format", "table")
    assert r.returncode == 0 and "\x1b" not in r.stdout + r.stderr and "\x07" not in r.stdout
