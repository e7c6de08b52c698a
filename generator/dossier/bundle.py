"""One zip with the dossier, as a secretariat sends it: `iao generate ... --zip`.

The zip, named after the academy and the school year, holds the Word documents,
their PDFs where made and the agenda file (.ics), numbered in the order of the step
plan in one folder per phase, and an index, 00-inhoud.txt: every document with where
it is, how many blanks it still has, its step in the step plan, who decides or does
it, and when. The files are taken from the output folder as they
are there (an edited document that was kept goes in as edited). The zip is
written like the documents (manifest, an edited zip kept unless forced) and is
reproducible: docxfile.write_zip gives fixed timestamps and a sorted order, and
the PDFs carry fixed dates (pdf.reproducible), so the same input gives the same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from generator.dossier import calendar, documents, output, rendering, steps
from generator.dossier.filters import MARKS
from generator.dossier.pdf import pdf_name
from generator.profile.model import Profiel
from generator.word import docxfile

INDEX = "00-inhoud.txt"  # first in the zip's sorted order


PHASE_FOLDERS = {"voorbereiding": "1-voorbereiding", "besluitvorming": "2-besluitvorming", "implementatie": "3-implementatie", "overzicht": "4-overzicht"}


def bundle_name(profiel: Profiel) -> str:
    """iao-dossier-<academie>-<schooljaar>.zip: a name that says whose dossier it is when it is sent."""
    return f"iao-dossier-{_slug(profiel.academie.naam)}-{profiel.schooljaar}.zip"


def _slug(name: str, limit: int = 50) -> str:
    """ "Academie voor Muziek, Woord & Dans Sint-Niklaas" -> "academie-voor-muziek-woord-dans-sint-niklaas":
    letters without accents, digits and single dashes, for a file name on any system."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:limit].rstrip("-") or "academie"


def write_bundle(folder: Path, profiel: Profiel, names: list[str], force: bool = False) -> output.WriteReport:
    """The zip of the files `names` in folder, in phase folders and numbered in the
    order of the step plan, with the index, written into folder."""
    placed = places(profiel, names)
    members = {placed[name]: output.inside(folder, name).read_bytes() for name in names}
    members[INDEX] = index_text(profiel, names, _blanks(folder, names)).encode("utf-8")
    return output.write_files(folder, {bundle_name(profiel): docxfile.write_zip(members)}, force=force)


def _numbered(profiel: Profiel, names: list[str]) -> list[tuple[int, documents.DocumentKind, list[str]]]:
    """(number, kind, its files among `names`) for each document in the dossier, numbered in plan order."""
    found: list[tuple[int, documents.DocumentKind, list[str]]] = []
    for kind in documents.kinds_for(profiel):
        docx = kind.filename(profiel)
        files = [name for name in (docx, pdf_name(docx)) if name in names]
        if files:
            found.append((len(found) + 1, kind, files))
    return found


def places(profiel: Profiel, names: list[str]) -> dict[str, str]:
    """Where each of the files `names` goes in the zip: "2-besluitvorming/07-gemeenteraadsbesluit-....docx"
    (a document and its PDF share a number); the agenda file with the overview."""
    numbered = _numbered(profiel, names)
    found = {name: f"{PHASE_FOLDERS[kind.phase]}/{number:02d}-{name}" for number, kind, files in numbered for name in files}
    agenda = calendar.filename(profiel)
    if agenda in names:
        found[agenda] = f"{PHASE_FOLDERS['overzicht']}/{len(numbered) + 1:02d}-{agenda}"
    return found


def _blanks(folder: Path, names: list[str]) -> dict[str, int]:
    """How many blanks each .docx has as it is in the folder (the user's, where edited)."""
    return {name: len(rendering.placeholders_in_docx(output.inside(folder, name).read_bytes())) for name in names if name.endswith(".docx")}


def index_text(profiel: Profiel, names: list[str], blanks: dict[str, int] | None = None) -> str:
    """The index of the zip: per document (in plan order) where its files are, how many
    blanks it still has, and each step of the plan that uses it, with who and when."""
    placed, blanks = places(profiel, names), blanks or {}
    lines = [
        "Dossier interactief afstandsonderwijs (IAO)",
        f"{profiel.academie.naam}, schooljaar {profiel.schooljaar}",
        "De documenten in de volgorde van het stappenplan, per fase in een map, met de stap waarin ze dienen,",
        "wie beslist of handelt, en wanneer ('uiterlijk': een voorgestelde uiterste datum).",
        *MARKS,
    ]
    numbered = _numbered(profiel, names)
    for number, kind, files in numbered:
        docx = kind.filename(profiel)
        lines += ["", f"{number}. {kind.title}", f"   {'Bestand' if len(files) == 1 else 'Bestanden'}: {', '.join(placed[name] for name in files)}"]
        if docx in blanks:
            lines.append(f"   Nog in te vullen: {blanks[docx]}" if blanks[docx] else "   Niets meer in te vullen.")
        lines += _steps_of(kind, profiel)
    agenda = calendar.filename(profiel)
    if agenda in names:
        lines += [
            "",
            f"{len(numbered) + 1}. Stappenplan als agendabestand (iCalendar)",
            f"   Bestand: {placed[agenda]}",
            "   Alle stappen met hun datum, voor een agenda.",
        ]
    return "\n".join(lines) + "\n"


def _steps_of(kind: documents.DocumentKind, profiel: Profiel) -> list[str]:
    lines = []
    for stap in steps.STAPPEN:
        if stap.nodig(profiel) and kind in stap.kinds(profiel):
            date = stap.datum(profiel)
            when = (f"uiterlijk {steps.datum(date)}" if stap.is_voorgesteld(profiel) else steps.datum(date)) if date else "nog geen datum"
            lines += [f"   Stap {steps.fase_nr(stap)}: {stap.titel}", f"     wie: {stap.wie(profiel)}", f"     wanneer: {when}"]
    return lines or ["   Hoort bij geen afzonderlijke stap: een overzicht van het hele traject."]
