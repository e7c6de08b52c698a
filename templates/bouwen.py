"""Rebuild the Word templates from their markup sources.

    .venv/bin/python templates/bouwen.py            # every templates/*/bron.txt
    .venv/bin/python templates/bouwen.py academiereglement arbeidsreglement

For each kind, templates/<kind>/bron.txt becomes templates/<kind>/<kind>.docx.
The output is byte-identical for identical input, so rebuilding only shows up
in version control when the text really changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent
REPO = TEMPLATES.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from generator.authoring import build_template  # noqa: E402
from generator.errors import IaoError  # noqa: E402


def main(argv: list[str]) -> int:
    if argv:
        kinds = argv
    else:
        kinds = sorted(p.parent.name for p in TEMPLATES.glob("*/bron.txt"))
    if not kinds:
        print("Geen templates/*/bron.txt gevonden.", file=sys.stderr)
        return 1
    status = 0
    for kind in kinds:
        source = TEMPLATES / kind / "bron.txt"
        target = TEMPLATES / kind / f"{kind}.docx"
        if not source.is_file():
            print(f"{source}: bestaat niet", file=sys.stderr)
            status = 1
            continue
        try:
            build_template(source, target)
        except IaoError as exc:
            print(f"fout: {exc}", file=sys.stderr)
            status = 1
            continue
        print(f"{target.relative_to(REPO)}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
