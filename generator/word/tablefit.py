"""Table columns wide enough for their longest word in the font the document uses.

Our templates size their columns for the built-in font (Arial 10.5 pt). A house
style brings its own font and size, often wider (Georgia, Verdana): a long Dutch
word ("Verwerkingsverantwoordelijke") then no longer fits its column and Word and
LibreOffice cut it in two without a hyphen. `fit_tables` widens such a column to
its longest word and takes the width from the columns that have room, so that the
table keeps its total width.

Word does not tell how wide a text is; we estimate it from the average advance of
a letter in the long words of our tables. Measured with fontTools on the fonts
that ship with Debian, which share their metrics with Word's: Liberation Sans
(Arial) 0.482 em, Liberation Serif (Times New Roman) 0.438 em, DejaVu Sans 0.549
em, DejaVu Serif 0.559 em; bold 1.09 to 1.13 times as wide. A font not listed
(Georgia, Verdana, Calibri, ...) gets the widest: where a font is missing,
LibreOffice puts DejaVu in its place, so the estimate holds there too.
"""

from __future__ import annotations

import math
import re

from docx.shared import Pt

from generator.word.reference import A, twips, wtag

LETTER_EM = {
    "arial": 0.49,
    "helvetica": 0.49,
    "liberation sans": 0.49,
    "times new roman": 0.44,
    "liberation serif": 0.44,
    "dejavu sans": 0.55,
}
WIDEST_EM = 0.56
BOLD = 1.13
# Word's default cell margins (108 twips each side) and a little room for the
# estimate: a word that just fits on paper still wraps on a rounding.
CELL_ROOM = 2 * 108 + 60
DEFAULT_SIZE_PT = 10.0
# A cell of at most this many letters (a date, "contact *") is kept on one line where the table allows.
SHORT_CELL = 20
ONE_LINE_SHRINK = 0.85  # for that, the table's text may become this much smaller (11 pt -> 9.5 pt)
# A table too wide for its words gets a smaller text, but not below this size.
SMALLEST_PT = 8.0
# A word may break after a hyphen or a slash ("woordkunst-drama", "en/of"); a
# no-break space holds its words together ("9 september 2027" is one piece).
_PIECES = re.compile(r"[^ \t\n\-/–]+[\-/–]?")


def fit_tables(document, styles, theme) -> bool:
    """Widen the columns of the tables in `document` (the body's XML tree) whose
    longest word does not fit; `styles` and `theme` (trees or None) give the fonts.
    Returns whether a width changed."""
    fonts = _Fonts(styles, theme)
    changed = False
    for table in document.iter(wtag("tbl")):
        grid = table.findall(f"{wtag('tblGrid')}/{wtag('gridCol')}")
        widths = [twips(col, "w") for col in grid]
        if len(widths) < 2 or min(widths) <= 0:
            continue
        needed = _needed_widths(table, len(widths), fonts)
        on_one_line = _needed_widths(table, len(widths), fonts, short_on_one_line=True)
        if _room_for(on_one_line, widths) >= ONE_LINE_SHRINK:  # a short cell (a date, "contact *") stays on one line too
            needed = on_one_line
        if _room_for(needed, widths) < 1:  # no division fits: a smaller text, down to SMALLEST_PT
            _shrink_text(table, _room_for(needed, widths), fonts)
            needed = _needed_widths(table, len(widths), fonts, short_on_one_line=needed is on_one_line)
            changed = True
        new = fitted(widths, needed)
        if new != widths:
            _set_column_widths(table, grid, new)
            changed = True
    return changed


def _room_for(needed: list[int], widths: list[int]) -> float:
    """How much the text of the cells could grow (above 1) or must shrink (below 1) to
    fit the table's width; the cell margins stay."""
    text = sum(max(0, n - CELL_ROOM) for n in needed)
    return max(0.0, sum(widths) - CELL_ROOM * len(widths)) / text if text else 1.0


def fitted(widths: list[int], needed: list[int]) -> list[int]:
    """Column widths with the same total as `widths`, each at least its `needed`
    width where the total allows; the columns that have room give it up in
    proportion to their width. When even that is too little, in proportion to need."""
    total = sum(widths)
    if all(w >= n for w, n in zip(widths, needed, strict=True)):
        return widths
    if sum(needed) >= total:
        return _to_total([total * n / sum(needed) for n in needed], total)
    held: dict[int, float] = {}  # columns set to their needed width
    while True:
        free = [i for i in range(len(widths)) if i not in held]
        room = total - sum(held.values())
        share = sum(widths[i] for i in free)
        proposed = {i: room * widths[i] / share for i in free}
        short = [i for i in free if proposed[i] < needed[i]]
        if not short:
            return _to_total([held.get(i, proposed.get(i, 0.0)) for i in range(len(widths))], total)
        for i in short:
            held[i] = needed[i]


def _to_total(values: list[float], total: int) -> list[int]:
    rounded = [int(v) for v in values]
    rounded[-1] += total - sum(rounded)
    return rounded


def _needed_widths(table, columns: int, fonts: _Fonts, short_on_one_line: bool = False) -> list[int]:
    """Per column, the width its longest word needs (`short_on_one_line`: and the whole
    text of a short cell, up to SHORT_CELL letters: a calendar whose dates wrap doubles its height)."""
    needed = [0] * columns
    header_bold = fonts.table_header_bold(table)
    for r, row in enumerate(table.findall(wtag("tr"))):
        column = 0
        for cell in row.findall(wtag("tc")):
            cells = _span(cell)
            if cells == 1 and column < columns:
                needed[column] = max(needed[column], _cell_need(cell, fonts, r == 0 and header_bold, short_on_one_line))
            column += cells
    return needed


def _cell_need(cell, fonts: _Fonts, bold: bool, short_on_one_line: bool = False) -> int:
    """Twips the longest word of the cell takes (or a short paragraph as a whole), with the cell's margins."""
    longest = 0.0
    for paragraph in cell.iter(wtag("p")):
        style = paragraph.find(f"{wtag('pPr')}/{wtag('pStyle')}")
        em, style_size = fonts.of_style(style.get(wtag("val")) if style is not None else None)
        runs = []
        for run in paragraph.iter(wtag("r")):
            run_bold = bold or run.find(f"{wtag('rPr')}/{wtag('b')}") is not None or _strong(run)
            letter = em * (_own_size(run) or style_size) * 20 * (BOLD if run_bold else 1.0)
            runs.append(("".join(t.text or "" for t in run.iter(wtag("t"))), letter))
        if short_on_one_line and sum(len(text) for text, _ in runs) <= SHORT_CELL:
            longest = max(longest, sum(len(text) * letter for text, letter in runs))
        for text, letter in runs:
            for piece in _PIECES.findall(text):
                longest = max(longest, len(piece) * letter)
    return round(longest) + CELL_ROOM if longest else 0


def _shrink_text(table, factor: float, fonts: _Fonts) -> None:
    """Every run of the table `factor` times its size (in half points, not below SMALLEST_PT)."""
    for paragraph in table.iter(wtag("p")):
        style = paragraph.find(f"{wtag('pPr')}/{wtag('pStyle')}")
        size = fonts.of_style(style.get(wtag("val")) if style is not None else None)[1]
        for run in paragraph.iter(wtag("r")):
            smaller = math.floor((_own_size(run) or size) * factor * 2) / 2
            run.get_or_add_rPr().sz_val = Pt(max(SMALLEST_PT, smaller))


def _own_size(run) -> float | None:
    return _Fonts.size_of(run.find(wtag("rPr")))


def _strong(run) -> bool:
    style = run.find(f"{wtag('rPr')}/{wtag('rStyle')}")
    return style is not None and style.get(wtag("val")) == "Strong"


def _span(cell) -> int:
    """How many grid columns the cell spans."""
    span = cell.find(f"{wtag('tcPr')}/{wtag('gridSpan')}")
    value = span.get(wtag("val"), "") if span is not None else ""
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _set_column_widths(table, grid, widths: list[int]) -> None:
    for col, width in zip(grid, widths, strict=True):
        col.set(wtag("w"), str(width))
    for row in table.findall(wtag("tr")):
        column = 0
        for cell in row.findall(wtag("tc")):
            cells = _span(cell)
            width = cell.find(f"{wtag('tcPr')}/{wtag('tcW')}")
            if width is not None and width.get(wtag("type"), "dxa") == "dxa":
                width.set(wtag("w"), str(sum(widths[column : column + cells])))
            column += cells


class _Fonts:
    """Font family and size of a paragraph style, following basedOn to the defaults."""

    def __init__(self, styles, theme):
        self.by_id = {s.get(wtag("styleId")): s for s in styles.iterfind(wtag("style"))} if styles is not None else {}
        self.defaults = styles.find(f"{wtag('docDefaults')}/{wtag('rPrDefault')}/{wtag('rPr')}") if styles is not None else None
        self.theme = {}
        if theme is not None:
            for kind in ("minor", "major"):
                latin = theme.find(f".//{{{A}}}{kind}Font/{{{A}}}latin")
                if latin is not None:
                    self.theme[kind] = latin.get("typeface", "")

    def of_style(self, style_id: str | None) -> tuple[float, float]:
        """(em per letter, size in pt) of text in the paragraph style."""
        family = size = None
        seen: set[str] = set()
        style = self.by_id.get(style_id or "Normal")
        style = style if style is not None else self.by_id.get("Normal")
        while style is not None and (family is None or size is None) and style.get(wtag("styleId")) not in seen:
            seen.add(style.get(wtag("styleId")))
            rpr = style.find(wtag("rPr"))
            family = family or self._family(rpr)
            size = size or self.size_of(rpr)
            based = style.find(wtag("basedOn"))
            style = self.by_id.get(based.get(wtag("val"))) if based is not None else None
        family = family or self._family(self.defaults) or ""
        size = size or self.size_of(self.defaults) or DEFAULT_SIZE_PT
        return LETTER_EM.get(family.lower(), WIDEST_EM), size

    def table_header_bold(self, table) -> bool:
        """Whether the table style makes the first row bold."""
        name = table.find(f"{wtag('tblPr')}/{wtag('tblStyle')}")
        style = self.by_id.get(name.get(wtag("val"))) if name is not None else None
        if style is None:
            return False
        first = [p for p in style.iterfind(wtag("tblStylePr")) if p.get(wtag("type")) == "firstRow"]
        return any(p.find(f"{wtag('rPr')}/{wtag('b')}") is not None for p in first)

    def _family(self, rpr) -> str | None:
        fonts = rpr.find(wtag("rFonts")) if rpr is not None else None
        if fonts is None:
            return None
        if fonts.get(wtag("ascii")):
            return fonts.get(wtag("ascii"))
        theme = fonts.get(wtag("asciiTheme")) or ""
        return self.theme.get("major" if theme.startswith("major") else "minor") if theme else None

    @staticmethod
    def size_of(rpr) -> float | None:
        size = rpr.find(wtag("sz")) if rpr is not None else None
        value = size.get(wtag("val"), "") if size is not None else ""
        return int(value) / 2 if value.isdigit() and int(value) > 0 else None
