"""The outline of the existing regulation for `iao amend`: its headings and articles, and where the chapter goes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.edit.chapter import AmendError
from generator.word import structure

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
    shown: str = ""  # the number Word shows before it ("Hoofdstuk 5."), when numbered automatically

    @property
    def heading(self) -> str:
        """The text as the reader sees it: with the number Word puts before it."""
        return f"{self.shown} {self.text}" if self.shown and self.text else self.shown or self.text

    @property
    def is_article(self) -> bool:
        if self.label and self.label.group(1).lower().startswith("art"):
            return True
        return bool(self.numbered and self.numbered[1].lower().startswith("art"))


def blocks_of(document) -> list[Block]:
    """The body's paragraphs and tables; a line of a table of contents is kept as
    plain text (no heading, no label), so that nothing is inserted into it."""
    from docx.text.paragraph import Paragraph

    sheet = structure.StyleSheet(document)
    numbers = structure.ListNumbers(document, sheet).shown(document.element.body)
    blocks = []
    open_fields: list[str] = []
    for item in document.iter_inner_content():
        in_toc = structure.marked_as_table_of_contents(item._element, open_fields)
        if not isinstance(item, Paragraph):
            blocks.append(Block(item._element, None))
            continue
        text = structure.visible_text(item._p).strip()
        style_id = sheet.style_id(item._p)
        style_name = sheet.name(style_id)
        if in_toc or _TOC_LINE.search(text) or is_title(style_name, toc_only=True):
            blocks.append(Block(item._p, item, text, style_id=style_id, style_name=style_name, toc=True))
            continue
        numbered = sheet.number_format(item._p)
        block = Block(
            item._p, item, text, label=_LABEL.match(text), numbered=numbered, style_id=style_id, style_name=style_name, shown=numbers.get(item._p, "")
        )
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
    warnings: list[str] = field(default_factory=list)  # Dutch, for the user and the summary comment


def find_place(blocks: list[Block], na: str | None, profile_after: str | None) -> Place:
    headings = [i for i, b in enumerate(blocks) if b.level is not None]
    if na is not None:
        index = _find_heading(blocks, headings, na)
        if index is None:
            raise AmendError(
                f"geen kop gevonden met de tekst '{na}'. Koppen in het document: "
                + "; ".join(quoted(blocks[i].heading) for i in headings[:20])
                + ("" if headings else "(geen)")
                + ". Er is niets geschreven."
            )
        place = _after_section(blocks, headings, index, "na")
        place.warnings += _between_articles(blocks, headings, place)
        return place
    warnings = []
    if profile_after:
        number = chapter_number(profile_after)
        index = _chapter_numbered(blocks, headings, number)
        if index is not None:
            return _after_section(blocks, headings, index, "profiel")
        warnings.append(f"het profiel zegt invoegen_na_hoofdstuk: {number}, maar er is geen hoofdstuk {number} in het document.")
    place = _default_place(blocks, headings)
    place.warnings += warnings
    return place


def _default_place(blocks: list[Block], headings: list[int]) -> Place:
    for index in sorted(headings, key=lambda i: blocks[i].is_article):  # a chapter before an article
        if "slotbepaling" in blocks[index].text.casefold():
            return Place(index, blocks[index], _previous_heading(blocks, headings, index, blocks[index].level), blocks[index], "slotbepalingen")
    top = min((level for i in headings if (level := blocks[i].level) is not None), default=None)
    anchor = next((blocks[i] for i in reversed(headings) if blocks[i].level == top), None)
    return Place(len(blocks), anchor, _previous_heading(blocks, headings, len(blocks), top), None, "einde")


def chapter_number(typed: str) -> str:
    """A chapter number as the profile gives it, "7bis" or "Hoofdstuk 7bis": the number alone."""
    return re.sub(r"^hoofdstuk\s+", "", typed.strip(), flags=re.IGNORECASE)


def _between_articles(blocks, headings, place: Place) -> list[str]:
    """A warning when --na names an article of a document with chapters and another
    article follows it: the whole new chapter then stands between two articles."""
    after, before = place.after, place.before
    chapters = [blocks[i] for i in headings if not blocks[i].is_article]
    if after is None or not after.is_article or before is None or not before.is_article or not chapters:
        return []
    return [
        f"{quoted(after.heading)} is een artikel, geen hoofdstuk: het nieuwe hoofdstuk staat nu tussen twee "
        f"artikels (vóór {quoted(before.heading)}). Kies met --na liever een hoofdstuk, bv. --na {quoted(chapters[0].heading)}."
    ]


def _chapter_numbered(blocks, headings, number: str) -> int | None:
    """The chapter "Hoofdstuk `number`" (typed, or the number Word shows: "Hoofdstuk 5.",
    or "5." for chapters numbered without the word)."""
    typed = re.compile(rf"^hoofdstuk\s+{re.escape(number)}\b", re.IGNORECASE)
    bare = re.compile(rf"^{re.escape(number)}\b")
    for index in headings:
        block = blocks[index]
        if typed.match(block.heading) or (block.shown and not block.is_article and bare.match(block.shown)):
            return index
    return None


def _find_heading(blocks, headings, wanted: str) -> int | None:
    wanted = " ".join(wanted.split()).casefold()
    texts = {i: " ".join(blocks[i].heading.split()).casefold() for i in headings}
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


def is_title(style_name: str, toc_only: bool = False) -> bool:
    """A title, subtitle or table-of-contents paragraph by its style ("toc 1", Dutch "Inhopg 1")."""
    name = style_name.casefold()
    return name.startswith(("toc", "inhopg")) or (not toc_only and name in ("title", "subtitle", "titel", "ondertitel"))


def quoted(heading: str, limit: int = 80) -> str:
    """A heading between quotes for a message, shortened when it is very long (a
    whole paragraph in a heading style)."""
    return f"'{heading}'" if len(heading) <= limit else f"'{heading[: limit - 1].rstrip()}…'"
