"""Each command imports only what it uses: a JSON check loads no Word, Excel or template library.

Each case runs in a fresh interpreter (a subprocess), since this test process has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "engagements" / "swiss-ngo-somalia.yaml"
PROBE = """
import json, sys
from legalcheck.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted({m.split(".")[0] for m in sys.modules}
                                                 | {m for m in sys.modules if m.startswith("legalcheck.")})) + "\\n")
"""


def imported_by(*args: str) -> set[str]:
    r = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)
    line = next(x for x in r.stderr.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


OFFICE = {"docx", "openpyxl", "lxml"}


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        # runtime classes only; the example's few name comparisons need no rapidfuzz (screening.levenshtein)
        (("check", str(EXAMPLE), "--format", "json"), {*OFFICE, "jinja2", "pydantic", "rapidfuzz"}),
        (("check", str(EXAMPLE), "--format", "md"), {*OFFICE, "pydantic"}),  # jinja2 only for md and html
        (("check", str(EXAMPLE), "--format", "html"), {*OFFICE, "pydantic"}),
        (("check", str(EXAMPLE), "--format", "docx", "-o", "{tmp}/memo.docx"), {"openpyxl", "jinja2", "pydantic"}),
        (("screen", "Hamas", "--format", "json"), {*OFFICE, "jinja2", "jsonschema"}),
        (("validate",), {*OFFICE, "jinja2", "rapidfuzz"}),  # rapidfuzz only when names are screened
        (("--version",), {"pydantic", "yaml", "rapidfuzz", "jinja2", *OFFICE}),
    ],
    ids=["check-json", "check-md", "check-html", "check-docx", "screen", "validate", "version"],
)
def test_command_imports_only_what_it_uses(args: tuple[str, ...], absent: set[str], tmp_path: Path) -> None:
    args = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    if "pydantic" in absent:
        imported_by(*args)  # the first run may compile the rule snapshot (from the YAML, with pydantic)
    modules = imported_by(*args)
    assert "legalcheck" in modules and "click" in modules  # the probe really ran the command
    if args[0] == "check":
        assert "legalcheck.screening.scoring" in modules  # ... and got as far as scoring the counterparts' names
    assert not absent & modules, f"`legalcheck {' '.join(args[:1])}` imported {sorted(absent & modules)}"


def test_the_collector_is_paused_only_while_a_short_command_runs() -> None:
    import gc

    from click.testing import CliRunner

    from legalcheck import gcpause
    from legalcheck.cli import main

    seen: list[bool] = []
    real = gcpause.resume

    def spy() -> None:
        seen.append(gc.isenabled())
        real()

    assert gc.isenabled()
    gcpause.resume = spy  # type: ignore[assignment]
    try:
        r = CliRunner().invoke(main, ["check", str(EXAMPLE), "--format", "json"])
    finally:
        gcpause.resume = real  # type: ignore[assignment]
    assert r.exit_code == 0, r.output
    assert seen and seen[0] is False  # paused while the check ran
    assert gc.isenabled()  # and on again afterwards
    r = CliRunner().invoke(main, ["plan-template", "--help"])
    assert r.exit_code == 0 and gc.isenabled()
