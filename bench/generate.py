"""Benchmark the synthetic generator: records per second and peak memory.

Run: ``.venv/bin/python bench/generate.py [--n 100000] [--seed 7]``. Target: 100,000
records written as JSONL in under 60 s on a 2-core machine, in constant memory (the
generator streams; nothing holds the records). Peak memory is the process's maximum
resident set size (``resource.getrusage``), which includes the interpreter and imports;
tracemalloc would slow the run several-fold and so distort the rate it is measuring.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from referrals.synthetic import load_generator_config, write_synthetic
from referrals.synthetic.generator import Engine

TARGET_SECONDS = 60.0


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def bench(n: int, seed: int, *, detail: bool = False) -> list[tuple[str, str]]:
    """Time the full write (JSONL + stats), optionally record building alone; table rows.

    Wall time depends on what else shares the machine, so CPU time of this process is
    reported beside it: on a shared 2-core box CPU time is the fairer figure.
    """
    config = load_generator_config()
    rows = [("records", f"{n:,}")]
    if detail:
        start = time.perf_counter()
        engine = Engine.build(config, seed)
        for index in range(n):
            engine.record(index)
        build_seconds = time.perf_counter() - start
        rows.append(("build records only, wall (s)", f"{build_seconds:.1f}"))
        rows.append(("build records only, records/s", f"{n / build_seconds:,.0f}"))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "bench.jsonl"
        start, cpu_start = time.perf_counter(), time.process_time()
        write_synthetic(out, n, seed, config)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        size_mib = out.stat().st_size / (1024 * 1024)
    rows.append(("generate + write JSONL + stats, wall (s)", f"{wall:.1f}"))
    rows.append(("generate + write JSONL + stats, CPU (s)", f"{cpu:.1f}"))
    rows.append(("records/s (wall)", f"{n / wall:,.0f}"))
    rows.append(("records/s (CPU)", f"{n / cpu:,.0f}"))
    rows.append(("output size (MiB)", f"{size_mib:.1f}"))
    rows.append(("peak RSS (MiB)", f"{_peak_rss_mib():.0f}"))
    budget = TARGET_SECONDS * n / 100_000
    rows.append((f"wall under {budget:.0f} s", "yes" if wall < budget else "NO"))
    return rows


def main() -> None:
    """Parse options, run, print a two-column table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--detail", action="store_true", help="also time record building alone")
    args = parser.parse_args()
    rows = bench(args.n, args.seed, detail=args.detail)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>10}")


if __name__ == "__main__":
    main()
