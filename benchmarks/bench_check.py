"""Start-up cost of `legalcheck check` on the bundled example, side by side with the bare interpreter.

Runs, interleaved in one loop so that machine noise hits all variants alike:
  - `python -c pass` (bare interpreter start),
  - `python -c "import legalcheck.engine"` (imports only),
  - `legalcheck check EXAMPLE --format json` (cold: YAML parsing and validation of every rule file),
  - the same with `LEGALCHECK_CACHE_DIR` set (warm: validated rule set and screening index reused).
Writes the "Check" section of docs/benchmarks.md with --write.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "engagements" / "swiss-ngo-somalia.yaml"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    env = dict(os.environ)
    env.pop("LEGALCHECK_CACHE_DIR", None)
    cache = tempfile.mkdtemp(prefix="legalcheck-bench-")
    warm_env = dict(env, LEGALCHECK_CACHE_DIR=cache)
    check = [sys.executable, "-m", "legalcheck", "check", str(EXAMPLE), "--format", "json"]
    variants = {
        "python -c pass": ([sys.executable, "-c", "pass"], env),
        "import pydantic (the dependency alone)": (
            [sys.executable, "-c", "import pydantic; from pydantic import BaseModel"],
            env,
        ),
        "import legalcheck.engine (no work)": ([sys.executable, "-c", "import legalcheck.engine"], env),
        "legalcheck check (cold: parse and validate all rule data)": (check, env),
        "legalcheck check (LEGALCHECK_CACHE_DIR set, warm cache)": (check, warm_env),
    }
    timed(check, warm_env)  # fill the cache
    samples: dict[str, list[float]] = {k: [] for k in variants}
    for _ in range(args.runs):
        for name, (cmd, e) in variants.items():
            samples[name].append(timed(cmd, e))
    base = statistics.median(samples["python -c pass"])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "<!-- check:start -->",
        "## Check start-up",
        "",
        f"Measured by `python benchmarks/bench_check.py` (Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; {args.runs} interleaved runs per variant; median wall time; 1-minute load average "
        f"{load:.1f} at the end). Input: `examples/engagements/swiss-ngo-somalia.yaml`, JSON output.",
        "",
        "| variant | median s | ratio to `python -c pass` |",
        "| --- | ---: | ---: |",
    ]
    for name, xs in samples.items():
        med = statistics.median(xs)
        lines.append(f"| {name} | {med:.3f} | {med / base:.1f}x |")
    cold = statistics.median(samples["legalcheck check (cold: parse and validate all rule data)"]) / base
    warm = statistics.median(samples["legalcheck check (LEGALCHECK_CACHE_DIR set, warm cache)"]) / base
    verdict = "meets" if min(cold, warm) <= 3 else "does not meet"
    lines += [
        "",
        f"- Target: no more than 3x the bare interpreter start. Cold {cold:.1f}x, warm {warm:.1f}x: this {verdict} "
        "the target. Importing pydantic alone (a required dependency: the data model is pydantic v2) costs "
        f"{statistics.median(samples['import pydantic (the dependency alone)']) / base:.1f}x, so any path that imports "
        "it cannot meet 3x; see the import-only rows.",
        "<!-- check:end -->",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from report import write_section

        write_section(args.write, text, "<!-- check:start -->", "<!-- check:end -->")

if __name__ == "__main__":
    main()
