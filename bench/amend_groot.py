"""Benchmark: `iao amend` on a long regulation with a heavy style sheet.

    python bench/amend_groot.py                 # 4000 styles, about 16,000 paragraphs
    python bench/amend_groot.py --stijlen 20    # the same text with a light style sheet

Builds the document with the corpus builder of tests/test_amend_corpus.py (each
paragraph in one of the many styles, as in regulations that passed through many
templates), then times the whole `amend` (profile check, rendering the chapter,
reading, inserting, writing) on it and on the same text with a light style sheet.
Not a test: run it by hand before and after a change to the amend stage.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.edit import amend  # noqa: E402
from tests.test_amend_corpus import heavy_style_sheet  # noqa: E402

PROFILE = ROOT / "inputs" / "voorbeeld.yaml"


def timed_amend(folder: Path, styles: int, paragraphs: int) -> tuple[float, int]:
    source = heavy_style_sheet(folder / f"reglement-{styles}.docx", styles=styles, paragraphs=paragraphs)
    start = time.perf_counter()
    result = amend.amend(PROFILE, source, "academiereglement", folder / f"gewijzigd-{styles}.docx")
    return time.perf_counter() - start, len(result.articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stijlen", type=int, default=4000, help="number of paragraph styles (default 4000)")
    parser.add_argument("--alineas", type=int, default=16000, help="about this many paragraphs (default 16000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for styles in dict.fromkeys((args.stijlen, 20)):
            seconds, articles = timed_amend(Path(folder), styles, args.alineas)
            print(f"amend_{styles}_stijlen_{args.alineas}_alineas_s: {seconds:.2f}  ({articles} artikels ingevoegd)")


if __name__ == "__main__":
    main()
