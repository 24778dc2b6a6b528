"""How long each command takes to refuse a bad input, against `triage --help` as the baseline.

Run: ``python bench/cli_errors.py [--repeats 5]``. Each command runs in a fresh
interpreter on a missing file, an empty file and a file with a bad line; the median
wall time is printed beside the median of ``triage --help`` measured in the same run
(the machine is shared and noisy, so the ratio is the figure to quote).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(args: list[str]) -> float:
    """Wall seconds of one ``triage`` run in a fresh interpreter."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "triage", *args], capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        empty = folder / "empty.jsonl"
        empty.write_bytes(b"")
        bad = folder / "bad.jsonl"
        bad.write_text('{"id": "r1", "text": "help with food", "need_level": "early_help", "concerns": []}\n{oops\n')
        inputs = {"missing": folder / "nope.jsonl", "empty": empty, "bad line": bad}
        baseline = statistics.median(timed(["--help"]) for _ in range(options.repeats))
        print(f"triage --help (baseline): {baseline:.2f} s")
        for label, path in inputs.items():
            commands = {
                "validate": ["validate", str(path)],
                "redact": ["redact", str(path), str(folder / "out.jsonl")],
                "train": ["train", "--data", str(path)],
                "evaluate": ["evaluate", "--data", str(path), "--out", str(folder / "r")],
                "promote": ["promote", "--candidate", "1", "--data", str(path), "--out", str(folder / "r")],
            }
            for name, args in commands.items():
                median = statistics.median(timed(args) for _ in range(options.repeats))
                print(f"{label:<9} {name:<9} {median:.2f} s  ({median / baseline:.2f}x --help)")


if __name__ == "__main__":
    main()
