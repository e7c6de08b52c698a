"""One zip with the dossier, as a secretariat sends it: `iao generate ... --zip`.

The zip holds the Word documents, their PDFs where made, the agenda file (.ics)
and an index, 00-inhoud.txt: every document with its step in the step plan, who
decides or does it, and when. The files are taken from the output folder as they
are there (an edited document that was kept goes in as edited). The zip is
written like the documents (manifest, an edited zip kept unless forced) and is
reproducible: docxfile.write_zip gives fixed timestamps and a sorted order, and
the PDFs carry fixed dates (pdf.reproducible), so the same input gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from generator.dossier import calendar, documents, output, steps
from generator.dossier.filters import MARKS
from generator.dossier.pdf import pdf_name
from generator.profile.model import Profiel
from generator.word import docxfile

INDEX = "00-inhoud.txt"  # first in the zip's sorted order


def bundle_name(profiel: Profiel) -> str:
    return f"iao-dossier-{profiel.schooljaar}.zip"


def write_bundle(folder: Path, profiel: Profiel, names: list[str], force: bool = False) -> output.WriteReport:
    """The zip of the files `names` in folder, with the index, written into folder."""
    members = {name: output.inside(folder, name).read_bytes() for name in names}
    members[INDEX] = index_text(profiel, names).encode("utf-8")
    return output.write_files(folder, {bundle_name(profiel): docxfile.write_zip(members)}, force=force)


def index_text(profiel: Profiel, names: list[str]) -> str:
    """The index of the zip: per document (in plan order) its files among `names`,
    and each step of the plan that uses it, with who and when."""
    lines = [
        "Dossier interactief afstandsonderwijs (IAO)",
        f"{profiel.academie.naam}, schooljaar {profiel.schooljaar}",
        "De documenten in de volgorde van het stappenplan, met de stap waarin ze dienen,",
        "wie beslist of handelt, en wanneer ('uiterlijk': een voorgestelde uiterste datum).",
        *MARKS,
    ]
    number = 0
    for kind in documents.kinds_for(profiel):
        docx = kind.filename(profiel)
        files = [name for name in (docx, pdf_name(docx)) if name in names]
        if files:
            number += 1
            lines += ["", f"{number}. {kind.title}", f"   {'Bestand' if len(files) == 1 else 'Bestanden'}: {', '.join(files)}"]
            lines += _steps_of(kind, profiel)
    agenda = calendar.filename(profiel)
    if agenda in names:
        number += 1
        lines += ["", f"{number}. Stappenplan als agendabestand (iCalendar)", f"   Bestand: {agenda}", "   Alle stappen met hun datum, voor een agenda."]
    return "\n".join(lines) + "\n"


def _steps_of(kind: documents.DocumentKind, profiel: Profiel) -> list[str]:
    lines = []
    for stap in steps.STAPPEN:
        if stap.nodig(profiel) and kind in stap.kinds(profiel):
            date = stap.datum(profiel)
            when = (f"uiterlijk {steps.datum(date)}" if stap.is_voorgesteld(profiel) else steps.datum(date)) if date else "nog geen datum"
            lines += [f"   Stap {steps.fase_nr(stap)}: {stap.titel}", f"     wie: {stap.wie(profiel)}", f"     wanneer: {when}"]
    return lines or ["   Hoort bij geen afzonderlijke stap: een overzicht van het hele traject."]
