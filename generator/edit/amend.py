"""`iao amend`: put the IAO chapter into the academy's own regulation, as tracked changes.

    outcome  = checking.check_profile(path)              # refuse a profile with rule errors
    chapter  = chapter_of(rendering.render(template))    # the inserted chapter of the amendment (chapter)
    place    = find_place(blocks_of(existing), ...)      # where it goes (outline)
    look     = look_of(existing, insertion point)        # the existing document's own styles (look)
    insert chapter as w:ins (look.build), add comments   # nothing existing is changed
    output.write_protected(target, bytes, force)         # all or nothing, never over the input or an edited file

The chapter is the same text as in the generated amendment (the kinds marked
`amended` in documents.KINDS, from the default or the user's --templates): what
generator/word/contract.py describes, the paragraphs in the inserted styles and the
tables between them, from the line "Hoofdstuk ..." on. The notes for the legal
adviser in it become Word comments.

The new chapter takes the look of the existing document: the chapter heading that of
the heading at the insertion point, the articles that of the nearest article heading,
the text that of the body text around it. Existing articles are not renumbered: new
ones are numbered after the last preceding one with the Flemish "/1" technique
(artikel 23/1, 23/2, ...), unless the document numbers its articles automatically.
"""

from __future__ import annotations

import datetime
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.dossier import output, rendering
from generator.dossier.documents import KINDS
from generator.edit.chapter import AmendError, Piece, chapter_of
from generator.edit.look import Built, Look, build, look_of
from generator.edit.outline import Place, blocks_of, find_place, quoted
from generator.edit.parts import keep_unchanged_parts, refuse_other_formats
from generator.profile import checking
from generator.word import contract, revisions, untrusted

DEFAULT_AUTHOR = "iao"

# --------------------------------------------------------------- the stage


@dataclass
class Amendment:
    data: bytes
    where: str  # Dutch: where the chapter went
    articles: list[str]
    placeholders: list[str]
    notes: int
    warnings: list[str] = field(default_factory=list)  # Dutch: what the user should check
    backups: list[str] = field(default_factory=list)  # copies of an edited -o file kept by --force


def amend_document(loaded, existing: Path, kind: str, na: str | None = None, author: str = DEFAULT_AUTHOR, custom_templates: Path | None = None) -> Amendment:
    """The existing regulation with the IAO chapter of `kind` inserted as tracked changes."""
    from docx import Document
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    from generator.dossier.bronnen import load_register
    from generator.dossier.context import build_context
    from generator.dossier.generation import template_for

    amended = [k.kind for k in KINDS.amended()]
    if kind not in amended:
        raise AmendError(f"--reglement moet {' of '.join(amended)} zijn, niet '{kind}'.")
    profiel = loaded.profiel
    pieces = chapter_of(
        rendering.render(template_for(KINDS[kind], custom_templates), build_context(profiel, load_register(custom_templates)), notes_as_comments=False)
    )
    title = contract.chapter_title(pieces[0].text)

    original = Path(existing).read_bytes()
    try:
        document = Document(io.BytesIO(original))
    except Exception as exc:  # python-docx says it in English, about internals
        raise AmendError(f"{Path(existing).name} kan niet als Word-document (.docx) gelezen worden ({exc}).") from exc
    blocks = blocks_of(document)
    present = next((b for b in blocks if b.level is not None and title.casefold() in b.text.casefold()), None)
    if present is not None:
        raise AmendError(f"{Path(existing).name} bevat al een hoofdstuk {quoted(present.heading)}; het wordt niet nog eens ingevoegd. Er is niets geschreven.")
    reglement = getattr(profiel.reglementen, kind)
    place = find_place(blocks, na, reglement.invoegen_na_hoofdstuk)
    look = look_of(document, blocks, place, reglement.nieuw_hoofdstuk)

    body = document.element.body
    original_body = revisions.xml_with_insertions_rejected(body)  # changes already tracked are not ours to judge
    when = _revision_time(profiel)
    comments_to_add = 1 + sum(len(p.notes) for p in pieces)
    revision = revisions.Revision(author, when, revisions.first_free_id([document.element], comments_to_add))
    built = build(pieces, look, revision, title)

    anchor: Any = blocks[place.index].element if place.index < len(blocks) else body.sectPr
    for element in built.elements:
        if anchor is not None:
            anchor.addprevious(element)
        else:
            body.append(element)

    initials = "".join(word[0] for word in author.split()).upper()[:3] if " " in author.strip() else author[:3].upper()

    def comment(p_element, text):
        paragraph = Paragraph(p_element, document)
        runs = [Run(r, paragraph) for r in revisions.runs_in(p_element)]
        revisions.add_comment(document, runs, text, author, initials, when)

    where = _where(place)
    if place.how == "einde":  # for the user, not in the document's comment
        where += '; kies met --na "KOPTEKST" na welk hoofdstuk het moet komen'
    comment(built.heading, _summary(kind, title, place, look, built, pieces))
    for element, note in built.notes:
        comment(revisions.first_paragraph(element), note)

    if revisions.xml_with_insertions_rejected(body) != original_body:  # the promise: rejecting restores the original
        raise AmendError("interne fout: het weigeren van de wijzigingen zou het origineel niet herstellen; er is niets geschreven.")

    buffer = io.BytesIO()
    document.save(buffer)
    data = keep_unchanged_parts(original, buffer.getvalue())
    placeholders = rendering.placeholders_in(
        ["".join(f.text for f in p.fragments) for p in pieces[1:]]  # (the heading is written anew)
        + ["".join(f.text for row in p.rows for cell in row for f in cell) for p in pieces]
    )
    if look.chapter_number is None and not (look.chapter.auto_numbered or look.chapter.bare):
        placeholders.insert(0, "[in te vullen: nummer]")
    return Amendment(data, where, built.articles, placeholders, len(built.notes), place.warnings)


def amend(
    profile: str | Path,
    existing: str | Path,
    kind: str,
    target: str | Path,
    na: str | None = None,
    author: str = DEFAULT_AUTHOR,
    custom_templates: Path | None = None,
    force: bool = False,
) -> Amendment:
    """Check the profile and the existing regulation, amend, write `target` all or
    nothing, with the rules of `iao generate`: an existing `target` not written by
    iao, or edited since, is kept (output.KeptError) unless `force`, and then copied first.
    `custom_templates`: a folder as for `iao generate --templates`; a kind found
    there is used instead of the default, so both insert the same text."""
    from generator.dossier.generation import ProfileRejected

    existing, target = Path(existing), Path(target)
    if not existing.is_file():
        raise AmendError(f"het bestaande reglement {existing} bestaat niet (of is geen bestand).")
    if target.resolve() == existing.resolve() or (target.exists() and os.path.samefile(target, existing)):
        raise AmendError(f"het gewijzigde reglement mag het bestaande niet overschrijven: kies met -o een andere naam dan {existing.name}.")
    if target.is_dir():
        raise AmendError(f"{target} is een map; geef met -o de naam van het nieuwe .docx-bestand (bv. {target / ('gewijzigd-' + existing.stem + '.docx')}).")
    if target.suffix.casefold() != ".docx":
        pdf = " iao maakt geen PDF: sla het gewijzigde reglement daarvoor in Word op als PDF." if target.suffix.casefold() == ".pdf" else ""
        raise AmendError(
            f"-o {target}: het gewijzigde reglement is een Word-document; geef een naam die op .docx eindigt (bv. {target.with_suffix('.docx').name}).{pdf}"
        )
    if not author.strip():
        raise AmendError("--auteur mag niet leeg zijn: Word toont die naam bij elke wijziging.")
    outcome = checking.check_profile(profile)
    if outcome.exit_code:
        raise ProfileRejected(outcome)
    refuse_other_formats(existing)
    untrusted.check_docx(existing)
    result = amend_document(outcome.loaded, existing, kind, na, author.strip(), custom_templates)
    if not target.parent.is_dir():
        raise AmendError(f"de map {target.parent} bestaat niet.")
    result.backups = output.write_protected(target, result.data, force=force)
    return result


def _revision_time(profiel) -> datetime.datetime:
    """The date of every tracked change: the council meeting that adopts it (or,
    without that date, 1 September of the school year), so reruns are identical."""
    day = profiel.planning.gemeenteraad or profiel.schooljaar_start
    return datetime.datetime(day.year, day.month, day.day)


def _where(place: Place) -> str:
    if place.how == "einde":
        tail = f" (na {quoted(place.after.heading)})" if place.after is not None else ""
        return f"aan het einde van het document{tail}: er is geen kop 'Slotbepalingen'"
    after = f"na {quoted(place.after.heading)}" if place.after is not None else "aan het begin"
    before = f", vóór {quoted(place.before.heading)}" if place.before is not None else ", aan het einde van het document"
    reason = {"na": " (zoals gevraagd met --na)", "profiel": " (zoals in het profiel: invoegen_na_hoofdstuk)", "slotbepalingen": ""}[place.how]
    return f"{after}{before}{reason}"


def _summary(kind: str, title: str, place: Place, look: Look, built: Built, pieces: list[Piece]) -> str:
    lines = [
        f"Hier is het hoofdstuk '{title}' ingevoegd ({len(built.articles)} artikels), als bijgehouden "
        f"wijziging, {_where(place)}. De tekst is dezelfde als in de wijziging van het {kind} die iao "
        "maakt; de bepalingen volgen het profiel van de academie."
    ]
    lines += [f"Let op: {warning}" for warning in place.warnings]
    if look.chapter.auto_numbered or look.article.auto_numbered:
        lines.append(
            "Het document nummert hoofdstukken of artikels automatisch: de volgende hoofdstukken of "
            "artikels schuiven daardoor één of meer nummers op. Controleer alle verwijzingen naar "
            "hoofdstukken en artikels (ook in andere reglementen en besluiten)."
        )
    else:
        numbers = ""
        if look.chapter_number and look.article_base and built.articles:
            numbers = f" (hoofdstuk {look.chapter_number}, artikels {look.article_base}/1 tot {look.article_base}/{len(built.articles)})"
        lines.append(
            "De bestaande hoofdstukken en artikels zijn niet hernummerd. De nieuwe zijn genummerd zoals "
            f"bij een invoeging{numbers}. Controleer of dat past bij het reglement, en pas verwijzingen "
            "naar hoofdstukken en artikels en de inhoudstafel aan."
        )
    if look.chapter_number is None or look.article_base is None:
        lines.append("Vul de gemarkeerde nummers in.")
    if any(p.notes for p in pieces):
        lines.append("Bij enkele bepalingen staat een opmerking voor de juridische dienst.")
    lines.append("Keur de wijzigingen goed of weiger ze in Word via Controleren > Wijzigingen.")
    return "\n".join(lines)
