"""The look of the new chapter (copied from the existing document) and its paragraphs built as tracked insertions."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from generator.edit.chapter import Fragment, Piece
from generator.edit.outline import Block, Place, chapter_number, is_title
from generator.word import contract, ooxml, revisions, structure, wordstyles

PLACEHOLDER_COLOR = "yellow"


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
    numbering: tuple[int, int] | None = None  # (numId, ilvl) to give new paragraphs; numId 0: numbering off


@dataclass
class Look:
    chapter: Exemplar
    article: Exemplar
    body: Exemplar
    table_style: str | None
    chapter_number: str | None  # None: a placeholder
    article_base: str | None  # the number of the last article before the insertion point
    list_item: Exemplar | None = None  # the document's own numbered list, if it has one to follow
    new_list: Callable[[], int] | None = None  # a numbering instance of that list starting again at 1


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
        if chapter.auto_numbered and profile_chapter is not None and model.numbered is not None:
            chapter = _typed(chapter, model.numbered[1])
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
        b for b in around if b.paragraph is not None and b.level is None and not b.numbered and not b.toc and len(b.text) >= 30 and not is_title(b.style_name)
    ]
    body_block = next((b for b in texts if not b.is_article), None) or next(
        (b for b in texts if b.label is not None and len(b.text) - b.label.end() >= 60), None
    )
    if body_block is not None:
        body = Exemplar(
            body_block.style_id,
            structure.plain_properties(body_block.paragraph, keep_with_next=False),
            structure.run_properties(body_block.paragraph, text_look=True),
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

    tables = [structure.table_style_of(b.element) for b in blocks if b.paragraph is None]
    style_ids = {s.style_id for s in document.styles}
    table_style = next((s for s in tables if s), None) or ("TableGrid" if "TableGrid" in style_ids else None)

    number = chapter_number(profile_chapter) if profile_chapter is not None else None
    if number is None:
        previous = next((b for b in reversed(before) if b.level == chapter_level and b.label and b.label.group(1).lower() == "hoofdstuk"), None)
        number = f"{previous.label.group(2)}/1" if previous is not None and previous.label is not None else None
    base = next((b.label.group(2) for b in reversed(before) if b.is_article and b.label), None)
    return Look(chapter, article, body, table_style, number, base, *_list_look(document, around))


_LIST_TEXT = re.compile(r"^%1\W{0,2}$")  # "%1°", "%1.", "%1)": an enumeration, not "Artikel %1."


def _list_look(document, around: list[Block]) -> tuple[Exemplar | None, Callable[[], int] | None]:
    """The enumeration the document numbers with Word's list numbering (nearest first):
    the new chapter's lists follow it, each starting again at 1; (None, None) when the
    document types its numbers (then iao types 1°, 2°, ... too)."""
    sheet = structure.StyleSheet(document)
    for block in around:
        if block.paragraph is None or block.level is not None or block.toc or not block.numbered:
            continue
        numbering = sheet.numbering_of(block.element)
        if block.numbered[0] != "decimal" or not _LIST_TEXT.match(block.numbered[1]) or numbering is None or numbering[1] != 0:
            continue
        item = Exemplar(block.style_id, structure.plain_properties(block.paragraph, keep_with_next=False))  # (the text takes the body's look)
        return item, functools.partial(wordstyles.add_numbering_instance, document, ooxml.abstract_id_of(document, numbering[0]), restart=True)
    return None, None


def _typed(exemplar: Exemplar, level_text: str) -> Exemplar:
    """The profile numbers the new chapter (nieuw_hoofdstuk) where Word numbers the
    chapters: its number is typed the way Word writes them ("Hoofdstuk %1." gives
    "Hoofdstuk 2bis.") and Word's numbering is switched off for it, so that the
    chapters after it keep their numbers."""
    match = re.match(r"^(.*?)%\d(.*)$", level_text)
    word, separator = (match.group(1).strip(), match.group(2).strip()) if match else ("Hoofdstuk", ".")
    return replace(exemplar, auto_numbered=False, word=word, separator=separator, numbering=(0, 0))


def _exemplar(block: Block, labelled: Block | None, word: str) -> Exemplar:
    paragraph = block.paragraph
    auto = block.numbered is not None and not block.label
    exemplar = Exemplar(
        block.style_id,
        structure.plain_properties(paragraph, keep_numbering=auto),
        structure.run_properties(paragraph),
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
    list_id = 0  # the numbering instance of the current list, when Word numbers it
    for piece in pieces:
        if piece.kind == "hoofdstuk":
            shown = title.upper() if look.chapter.upper else title
            runs, _label = _labelled(look.chapter, look.chapter_number, shown)
            element = _paragraph(look.chapter, runs, revision)
            built.heading = element
        elif piece.kind == "artikel":
            number += 1
            runs, label = _labelled(look.article, None if look.article_base is None else f"{look.article_base}/{number}", piece.text.strip())
            element = _paragraph(look.article, runs, revision)
            built.articles.append(label)
        elif piece.kind == "opsomming" and look.list_item is not None and look.new_list is not None:
            # numbered by Word like the document's own lists, each list from 1 again
            list_id = look.new_list() if previous != "opsomming" else list_id
            element = revisions.inserted_paragraph(look.list_item.style_id, _runs(piece.fragments, look.body.rpr), revision, look.list_item.ppr)
            wordstyles.set_numbering(element, list_id, 0)
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


def _paragraph(exemplar: Exemplar, runs: list, revision: revisions.Revision):
    """A new paragraph in the exemplar's style and layout (and numbering), as a tracked insertion."""
    element = revisions.inserted_paragraph(exemplar.style_id, runs, revision, exemplar.ppr)
    if exemplar.numbering is not None:
        wordstyles.set_numbering(element, *exemplar.numbering)
    return element


def _labelled(exemplar: Exemplar, number: str | None, title: str) -> tuple[list, str]:
    """Runs (and their text) for 'Hoofdstuk 8/1. Titel' / 'Artikel 23/1. Titel' in the
    exemplar's look; only the title when the document numbers these automatically."""
    if exemplar.auto_numbered or exemplar.bare:
        return [revisions.text_run(title, exemplar.rpr)], title
    word = exemplar.word.upper() if exemplar.upper else exemplar.word
    parts = [(f"{word} ", False)] if word else []
    if number is None:
        parts.append(("[in te vullen: nummer]", True))
    else:
        parts.append((number, False))
    parts.append((f"{exemplar.separator} {title}" if title else exemplar.separator, False))
    runs = [revisions.text_run(text, exemplar.rpr, highlight=PLACEHOLDER_COLOR if marked else None) for text, marked in parts]
    return runs, "".join(text for text, _ in parts)


def _runs(fragments: list[Fragment], rpr=None, bold: bool = False) -> list:
    """Runs for the chapter's text in the body text's look `rpr` (font and size)."""
    return [revisions.text_run(f.text, rpr, bold=f.bold or bold, highlight=f.highlight) for f in fragments]
