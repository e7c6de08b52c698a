"""Benchmark: one dossier from a cold start, as a secretariat or a web download makes it.

    python bench/single.py            # median of 5 runs each
    python bench/single.py --runs 3

Each figure is a new Python process (`python -m generator generate inputs/voorbeeld.yaml`):
- imports: only importing the libraries a dossier uses (the floor of any run);
- before: the dossier without the template cache (IAO_CACHE empty): every template
  is patched and its Jinja compiled in the run, as before the cache existed;
- cold: the dossier with an empty cache folder (prepares and saves every template);
- warm: the dossier with the cache filled by an earlier run (loads the prepared templates).
Prints the medians and `warm_vs_imports` (goal at most 3) and `before_vs_warm`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "inputs" / "voorbeeld.yaml"
# What a generate run imports, besides the standard library: the CLI, the pipeline and the libraries.
IMPORTS = "import generator.cli, generator.dossier.generation, generator.dossier.summary, docx, docxtpl, lxml.etree, jinja2, babel.dates, babel.numbers, yaml, pydantic, icalendar"


def timed(command: list[str], cache: str) -> float:
    environment = {**os.environ, "IAO_CACHE": cache}
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=environment, check=True, capture_output=True)
    return time.perf_counter() - start


def median(runs: int, command_for, cache_for) -> float:
    return statistics.median(timed(command_for(i), cache_for(i)) for i in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)

        def generate(i: int) -> list[str]:
            return [sys.executable, "-m", "generator", "generate", str(PROFILE), "-o", str(root / f"uit-{i}-{time.perf_counter_ns()}")]

        imports = median(runs, lambda i: [sys.executable, "-c", IMPORTS], lambda i: "")
        before = median(runs, generate, lambda i: "")
        cold = median(runs, generate, lambda i: str(root / f"leeg-{i}"))
        timed(generate(0), str(root / "gevuld"))  # fills the cache
        warm = median(runs, generate, lambda i: str(root / "gevuld"))
    print(f"imports       {imports:6.2f} s")
    print(f"before        {before:6.2f} s   (no cache)")
    print(f"cold          {cold:6.2f} s   (empty cache: prepares and saves)")
    print(f"warm          {warm:6.2f} s   (cache filled)")
    print(f"warm_vs_imports {warm / imports:.2f}  (goal at most 3)")
    print(f"cold_vs_imports {cold / imports:.2f}")
    print(f"before_vs_warm  {before / warm:.2f}")


if __name__ == "__main__":
    main()
