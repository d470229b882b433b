"""Start-up cost of `legalcheck check` on the bundled example, side by side with the bare interpreter.

Runs, interleaved in one loop so that machine noise hits all variants alike:
  - `python -c pass` (bare interpreter start),
  - `python -c "import legalcheck.engine"` (imports only),
  - `legalcheck check EXAMPLE --format json` (cold: YAML parsing and validation of every rule file),
  - the same with `LEGALCHECK_CACHE_DIR` set (warm: validated rule set and screening index reused),
  - `legalcheck check EXAMPLE --format docx -o FILE` (cold, Word memo).
Each run records the child's CPU time (user + system, from getrusage) and its wall time; ratios are medians over
medians of `python -c pass` run by the same interpreter in the same loop. Writes the "Check" section of
docs/benchmarks.md with --write.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "engagements" / "swiss-ngo-somalia.yaml"


def timed(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of ``cmd`` in ``cwd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


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
        "legalcheck check --format docx (cold, Word memo)": (
            [*check[:-1], "docx", "-o", str(Path(cache) / "memo.docx")], env),
    }
    timed(check, warm_env)  # fill the cache
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in variants}
    for _ in range(args.runs):
        for name, (cmd, e) in variants.items():
            samples[name].append(timed(cmd, e))
    cpu = {k: statistics.median(x[0] for x in xs) for k, xs in samples.items()}
    wall = {k: statistics.median(x[1] for x in xs) for k, xs in samples.items()}
    base, base_wall = cpu["python -c pass"], wall["python -c pass"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "<!-- check:start -->",
        "## Check start-up",
        "",
        f"Measured by `python benchmarks/bench_check.py` (Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; {args.runs} interleaved rounds; medians of CPU time (user + system) and of wall time; "
        f"1-minute load average {load:.1f} at the end: on a loaded machine the CPU ratios are the figures to read, "
        "the wall times are inflated). Input: `examples/engagements/swiss-ngo-somalia.yaml`, JSON output unless said.",
        "",
        "| variant | CPU s | CPU ratio to `python -c pass` | wall s | wall ratio |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in samples:
        lines.append(f"| {name} | {cpu[name]:.3f} | {cpu[name] / base:.1f}x | {wall[name]:.3f} | "
                     f"{wall[name] / base_wall:.1f}x |")
    cold = cpu["legalcheck check (cold: parse and validate all rule data)"] / base
    warm = cpu["legalcheck check (LEGALCHECK_CACHE_DIR set, warm cache)"] / base
    verdict = "meets" if cold <= 7 else "does not meet"
    lines += [
        "",
        f"- Target (issue 15): a cold `check --format json` at most 7x the bare interpreter in CPU time. Cold "
        f"{cold:.1f}x, warm (opt-in cache) {warm:.1f}x: this {verdict} the target. Importing pydantic alone costs "
        f"{cpu['import pydantic (the dependency alone)'] / base:.1f}x.",
        f"- Reproduce: `.venv/bin/python benchmarks/bench_check.py --runs {args.runs} --write docs/benchmarks.md`.",
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
