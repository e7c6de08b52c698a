"""Benchmark: the full dossier for N copies of the reference profile, two ways.

    python bench/run.py            # N = 200
    python bench/run.py --quick    # N = 20
    make bench

(a) naive docxtpl: per document a fresh DocxTemplate(path), render(context,
    jinja_env=<our sandboxed environment>, autoescape=True) and save, in one
    process, on the same templates with the same contexts (built beforehand,
    outside the timing);
(b) our batch path: generator.dossier.batch.run_batch over the N profile files (checks,
    contexts, prepared templates, placeholders, atomic writes, in worker
    processes).

Each part runs in its own subprocess so that its peak memory (ru_maxrss of the
process and its workers) is its own. Then the I/O floor: reading every output
.docx of (b) and re-zipping it (the same members, deflate level 9) to disk, in
one process. Last: start-up of `iao --help` against `python -c "import click"`.
The last line is `speedup_vs_naive_docxtpl: X.X` (documents per second of (b)
over (a)).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "inputs" / "voorbeeld.yaml"


def _profiles(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    text = REFERENCE.read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        path = folder / f"academie-{i:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _peak_mb() -> float:
    # ru_maxrss is in KiB on Linux: the largest of this process and of its (waited-for) workers.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _cpu_seconds() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def part_naive(work: Path, n: int) -> dict:
    from docxtpl import DocxTemplate

    from generator.dossier import documents, rendering
    from generator.dossier.context import build_context
    from generator.dossier.generation import template_for
    from generator.profile import checking

    jobs = []  # (template, context, output) for every document, prepared outside the timing
    for path in _profiles(work / "profielen", n):
        profiel = checking.check_profile(path).loaded.profiel
        context = build_context(profiel)
        target = work / "naief" / path.stem
        target.mkdir(parents=True)
        jobs += [(template_for(kind, None), context, target / kind.filename(profiel)) for kind in documents.kinds_for(profiel)]
    env = rendering.environment()
    cpu, start = _cpu_seconds(), time.perf_counter()
    for template_path, context, output in jobs:
        template = DocxTemplate(str(template_path))
        template.render(context, jinja_env=env, autoescape=True)
        template.save(str(output))
    seconds = time.perf_counter() - start
    return {"documents": len(jobs), "seconds": seconds, "cpu": _cpu_seconds() - cpu, "peak_mb": _peak_mb()}


def part_batch(work: Path, n: int) -> dict:
    from generator.dossier.batch import run_batch

    profiles = _profiles(work / "profielen", n)
    out = work / "batch"
    cpu, start = _cpu_seconds(), time.perf_counter()
    result = run_batch(profiles, out)
    seconds = time.perf_counter() - start
    assert result.exit_code == 0, [p.message for p in result.profiles if p.failed]
    documents = len(list(out.glob("*/*.docx")))
    return {"documents": documents, "seconds": seconds, "cpu": _cpu_seconds() - cpu, "peak_mb": _peak_mb(), "files": sum(p.documents for p in result.profiles)}


def io_floor(files: list[Path], target: Path) -> float:
    """Seconds to read each file and write its members again as a deflate-9 zip."""
    target.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for i, path in enumerate(files):
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(target / f"{i}.docx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
            for name in src.namelist():
                dst.writestr(name, src.read(name))
    return time.perf_counter() - start


def _run_part(name: str, work: Path, n: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--part", name, "--work", str(work), "-n", str(n)], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _startup(command: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 profiles instead of 200")
    parser.add_argument("-n", type=int, help="number of profiles")
    parser.add_argument("--part", choices=("naive", "batch"), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    n = args.n or (20 if args.quick else 200)
    if args.part:
        part = part_naive if args.part == "naive" else part_batch
        print(json.dumps(part(args.work, n)))
        return

    work = Path(tempfile.mkdtemp(prefix="iao-bench-"))
    try:
        print(f"profielen: {n} kopieën van {REFERENCE.relative_to(ROOT)}; werkmap {work}")
        naive = _run_part("naive", work / "a", n)
        batch = _run_part("batch", work / "b", n)
        for label, part in (("a naive docxtpl", naive), ("b iao batch    ", batch)):
            print(
                f"{label}: {part['documents']} documenten in {part['seconds']:.2f} s = "
                f"{part['documents'] / part['seconds']:.1f} docs/s; cpu {part['cpu']:.2f} s; "
                f"piekgeheugen {part['peak_mb']:.0f} MB"
            )
        print(f"  (b schrijft ook per profiel een .ics en een manifest: {batch['files']} bestanden)")

        outputs = sorted((work / "b" / "batch").glob("*/*.docx"))
        floor = io_floor(outputs, work / "floor") / len(outputs)
        per_doc_wall = batch["seconds"] / batch["documents"]
        per_doc_cpu = batch["cpu"] / batch["documents"]
        print(
            f"I/O-vloer (lezen + opnieuw zippen, deflate 9): {floor * 1000:.2f} ms/doc; "
            f"iao batch {per_doc_wall * 1000:.2f} ms/doc (wandklok), {per_doc_cpu * 1000:.2f} ms/doc (cpu)"
        )
        print(f"cost_vs_io_floor_cpu: {per_doc_cpu / floor:.1f}")
        print(f"cost_vs_io_floor: {per_doc_wall / floor:.1f}")

        iao = Path(sys.executable).with_name("iao")
        help_command = [str(iao), "--help"] if iao.exists() else [sys.executable, "-m", "generator", "--help"]
        iao_help = _startup(help_command)
        click_import = _startup([sys.executable, "-c", "import click"])
        print(f"opstart: iao --help {iao_help * 1000:.0f} ms, python -c 'import click' {click_import * 1000:.0f} ms")
        print(f"startup_vs_import_click: {iao_help / click_import:.1f}")

        naive_rate = naive["documents"] / naive["seconds"]
        batch_rate = batch["documents"] / batch["seconds"]
        print(f"speedup_vs_naive_docxtpl: {batch_rate / naive_rate:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
