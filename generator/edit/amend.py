"""`iao amend`: put the IAO chapter into the academy's own regulation, as tracked changes.

    outcome  = checking.check_profile(path)              # refuse a profile with rule errors
    chapter  = chapter_of(rendering.render(template))    # the inserted chapter of the amendment
    look     = look_of(existing, insertion point)        # the existing document's own styles
    insert chapter as w:ins (revisions), add comments        # nothing existing is changed
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
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.dossier import output, rendering
from generator.dossier.documents import KINDS
from generator.errors import EXIT_INPUT, IaoError
from generator.profile import checking
from generator.word import contract, docxfile, revisions, untrusted

DEFAULT_AUTHOR = "iao"
PLACEHOLDER_COLOR = "yellow"

_CHAPTER = re.compile(r"^(hoofdstuk|titel|afdeling|onderafdeling)\s+\S+", re.IGNORECASE)
_HEURISTIC_LEVEL = {"titel": 0, "hoofdstuk": 0, "afdeling": 1, "onderafdeling": 2}
_HEADING_NAME = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)
# "Hoofdstuk 9. Slotbepalingen ....93", "...\t93": a table-of-contents line typed as
# text (at least two words, dot leader or tab, page number)
_TOC_LINE = re.compile(r"^\S+\s.*?(?:\.{4,}|…{2,}|\t)[\s.…]*\d{1,4}$")
_LABEL = re.compile(
    r"^\s*(Hoofdstuk|HOOFDSTUK|Artikel|ARTIKEL|Art\.|ART\.)\s*"
    r"(\d+[a-z]*(?:[./]\d+[a-z]*)*|[IVXLC]+(?:/\d+)?)\b(\s*[.:]|\s+[–-])?\s*"
)


class AmendError(IaoError):
    """The existing regulation or the request cannot be used; nothing is written."""

    exit_code = EXIT_INPUT


# ------------------------------------------------------------- the chapter


@dataclass(frozen=True)
class Fragment:
    """A piece of text with the only character formatting we carry over."""

    text: str
    bold: bool = False
    highlight: bool = False  # a "[in te vullen: ...]" placeholder


@dataclass
class Piece:
    """One block of the inserted chapter: kind "hoofdstuk", "artikel", "tekst",
    "opsomming" or "tabel"; `notes` are the adviser's notes that follow it."""

    kind: str
    fragments: list[Fragment] = field(default_factory=list)
    rows: list[list[list[Fragment]]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(f.text for f in self.fragments)


def chapter_of(rendered: bytes) -> list[Piece]:
    """The inserted chapter of a rendered amendment, from its "Hoofdstuk ..." line
    up to the first paragraph that is no longer inserted text (or a note)."""
    from docx import Document
    from docx.table import Table

    document = Document(io.BytesIO(rendered))
    pieces: list[Piece] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            if pieces:
                pieces.append(_table_piece(block))
            continue
        style = block.style.name if block.style is not None else ""
        if not pieces:
            if contract.is_chapter_heading(style, block.text):
                pieces.append(Piece("hoofdstuk", _fragments(block)))
            continue
        if style == contract.NOTE:
            pieces[-1].notes.append(block.text.strip())
        elif style in contract.INSERTED_PIECES:
            if block.text.strip():
                pieces.append(Piece(contract.INSERTED_PIECES[style], _fragments(block)))
        else:
            break
    if not pieces:
        raise AmendError(
            f"het sjabloon bevat geen ingevoegd hoofdstuk (een alinea 'Hoofdstuk ...' in de stijl '{contract.INSERTED_TEXT}'); er is niets geschreven."
        )
    _strip_quote(pieces)
    return pieces


def _fragments(paragraph) -> list[Fragment]:
    found = []
    for run in paragraph.runs:
        if not run.text:
            continue
        strong = run.style is not None and run.style.name in contract.STRONG_NAMES
        found.append(Fragment(run.text, bool(run.bold) or strong, run.font.highlight_color is not None))
    return found


def _table_piece(table) -> Piece:
    rows = [[[fragment for p in cell.paragraphs for fragment in _fragments(p)] for cell in row.cells] for row in table.rows]
    widths = [column.width.twips if column.width else 2268 for column in table.columns]
    return Piece("tabel", rows=rows, widths=widths)


def _strip_quote(pieces: list[Piece]) -> None:
    """The amendment quotes the chapter (“...”); in the regulation itself it is plain text."""
    last = next((p for p in reversed(pieces) if p.fragments), None)
    if last is not None:
        tail = last.fragments[-1]
        if tail.text.rstrip().endswith(contract.CLOSING_QUOTE):
            last.fragments[-1] = Fragment(tail.text.rstrip()[:-1], tail.bold, tail.highlight)


# -------------------------------------------------- the existing document


@dataclass
class Block:
    element: object
    paragraph: object | None  # python-docx Paragraph, None for a table
    text: str = ""
    level: int | None = None  # heading level (0 = chapter), None for body text
    label: re.Match | None = None  # "Hoofdstuk 3." / "Artikel 12" at the start of the text
    numbered: tuple[str, str] | None = None  # (numFmt, lvlText) of automatic numbering
    style_id: str | None = None  # paragraph style
    style_name: str = ""
    toc: bool = False  # a line of a table of contents

    @property
    def is_article(self) -> bool:
        if self.label and self.label.group(1).lower().startswith("art"):
            return True
        return bool(self.numbered and self.numbered[1].lower().startswith("art"))


@dataclass
class Exemplar:
    """How new paragraphs of one kind should look: copied from an existing one."""

    style_id: str | None
    ppr: object | None = None
    rpr: object | None = None
    auto_numbered: bool = False
    word: str = ""  # "Hoofdstuk", "Artikel", "Art."
    separator: str = "."
    upper: bool = False
    bare: bool = False  # the title alone, without "Hoofdstuk n." (a document without chapters)


@dataclass
class Look:
    chapter: Exemplar
    article: Exemplar
    body: Exemplar
    table_style: str | None
    chapter_number: str | None  # None: a placeholder
    article_base: str | None  # the number of the last article before the insertion point


def blocks_of(document) -> list[Block]:
    """The body's paragraphs and tables; a line of a table of contents is kept as
    plain text (no heading, no label), so that nothing is inserted into it."""
    from docx.text.paragraph import Paragraph

    sheet = revisions.StyleSheet(document)
    blocks = []
    open_fields: list[str] = []
    for item in document.iter_inner_content():
        in_toc = revisions.marked_as_table_of_contents(item._element, open_fields)
        if not isinstance(item, Paragraph):
            blocks.append(Block(item._element, None))
            continue
        text = revisions.visible_text(item._p).strip()
        style_id = sheet.style_id(item._p)
        style_name = sheet.name(style_id)
        if in_toc or _TOC_LINE.search(text) or _is_title(style_name, toc_only=True):
            blocks.append(Block(item._p, item, text, style_id=style_id, style_name=style_name, toc=True))
            continue
        block = Block(item._p, item, text, label=_LABEL.match(text), numbered=sheet.number_format(item._p), style_id=style_id, style_name=style_name)
        block.level = _heading_level(sheet, block)
        blocks.append(block)
    if not any(b.level is not None and not b.is_article for b in blocks):
        # A regulation of articles only: its articles are the sections that
        # "Slotbepalingen" and --na find.
        for block in blocks:
            if block.is_article and block.level is None:
                block.level = 0
    return blocks


def _heading_level(sheet, block: Block) -> int | None:
    text = block.text
    if not text:
        return None
    level = sheet.outline_level(block.element)
    if level is not None:
        return level
    match = _HEADING_NAME.match(block.style_name)
    if match:
        return int(match.group(1)) - 1
    chapter = _CHAPTER.match(text)
    if chapter and len(text) < 120 and not block.is_article:
        return _HEURISTIC_LEVEL[chapter.group(1).lower()]
    if block.numbered and block.numbered[1].lower().startswith("hoofdstuk"):
        return 0
    return None


@dataclass
class Place:
    index: int  # insert before blocks[index]; len(blocks): at the end of the body
    anchor: Block | None  # the heading whose level and look the new chapter takes
    after: Block | None  # the heading of the section the chapter follows
    before: Block | None  # the heading the chapter comes before
    how: str  # "slotbepalingen", "na", "einde"


def find_place(blocks: list[Block], na: str | None, profile_after: str | None) -> Place:
    headings = [i for i, b in enumerate(blocks) if b.level is not None]
    if na is not None:
        index = _find_heading(blocks, headings, na)
        if index is None:
            raise AmendError(
                f"geen kop gevonden met de tekst '{na}'. Koppen in het document: "
                + "; ".join(_quoted(blocks[i].text) for i in headings[:20])
                + ("" if headings else "(geen)")
                + ". Er is niets geschreven."
            )
        return _after_section(blocks, headings, index, "na")
    if profile_after:
        wanted = re.compile(rf"^hoofdstuk\s+{re.escape(profile_after.strip())}\b", re.IGNORECASE)
        for index in headings:
            if wanted.match(blocks[index].text):
                return _after_section(blocks, headings, index, "profiel")
    for index in sorted(headings, key=lambda i: blocks[i].is_article):  # a chapter before an article
        if "slotbepaling" in blocks[index].text.casefold():
            return Place(index, blocks[index], _previous_heading(blocks, headings, index, blocks[index].level), blocks[index], "slotbepalingen")
    top = min((level for i in headings if (level := blocks[i].level) is not None), default=None)
    anchor = next((blocks[i] for i in reversed(headings) if blocks[i].level == top), None)
    return Place(len(blocks), anchor, _previous_heading(blocks, headings, len(blocks), top), None, "einde")


def _find_heading(blocks, headings, wanted: str) -> int | None:
    wanted = " ".join(wanted.split()).casefold()
    texts = {i: " ".join(blocks[i].text.split()).casefold() for i in headings}
    for test in (str.__eq__, str.startswith, str.__contains__):
        for i in headings:
            if test(texts[i], wanted):
                return i
    return None


def _after_section(blocks, headings, index: int, how: str) -> Place:
    level = blocks[index].level
    following = next((i for i in headings if i > index and blocks[i].level <= level), None)
    end = len(blocks) if following is None else following
    return Place(end, blocks[index], blocks[index], None if following is None else blocks[following], how)


def _previous_heading(blocks, headings, index: int, level: int | None) -> Block | None:
    for i in reversed(headings):
        if i < index and (level is None or blocks[i].level <= level):
            return blocks[i]
    return None


def look_of(document, blocks: list[Block], place: Place, profile_chapter: str | None) -> Look:
    before = blocks[: place.index]
    around = list(reversed(before)) + blocks[place.index :]  # nearest first, preceding preferred

    # The chapter looks like the heading at the insertion point, unless that is an
    # article (a regulation of articles only): then like the nearest chapter heading.
    model = place.anchor
    if model is not None and model.is_article:
        model = next((b for b in around if b.level is not None and not b.is_article), None)
    chapter_level = model.level if model is not None else None
    chapters = [b for b in blocks if b.level is not None and b.level == chapter_level]
    labelled = next((b for b in chapters if b.label and b.label.group(1).lower() == "hoofdstuk"), None)
    if model is not None:
        chapter = _exemplar(model, labelled, "Hoofdstuk")
    else:
        chapter = Exemplar(_default_style(document), rpr=revisions.bold_properties(), word="Hoofdstuk")

    article_block = next((b for b in around if b.is_article and b.paragraph is not None), None)
    if article_block is not None:
        article = _exemplar(article_block, article_block if article_block.label else None, "Artikel")
    else:
        article = Exemplar(None, word="Artikel", rpr=revisions.bold_properties())

    # Body text: the nearest plain paragraph; in a document that writes its articles
    # inline ("Art. 3. De leerling ..."), such an article paragraph.
    texts = [
        b for b in around if b.paragraph is not None and b.level is None and not b.numbered and not b.toc and len(b.text) >= 30 and not _is_title(b.style_name)
    ]
    body_block = next((b for b in texts if not b.is_article), None) or next(
        (b for b in texts if b.label is not None and len(b.text) - b.label.end() >= 60), None
    )
    if body_block is not None:
        body = Exemplar(
            body_block.style_id,
            revisions.plain_properties(body_block.paragraph, keep_with_next=False),
            revisions.run_properties(body_block.paragraph, text_look=True),
        )
    else:
        body = Exemplar(_default_style(document))
    if article.style_id is None:
        article.style_id, article.ppr = body.style_id, body.ppr
    if model is None and article.auto_numbered:
        # Articles numbered by Word and no chapters: the chapter's title alone, in bold
        # body text, so that it is neither one more article nor a "Hoofdstuk" that
        # the document does not have.
        chapter = Exemplar(body.style_id, body.ppr, revisions.bold_properties(), bare=True)

    tables = [revisions.table_style_of(b.element) for b in blocks if b.paragraph is None]
    style_ids = {s.style_id for s in document.styles}
    table_style = next((s for s in tables if s), None) or ("TableGrid" if "TableGrid" in style_ids else None)

    number = profile_chapter
    if number is None:
        previous = next((b for b in reversed(before) if b.level == chapter_level and b.label and b.label.group(1).lower() == "hoofdstuk"), None)
        number = f"{previous.label.group(2)}/1" if previous is not None and previous.label is not None else None
    base = next((b.label.group(2) for b in reversed(before) if b.is_article and b.label), None)
    return Look(chapter, article, body, table_style, number, base)


def _is_title(style_name: str, toc_only: bool = False) -> bool:
    """A title, subtitle or table-of-contents paragraph by its style ("toc 1", Dutch "Inhopg 1")."""
    name = style_name.casefold()
    return name.startswith(("toc", "inhopg")) or (not toc_only and name in ("title", "subtitle", "titel", "ondertitel"))


def _exemplar(block: Block, labelled: Block | None, word: str) -> Exemplar:
    paragraph = block.paragraph
    auto = block.numbered is not None and not block.label
    exemplar = Exemplar(
        block.style_id,
        revisions.plain_properties(paragraph, keep_numbering=auto),
        revisions.run_properties(paragraph),
        auto_numbered=auto,
        word=word,
        upper=block.text.isupper(),
    )
    if labelled is not None and labelled.label is not None:
        exemplar.word = labelled.label.group(1)
        separator = (labelled.label.group(3) or "").strip()
        exemplar.separator = "." if not separator else (f" {separator}" if separator in "–-" else separator)
    return exemplar


def _default_style(document) -> str | None:
    try:
        return document.styles.default(_paragraph_type()).style_id
    except (AttributeError, KeyError):
        return None


def _paragraph_type():
    from docx.enum.style import WD_STYLE_TYPE

    return WD_STYLE_TYPE.PARAGRAPH


# ------------------------------------------------------------ building it


@dataclass
class Built:
    elements: list = field(default_factory=list)
    notes: list[tuple[object, str]] = field(default_factory=list)  # (w:p, note text)
    heading: object | None = None  # the chapter heading's w:p
    articles: list[str] = field(default_factory=list)  # article labels as written


def build(pieces: list[Piece], look: Look, revision: revisions.Revision, title: str) -> Built:
    built = Built()
    number = 0
    item, previous = 0, ""  # enumeration label, and the kind of the piece before
    for piece in pieces:
        if piece.kind == "hoofdstuk":
            shown = title.upper() if look.chapter.upper else title
            runs, _label = _labelled(look.chapter, look.chapter_number, shown)
            element = revisions.inserted_paragraph(look.chapter.style_id, runs, revision, look.chapter.ppr)
            built.heading = element
        elif piece.kind == "artikel":
            number += 1
            runs, label = _labelled(look.article, None if look.article_base is None else f"{look.article_base}/{number}", piece.text.strip())
            element = revisions.inserted_paragraph(look.article.style_id, runs, revision, look.article.ppr)
            built.articles.append(label)
        elif piece.kind == "opsomming":
            # 1°, 2°, ... written out: the academy's document has no such numbering to reuse
            item = item + 1 if previous == "opsomming" else 1
            runs = [revisions.text_run(contract.ENUMERATION_LABEL.format(item), look.body.rpr)] + _runs(piece.fragments, look.body.rpr)
            element = revisions.inserted_paragraph(look.body.style_id, runs, revision, look.body.ppr)
        elif piece.kind == "tabel":
            rows = [[_runs(cell, look.body.rpr, bold=(i == 0)) for cell in row] for i, row in enumerate(piece.rows)]
            element = revisions.inserted_table(rows, piece.widths, revision, style_id=look.table_style)
        else:
            element = revisions.inserted_paragraph(look.body.style_id, _runs(piece.fragments, look.body.rpr), revision, look.body.ppr)
        built.elements.append(element)
        for note in piece.notes:
            built.notes.append((element, note))
        previous = piece.kind
    return built


def _labelled(exemplar: Exemplar, number: str | None, title: str) -> tuple[list, str]:
    """Runs (and their text) for 'Hoofdstuk 8/1. Titel' / 'Artikel 23/1. Titel' in the
    exemplar's look; only the title when the document numbers these automatically."""
    if exemplar.auto_numbered or exemplar.bare:
        return [revisions.text_run(title, exemplar.rpr)], title
    word = exemplar.word.upper() if exemplar.upper else exemplar.word
    parts = [(f"{word} ", False)]
    if number is None:
        parts.append(("[in te vullen: nummer]", True))
    else:
        parts.append((number, False))
    parts.append((f"{exemplar.separator} {title}" if title else exemplar.separator, False))
    runs = [revisions.text_run(text, exemplar.rpr, highlight=PLACEHOLDER_COLOR if marked else None) for text, marked in parts]
    return runs, "".join(text for text, _ in parts)


def _runs(fragments: list[Fragment], rpr=None, bold: bool = False) -> list:
    """Runs for the chapter's text in the body text's look `rpr` (font and size)."""
    return [revisions.text_run(f.text, rpr, bold=f.bold or bold, highlight=PLACEHOLDER_COLOR if f.highlight else None) for f in fragments]


# --------------------------------------------------------------- the stage


@dataclass
class Amendment:
    data: bytes
    where: str  # Dutch: where the chapter went
    articles: list[str]
    placeholders: list[str]
    notes: int
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
        raise AmendError(f"{Path(existing).name} bevat al een hoofdstuk {_quoted(present.text)}; het wordt niet nog eens ingevoegd. Er is niets geschreven.")
    reglement = getattr(profiel.reglementen, kind)
    place = find_place(blocks, na, reglement.invoegen_na_hoofdstuk)
    look = look_of(document, blocks, place, reglement.nieuw_hoofdstuk)

    body = document.element.body
    original_body = revisions.xml_with_insertions_rejected(body)  # changes already tracked are not ours to judge
    when = _revision_time(profiel)
    comments_to_add = 1 + sum(len(p.notes) for p in pieces)
    revision = revisions.Revision(author, when, revisions.max_annotation_id(document.element) + comments_to_add + 1)
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
    data = _keep_unchanged_parts(original, buffer.getvalue())
    placeholders = rendering.placeholders_in(
        ["".join(f.text for f in p.fragments) for p in pieces[1:]]  # (the heading is written anew)
        + ["".join(f.text for row in p.rows for cell in row for f in cell) for p in pieces]
    )
    if look.chapter_number is None and not (look.chapter.auto_numbered or look.chapter.bare):
        placeholders.insert(0, "[in te vullen: nummer]")
    return Amendment(data, where, built.articles, placeholders, len(built.notes))


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
    _refuse_other_formats(existing)
    untrusted.check_docx(existing)
    result = amend_document(outcome.loaded, existing, kind, na, author.strip(), custom_templates)
    if not target.parent.is_dir():
        raise AmendError(f"de map {target.parent} bestaat niet.")
    result.backups = output.write_protected(target, result.data, force=force)
    return result


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Word 97-2003 and of encrypted files
_MAIN_TYPES = {  # content type of the main part -> what the user has, in Dutch
    "application/vnd.ms-word.document.macroEnabled.main+xml": "een Word-document met macro's (.docm)",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "een Word-sjabloon met macro's (.dotm)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "een Word-sjabloon (.dotx)",
}
_STRICT = b"http://purl.oclc.org/ooxml/"


def _refuse_other_formats(existing: Path) -> None:
    """Name what the file is when it is not a plain .docx, and how to make it one:
    python-docx would only say that it is no Word file (or fail in English)."""
    name, save_as = existing.name, "Open het in Word en sla het op als Word-document (*.docx). Er is niets geschreven."
    with open(existing, "rb") as file:
        head = file.read(untrusted.MAX_TOTAL_BYTES)
    if head.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in head:
            raise AmendError(
                f"{name} is beveiligd met een wachtwoord; iao kan het niet lezen. Open het in Word, "
                "verwijder het wachtwoord (Bestand > Info > Document beveiligen) en sla het op als "
                "Word-document (*.docx). Er is niets geschreven."
            )
        raise AmendError(f"{name} is een ouder Word-document (Word 97-2003, .doc). {save_as}")
    for signature, what in ((b"{\\rtf", "een RTF-bestand"), (b"%PDF", "een PDF-bestand")):
        if head.startswith(signature):
            raise AmendError(f"{name} is {what}, geen Word-document. {save_as}")
    try:
        with zipfile.ZipFile(io.BytesIO(head)) as archive:
            types = _small_member(archive, "[Content_Types].xml")
            relationships = _small_member(archive, "_rels/.rels")
            mimetype = _small_member(archive, "mimetype")
    except zipfile.BadZipFile:
        return  # untrusted.check_docx says it is no valid .docx
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise AmendError(f"{name} is een OpenDocument-bestand (.odt). {save_as}")
    if _STRICT in relationships or _STRICT in types:
        raise AmendError(f"{name} is opgeslagen als 'Strikt Open XML-document'; iao leest alleen het gewone formaat. {save_as}")
    for content_type, what in _MAIN_TYPES.items():
        if content_type.encode() in types:
            raise AmendError(f"{name} is {what}. {save_as}")


def _small_member(archive: zipfile.ZipFile, member: str) -> bytes:
    """A small part of a zip (at most 1 MB, so a zip bomb is not unpacked here), b"" if absent."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return b""
    return archive.read(info) if info.file_size <= 1_000_000 else b""


def _revision_time(profiel) -> datetime.datetime:
    """The date of every tracked change: the council meeting that adopts it (or,
    without that date, 1 September of the school year), so reruns are identical."""
    day = profiel.planning.gemeenteraad or profiel.schooljaar_start
    return datetime.datetime(day.year, day.month, day.day)


def _keep_unchanged_parts(original: bytes, saved: bytes) -> bytes:
    """The parts python-docx saved unchanged are taken byte for byte from the input
    (headers, footers, numbering, styles ...); only the changed and new parts
    (document, its relationships, comments, content types) come from the save."""
    from docx import Document

    baseline = io.BytesIO()
    Document(io.BytesIO(original)).save(baseline)
    with zipfile.ZipFile(io.BytesIO(original)) as a, zipfile.ZipFile(baseline) as b, zipfile.ZipFile(io.BytesIO(saved)) as c:
        before = {name: a.read(name) for name in a.namelist()}
        untouched = {name: b.read(name) for name in b.namelist()}
        members = {}
        for name in c.namelist():
            data = c.read(name)
            members[name] = before[name] if name in before and untouched.get(name) == data else data
    return docxfile.write_zip(members)


def _quoted(heading: str, limit: int = 80) -> str:
    """A heading between quotes for a message, shortened when it is very long (a
    whole paragraph in a heading style)."""
    return f"'{heading}'" if len(heading) <= limit else f"'{heading[: limit - 1].rstrip()}…'"


def _where(place: Place) -> str:
    if place.how == "einde":
        tail = f" (na {_quoted(place.after.text)})" if place.after is not None else ""
        return f"aan het einde van het document{tail}: er is geen kop 'Slotbepalingen'"
    after = f"na {_quoted(place.after.text)}" if place.after is not None else "aan het begin"
    before = f", vóór {_quoted(place.before.text)}" if place.before is not None else ", aan het einde van het document"
    reason = {"na": " (zoals gevraagd met --na)", "profiel": " (zoals in het profiel: invoegen_na_hoofdstuk)", "slotbepalingen": ""}[place.how]
    return f"{after}{before}{reason}"


def _summary(kind: str, title: str, place: Place, look: Look, built: Built, pieces: list[Piece]) -> str:
    lines = [
        f"Hier is het hoofdstuk '{title}' ingevoegd ({len(built.articles)} artikels), als bijgehouden "
        f"wijziging, {_where(place)}. De tekst is dezelfde als in de wijziging van het {kind} die iao "
        "maakt; de bepalingen volgen het profiel van de academie."
    ]
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
