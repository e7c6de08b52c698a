"""Reading an existing document for `iao amend`: its styles, outline levels, list numbering, tables of contents and the look of its paragraphs."""

from __future__ import annotations

import re
from typing import Any

from docx.oxml.ns import qn

from generator.word.ooxml import abstract_id_of, numbering_root, remove_children
from generator.word.revisions import TRACKED

# Direct formatting that belongs to one paragraph or one run, not to the look of
# the document: a border, shading, a frame, a page break, right-to-left direction,
# another proofing language.
_ONE_OFF_PARAGRAPH = ("w:pBdr", "w:shd", "w:framePr", "w:pageBreakBefore", "w:bidi")
_ONE_OFF_RUN = ("w:bdr", "w:shd", "w:highlight", "w:rtl", "w:cs", "w:lang")
_TEXT_LOOK = ("w:rFonts", "w:sz", "w:szCs")  # what body text takes over: font and size


def plain_properties(paragraph, keep_numbering: bool = False, keep_with_next: bool = True):
    """A copy of the paragraph's w:pPr without section, run marks, change
    tracking, one-off formatting and (unless `keep_numbering`) numbering: the
    layout to give a new paragraph that should look like this one. Body text
    (`keep_with_next` False) also loses keep-with-next and keep-lines, which would
    chain all new paragraphs together. None if the paragraph has no pPr."""
    from copy import deepcopy

    ppr = paragraph._p.pPr
    if ppr is None:
        return None
    ppr = deepcopy(ppr)
    remove_children(
        ppr,
        "w:sectPr",
        "w:rPr",
        "w:pPrChange",
        *_ONE_OFF_PARAGRAPH,
        *(() if keep_numbering else ("w:numPr",)),
        *(() if keep_with_next else ("w:keepNext", "w:keepLines")),
    )
    return ppr


def run_properties(paragraph, text_look: bool = False):
    """A copy of the w:rPr of the paragraph's first run with text (without
    change tracking and one-off formatting; with `text_look` only its font and
    size), or None: the character look to give new text."""
    from copy import deepcopy

    for r in paragraph._p.iter(qn("w:r")):
        if r.find(qn("w:t")) is not None:
            rpr = r.find(qn("w:rPr"))
            if rpr is None:
                return None
            rpr = deepcopy(rpr)
            if text_look:
                kept = {qn(tag) for tag in _TEXT_LOOK}
                for child in [child for child in rpr if child.tag not in kept]:
                    rpr.remove(child)
            remove_children(rpr, *TRACKED, *_ONE_OFF_RUN)
            return rpr if len(rpr) else None
    return None


class StyleSheet:
    """The paragraph styles and list levels of an existing document, indexed once.

    python-docx finds a style by scanning every style of the document, once per
    paragraph and again for each style it is based on: in a long regulation with
    thousands of styles that takes minutes. Read by amend for every paragraph."""

    def __init__(self, document):
        self._document = document
        self._styles = {}
        self._characters: dict[str, str] = {}  # character style id -> name
        self.default: str | None = None
        for style in document.styles.element.iterfind(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style.get(qn("w:type"), "paragraph") == "character":
                name = style.find(qn("w:name"))
                self._characters.setdefault(style_id, name.get(qn("w:val"), "") if name is not None else "")
            if style.get(qn("w:type"), "paragraph") != "paragraph":
                continue
            self._styles.setdefault(style_id, style)
            if self.default is None and style.get(qn("w:default")) in ("1", "true", "on"):
                self.default = style_id
        self._formats: dict[tuple[int, int], tuple[str, str] | None] = {}

    def style_id(self, p) -> str | None:
        """The paragraph style of a w:p, as Word reads it: its w:pStyle if that
        style exists, else the default paragraph style."""
        ppr = p.find(qn("w:pPr"))
        found = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = found.get(qn("w:val")) if found is not None else None
        return style_id if style_id in self._styles else self.default

    def name(self, style_id: str | None) -> str:
        """The style's name as stored ("heading 1", "Kop 1", "toc 1"), "" if unknown."""
        style = self._styles.get(style_id)
        name = style.find(qn("w:name")) if style is not None else None
        return name.get(qn("w:val"), "") if name is not None else ""

    def character_name(self, r) -> str:
        """The name of a w:r's character style as stored ("Strong", "Zwaar"), "" if it has none."""
        rpr = r.find(qn("w:rPr"))
        found = rpr.find(qn("w:rStyle")) if rpr is not None else None
        return self._characters.get(found.get(qn("w:val")), "") if found is not None else ""

    def _properties(self, p) -> list:
        """The w:pPr of the paragraph, then of its style and the styles that one is
        based on, nearest first (a loop of basedOn is cut)."""
        found = [p.find(qn("w:pPr"))]
        style_id, seen = self.style_id(p), set()
        while style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            found.append(style.find(qn("w:pPr")))
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return [ppr for ppr in found if ppr is not None]

    def outline_level(self, p) -> int | None:
        """The outline level of a w:p (0 = top, like Heading 1): its own
        w:outlineLvl, else that of its style or the styles it is based on. None
        for body text (no level, or level 9)."""
        for ppr in self._properties(p):
            el = ppr.find(qn("w:outlineLvl"))
            if el is not None:
                level = int(el.get(qn("w:val")))
                return level if level < 9 else None
        return None

    def numbering_of(self, p) -> tuple[int, int] | None:
        """(numId, ilvl) of the automatic numbering of a w:p, from its own w:numPr
        or its style chain; None if it is not numbered (numId 0 = off)."""
        num_id = ilvl = None
        for ppr in self._properties(p):
            numpr = ppr.find(qn("w:numPr"))
            if numpr is None:
                continue
            if num_id is None and numpr.find(qn("w:numId")) is not None:
                num_id = int(numpr.find(qn("w:numId")).get(qn("w:val")))
            if ilvl is None and numpr.find(qn("w:ilvl")) is not None:
                ilvl = int(numpr.find(qn("w:ilvl")).get(qn("w:val")))
        if not num_id:
            return None
        return num_id, ilvl or 0

    def number_format(self, p) -> tuple[str, str] | None:
        """(w:numFmt, w:lvlText) of a numbered w:p's level, e.g. ("bullet", "•")
        or ("decimal", "Artikel %1."); None if it is not numbered or its
        definition cannot be found."""
        numbering = self.numbering_of(p)
        if numbering is None:
            return None
        if numbering not in self._formats:
            self._formats[numbering] = _level_format(self._document, *numbering)
        return self._formats[numbering]


def _level_format(document, num_id: int, ilvl: int) -> tuple[str, str] | None:
    try:
        root = numbering_root(document)
        abstract = abstract_id_of(document, num_id)
    except (KeyError, NotImplementedError, TypeError, ValueError, AttributeError):
        return None
    for definition in root.iterfind(qn("w:abstractNum")):
        if int(definition.get(qn("w:abstractNumId"))) == abstract:
            for lvl in definition.iterfind(qn("w:lvl")):
                if int(lvl.get(qn("w:ilvl"))) == ilvl:
                    fmt, text = lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlText"))
                    return (fmt.get(qn("w:val")) if fmt is not None else "decimal", text.get(qn("w:val"), "") if text is not None else "")
    return None


class ListNumbers:
    """The numbers Word shows in front of automatically numbered paragraphs ("Hoofdstuk 5.",
    "3°"), counted as Word counts them: per list (the instances of one definition
    continue each other unless one restarts with a startOverride), a level starting
    again after a higher one, "%1.%2" holding the counters of the higher levels."""

    def __init__(self, document, sheet: StyleSheet):
        self._document, self._sheet = document, sheet
        self._levels: dict[int, dict[int, Any]] | None = None  # abstractNumId -> ilvl -> w:lvl
        self._nums: dict[int, tuple[int, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self._counters: dict[tuple[str, int], dict[int, int]] = {}

    def shown(self, body) -> dict[Any, str]:
        """The number Word shows before every numbered w:p of `body` (in tables too), by element."""
        found = {}
        for p in body.iter(qn("w:p")):
            numbering = self._sheet.numbering_of(p)
            label = self._next(*numbering) if numbering is not None else None
            if label:
                found[p] = label
        return found

    def _read(self) -> None:
        self._levels = {}
        try:
            root = numbering_root(self._document)
        except (KeyError, NotImplementedError, AttributeError):
            return
        for definition in root.iterfind(qn("w:abstractNum")):
            self._levels[_int(definition.get(qn("w:abstractNumId")))] = {_int(lvl.get(qn("w:ilvl"))): lvl for lvl in definition.iterfind(qn("w:lvl"))}
        for num in root.iterfind(qn("w:num")):
            abstract = num.find(qn("w:abstractNumId"))
            starts = {
                _int(override.get(qn("w:ilvl"))): _int(start.get(qn("w:val")))
                for override in num.iterfind(qn("w:lvlOverride"))
                if (start := override.find(qn("w:startOverride"))) is not None
            }
            if abstract is not None:
                self._nums[_int(num.get(qn("w:numId")))] = (_int(abstract.get(qn("w:val"))), starts)

    def _next(self, num_id: int, ilvl: int) -> str | None:
        if self._levels is None:
            self._read()
        if num_id not in self._nums or self._levels is None:
            return None
        abstract, starts = self._nums[num_id]
        levels = self._levels.get(abstract, {})
        if ilvl not in levels:
            return None
        key = ("num", num_id) if starts else ("abstract", abstract)
        counters = self._counters.setdefault(key, {})
        start = {level: starts.get(level, _value(lvl, "w:start", 0)) for level, lvl in levels.items()}
        counters[ilvl] = counters.get(ilvl, start[ilvl] - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        legal = levels[ilvl].find(qn("w:isLgl")) is not None

        def number(match) -> str:
            level = int(match.group(1)) - 1
            lvl = levels.get(level)
            fmt = "decimal" if legal or lvl is None else _attribute(lvl, "w:numFmt", "decimal")
            return _formatted(counters.get(level, start.get(level, 1)), fmt)

        return re.sub(r"%([1-9])", number, _attribute(levels[ilvl], "w:lvlText", "")).strip()


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _attribute(parent, tag: str, default: str) -> str:
    child = parent.find(qn(tag))
    return child.get(qn("w:val"), default) if child is not None else default


def _value(parent, tag: str, default: int) -> int:
    return _int(_attribute(parent, tag, str(default)), default)


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _formatted(n: int, fmt: str) -> str:
    """A counter in a w:numFmt: decimal, roman, letters (Word: ..., z, aa, bb); a bullet or none shows no number."""
    if fmt in ("bullet", "none"):
        return ""
    if fmt in ("upperRoman", "lowerRoman") and n > 0:
        roman = ""
        for value, letters in _ROMAN:
            while n >= value:
                roman, n = roman + letters, n - value
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def table_style_of(table_element) -> str | None:
    """The table style id (w:tblStyle) of a w:tbl, None if it has none."""
    tblpr = table_element.find(qn("w:tblPr"))
    style = tblpr.find(qn("w:tblStyle")) if tblpr is not None else None
    return style.get(qn("w:val")) if style is not None else None


def visible_text(element) -> str:
    """The text of a paragraph as Word shows it with changes tracked: also the
    runs inside w:ins (python-docx's Paragraph.text skips those), a tab in a run
    as "\t"; deleted text (w:delText) is not included."""
    tab, run = qn("w:tab"), qn("w:r")
    return "".join(
        "\t" if t.tag == tab else t.text or "" for t in element.iter(qn("w:t"), tab) if t.tag != tab or t.getparent().tag == run
    )  # (not the tab stops in w:pPr)


def marked_as_table_of_contents(element, open_fields: list[str]) -> bool:
    """Whether a w:p (or w:tbl) is part of a table of contents by its markup: inside
    a TOC field, holding a PAGEREF to a _Toc bookmark or a hyperlink to one.
    `open_fields` are the instructions of the complex fields still open before it
    (such a field spans paragraphs); it is updated for the next element."""
    instructions = list(open_fields)
    linked = False
    for el in element.iter(qn("w:fldChar"), qn("w:instrText"), qn("w:fldSimple"), qn("w:hyperlink")):
        if el.tag == qn("w:fldSimple"):
            instructions.append(el.get(qn("w:instr"), ""))
        elif el.tag == qn("w:hyperlink"):
            linked = linked or el.get(qn("w:anchor"), "").startswith("_Toc")
        elif el.tag == qn("w:instrText"):
            if open_fields:
                open_fields[-1] += el.text or ""
        elif el.get(qn("w:fldCharType")) == "begin":
            open_fields.append("")
        elif el.get(qn("w:fldCharType")) == "end" and open_fields:
            instructions.append(open_fields.pop())
    return linked or any(_TOC_FIELD.search(i) for i in instructions + open_fields)


_TOC_FIELD = re.compile(r"^\s*TOC\b|PAGEREF\s+_Toc", re.IGNORECASE)
