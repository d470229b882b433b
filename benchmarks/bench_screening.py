"""Screening benchmark: the project's indexed screener vs a brute-force rapidfuzz scan, in one run.

    python benchmarks/bench_screening.py [--lists ../shared/data/lists] [--write docs/benchmarks.md]

Imports every official list file found under ``--lists``, builds and saves the persistent index in a
temporary cache directory, measures the index load time, then runs the labelled evaluation set
(:mod:`legalcheck.screening.evaluation`) through

* the project's ``Screener`` over the loaded index, and
* brute force: ``rapidfuzz.process.extract`` over every strong name, scoring token-sort similarity
  (names normalised the same way, articles dropped, tokens pre-sorted once so that the C scan runs
  ``fuzz.ratio``, which equals ``fuzz.token_sort_ratio``), cut off at the same threshold,

and reports queries per second and recall/precision of both. ``--write`` replaces the "Screening"
section of ``docs/benchmarks.md``.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).resolve().parent))
import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process
from report import write_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from legalcheck.importers import read_directory  # noqa: E402
from legalcheck.models.designations import DesignationList  # noqa: E402
from legalcheck.screening import DEFAULT_THRESHOLD, Screener  # noqa: E402
from legalcheck.screening.evaluation import EvalSet, Query, build_eval_set, evaluate, without_held_out  # noqa: E402
from legalcheck.screening.index import NameIndex  # noqa: E402
from legalcheck.screening.normalise import name_tokens, normalise_name  # noqa: E402
from legalcheck.screening.store import build_index  # noqa: E402

START = "<!-- screening:start -->"
END = "<!-- screening:end -->"


def _key(text: str) -> str:
    return " ".join(sorted(name_tokens(normalise_name(text))))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "data" / "lists")
    ap.add_argument("--write", type=Path, default=None, help="update the Screening section of this Markdown file")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes over the query set (best is reported)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    lists = read_directory(args.lists)
    t_import = time.perf_counter() - t0
    ev = build_eval_set(lists)
    lists = without_held_out(lists, ev.held_out)

    with tempfile.TemporaryDirectory() as tmp:
        return _run(args, lists, ev, t_import, Path(tmp) / "index.json")


def _run(args: argparse.Namespace, lists: list[DesignationList], ev: EvalSet, t_import: float, path: Path) -> int:
    t0 = time.perf_counter()
    build_index(lists).save(path)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    index = NameIndex.load(path)
    t_load = time.perf_counter() - t0
    size_mb = path.stat().st_size / 1e6
    screener = Screener.from_index(index)
    threshold = DEFAULT_THRESHOLD

    def ours(q: Query) -> list[tuple[str, str, bool, str]]:
        return [(m.list_id, m.designation.id, m.match, m.matched_name) for m in screener.screen(q.text)]

    # brute force over every strong name (weak aliases: exact only, as in the screener)
    choices: list[str] = []
    owners: list[tuple[str, str, str]] = []
    for lst in lists:
        for e in lst.entries:
            for n in e.names():
                choices.append(_key(n))
                owners.append((lst.id, e.id, n))

    def brute(q: Query) -> list[tuple[str, str, bool, str]]:
        best: dict[tuple[str, str], str] = {}
        for _, _, i in process.extract(_key(q.text), choices, scorer=fuzz.ratio,
                                       score_cutoff=threshold * 100, limit=None):
            lid, eid, n = owners[i]
            best.setdefault((lid, eid), n)
        return [(lid, eid, True, n) for (lid, eid), n in best.items()]

    queries = ev.queries
    results = {}
    runs = (("legalcheck Screener (index)", ours), ("brute-force rapidfuzz (token-sort ratio, every name)", brute))
    for label, fn in runs:
        best_t = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            for q in queries:
                fn(q)
            best_t = min(best_t, time.perf_counter() - t0)
        scores = evaluate(ev, fn)
        results[label] = (len(queries) / best_t, best_t / len(queries) * 1000, scores)

    (ours_qps, _, ours_sc), (brute_qps, _, brute_sc) = results.values()
    lines = [
        START,
        "## Screening",
        "",
        f"Measured by `python benchmarks/bench_screening.py` on {time.strftime('%Y-%m-%d')} "
        f"(Python {platform.python_version()}, {platform.machine()}, one process), over every list imported from "
        f"`../shared/data/lists/`: {len(lists)} lists, {len(index.entries)} entries, {len(choices)} strong names "
        f"(+ weak aliases). Query set: {len(queries)} labelled queries "
        f"({ours_sc.positives} positives, {len(queries) - ours_sc.positives} negatives) from "
        "`legalcheck.screening.evaluation`; threshold "
        f"{threshold:.2f} for both. Best of {args.repeat} passes. Load average at the end of the run: "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work on the machine slows both screeners).",
        "",
        "| screener | queries/s | ms/query | recall | precision |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, (qps, ms, sc) in results.items():
        lines.append(f"| {label} | {qps:,.0f} | {ms:.2f} | {sc.recall:.3f} | {sc.precision:.3f} |")
    lines += [
        "",
        f"- Speed-up over brute force: **{ours_qps / brute_qps:.1f}x** at recall {ours_sc.recall:.3f} "
        f"vs {brute_sc.recall:.3f}.",
        f"- Index: built in {t_build:.2f} s, saved as {size_mb:.1f} MB of JSON, **loaded in {t_load:.2f} s**; "
        f"importing the official files took {t_import:.1f} s (done once, by `designations import`).",
        "- Recall by category (ours): "
        f"{', '.join(f'{c} {f}/{n}' for c, (f, n) in sorted(ours_sc.by_category.items()))}.",
        f"- Recall by category (brute force): "
        f"{', '.join(f'{c} {f}/{n}' for c, (f, n) in sorted(brute_sc.by_category.items()))}.",
        END,
    ]
    section = "\n".join(lines)
    print(section)
    if args.write:
        write_section(args.write, section, START, END)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
