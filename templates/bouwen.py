"""Rebuild the Word templates from their markup sources.

    .venv/bin/python templates/bouwen.py            # every templates/*/bron.txt
    .venv/bin/python templates/bouwen.py academiereglement arbeidsreglement
    .venv/bin/python templates/bouwen.py --force academiereglement

For each kind, templates/<kind>/bron.txt becomes templates/<kind>/<kind>.docx.
The output is byte-identical for identical input, so rebuilding only shows up
in version control when the text really changed. A .docx that was edited (in
Word) since the last build is not overwritten unless --force: the hashes of the
built files are kept in templates/.bouw-manifest.json (commit it with them).
"""

from __future__ import annotations

import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent
REPO = TEMPLATES.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from generator.authoring.builder import build_kind  # noqa: E402
from generator.errors import EXIT_INPUT, EXIT_OK, IaoError  # noqa: E402


def main(argv: list[str], templates: Path = TEMPLATES) -> int:
    force = "--force" in argv
    kinds = [a for a in argv if a != "--force"] or sorted(p.parent.name for p in templates.glob("*/bron.txt"))
    if not kinds:
        print(f"Geen {templates}/*/bron.txt gevonden.", file=sys.stderr)
        return EXIT_INPUT
    status = EXIT_OK
    for kind in kinds:
        if not (templates / kind / "bron.txt").is_file():
            print(f"fout: {templates / kind / 'bron.txt'} bestaat niet", file=sys.stderr)
            status = EXIT_INPUT
            continue
        try:
            target = build_kind(templates, kind, force=force)
        except IaoError as exc:
            print(f"fout: {exc}", file=sys.stderr)
            status = exc.exit_code
            continue
        print(target.relative_to(templates.parent))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
