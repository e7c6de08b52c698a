"""Benchmark: the PDF step of one dossier (the reference profile), three ways.

    python bench/pdf.py            # best of 3 runs each
    python bench/pdf.py --runs 1

(a) ours: generator.dossier.pdf.write_pdfs for the dossier's .docx files (temporary
    copies, one LibreOffice run with a private profile, reproducible PDFs, the
    manifest writes);
(b) one `soffice --convert-to pdf` call on the same files (the floor);
(c) document by document, one LibreOffice start each (what a user would script).

(d) the start-up alone: one call converting the smallest document.
(e) ours as `iao web` runs it: handed to a LibreOffice started ahead (pdf.WarmOffice).

Every run gets a fresh user profile, as ours does. Prints the ratios:
`ours_vs_single_call` (goal at most 1.2), `per_document_vs_ours` (goal at least 3) and
`ours_vs_conversion`: our PDF step against the conversion itself, (b) without the
start-up (d); `warm_vs_conversion`: the same for (e), our PDF step with a LibreOffice
started ahead, what a download of `iao web` waits for (goal at most 1.5, issue 23).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.dossier import pdf  # noqa: E402
from generator.dossier.generation import docx_names, generate  # noqa: E402


def soffice_call(work: Path, files: list[Path], name: str) -> None:
    profile = (work / f"profiel-{name}").as_uri()
    command = [pdf.find_soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(work / name), *map(str, files)]
    subprocess.run(command, check=True, capture_output=True)


def best(runs: int, step: Callable[[int], None], prepare: Callable[[], None] = lambda: None) -> float:
    """The best time of `step` over `runs` runs, each after an untimed `prepare`."""
    times = []
    for run in range(runs):
        prepare()
        started = time.perf_counter()
        step(run)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="iao-bench-pdf-") as temp:
        work = Path(temp)
        folder = work / "dossier"
        names = docx_names(generate(ROOT / "inputs" / "voorbeeld.yaml", folder).dossier.files)
        files = [folder / name for name in names]

        def ours(run: int) -> None:
            for name in names:  # written anew each run: a full conversion and write
                (folder / pdf.pdf_name(name)).unlink(missing_ok=True)
            pdf.write_pdfs({folder: names}, pdf.PdfSettings(), force=True)

        def single(run: int) -> None:
            soffice_call(work, files, f"een-{run}")

        def per_document(run: int) -> None:
            for number, path in enumerate(files):
                soffice_call(work, [path], f"per-{run}-{number}")

        smallest = min(files, key=lambda path: path.stat().st_size)

        def start_up(run: int) -> None:
            soffice_call(work, [smallest], f"start-{run}")

        warm = pdf.WarmOffice(pdf.find_soffice())

        def ours_warm(run: int) -> None:
            for name in names:
                (folder / pdf.pdf_name(name)).unlink(missing_ok=True)
            pdf.write_pdfs({folder: names}, pdf.PdfSettings(warm=warm), force=True)

        def standby_started() -> None:  # as in iao web: while nobody waits, between two downloads
            warm.start()
            assert warm.ready is not None and warm.ready.wait_ready()
            time.sleep(2)

        a, b, c, d = best(runs, ours), best(runs, single), best(runs, per_document), best(runs, start_up)
        e = best(runs, ours_warm, standby_started)
        warm.close()
        shutil.rmtree(work, ignore_errors=True)
    print(f"documents: {len(names)}, best of {runs}")
    print(f"(a) ours, one LibreOffice run:          {a:6.2f} s")
    print(f"(b) one soffice --convert-to call:      {b:6.2f} s")
    print(f"(c) one soffice call per document:      {c:6.2f} s")
    print(f"(d) start-up (the smallest document):   {d:6.2f} s")
    print(f"ours_vs_single_call: {a / b:.2f} (goal <= 1.2)")
    print(f"per_document_vs_ours: {c / a:.1f} (goal >= 3)")
    print(f"(e) ours, LibreOffice started ahead:    {e:6.2f} s  (iao web)")
    print(f"ours_vs_conversion: {a / max(b - d, 1e-9):.2f} (the command line)")
    print(f"warm_vs_conversion: {e / max(b - d, 1e-9):.2f} (goal <= 1.5: the PDF step of a download of iao web)")


if __name__ == "__main__":
    main()
