"""Write every output (JSON, Markdown, HTML, Word) of the bundled examples (also --as-of three dates) and of every
scenario, and the example plan (shared and exact), to a folder, to compare two versions of the code byte for byte:

    python tests/tools/dump_outputs.py REPO OUT_BEFORE   # on the old version
    python tests/tools/dump_outputs.py REPO OUT_AFTER    # on the new one
    diff -r OUT_BEFORE OUT_AFTER

Word files are written as the text of every part (and their SHA-256). Takes minutes: not part of the test suite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

from legalcheck.engagement_io import engagement_from_data, load_engagement
from legalcheck.engine import Checker
from legalcheck.memo import render
from legalcheck.memo_docx import render_docx
from legalcheck.memo_html import render_html
from legalcheck.models.engagement import Engagement
from legalcheck.plan.run import run_plan
from legalcheck.plan.writers import render as render_plan
from legalcheck.ruleset import RuleSet, load_ruleset
from legalcheck.scenarios import load_scenario
from legalcheck.yamlio import LineMap

AS_OF = ("2015-03-01", "2021-06-01", "2023-01-05")


def docx_text(data: bytes) -> str:
    z = zipfile.ZipFile(io.BytesIO(data))
    return "\n".join(f"== {n}\n" + z.read(n).decode("utf-8", "replace") for n in sorted(z.namelist()))


def dump(out: Path, rules: RuleSet, checker: Checker, name: str, eng: Engagement, as_of: dt.date | None,
         digest: str | None = None) -> None:
    res = checker.check(eng, as_of=as_of, input_sha256=digest)
    (out / f"{name}.json").write_text(json.dumps(res.model_dump(mode="json"), indent=2, ensure_ascii=False))
    (out / f"{name}.md").write_text(render(res, eng, rules, "md"))
    (out / f"{name}.html").write_text(render_html(res, eng, rules))
    word = render_docx(res, eng, rules)
    (out / f"{name}.docx.txt").write_text(docx_text(word))
    (out / f"{name}.docx.sha").write_text(hashlib.sha256(word).hexdigest())


def main(root: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    rules = load_ruleset(root / "jurisdictions")
    checker = Checker(rules)
    for f in sorted((root / "examples" / "engagements").glob("*.yaml")):
        eng, digest = load_engagement(f, rules)
        dump(out, rules, checker, "ex-" + f.stem, eng, None, digest)
        for day in AS_OF:
            dump(out, rules, checker, f"ex-{f.stem}-asof-{day}", eng, dt.date.fromisoformat(day), digest)
    for f in sorted((root / "tests" / "scenarios").rglob("*.yaml")):
        sc = load_scenario(f)
        eng = engagement_from_data(sc.engagement, LineMap(str(f)), str(f), rules)
        dump(out, rules, checker, f"sc-{f.parent.name}-{f.stem}", eng, sc.as_of)
    for exact in (False, True):
        result = run_plan(root / "examples" / "plans" / "plan.csv", rules, exact=exact, jobs=1)
        for fmt in ("json", "md"):
            (out / f"plan-exact{exact}.{fmt}").write_text(str(render_plan(result, fmt)))
    print("wrote", len(list(out.iterdir())), "files to", out)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
