"""Build Word templates (.docx for docxtpl) from the plain-text markup in
``templates/<kind>/bron.txt``.

The markup is line based (see templates/README.md). Every line becomes one
paragraph in a Word style; all formatting lives in the styles defined here, so
a legal adviser can open the template in Word and edit it like any document.
Raw OOXML is left to :mod:`generator.word.wordstyles` (styles, numbering) and
:mod:`generator.word.docxfile` (core properties, reproducible zip).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from generator.dossier import output
from generator.dossier.documents import KINDS
from generator.errors import IaoError
from generator.word import contract, docxfile, wordstyles
from generator.word.ooxml import abstract_id_of

__all__ = [
    "MarkupError",
    "Line",
    "Markup",
    "parse_markup",
    "inline_segments",
    "build_document",
    "build_template",
    "build_kind",
    "STYLE",
]


class MarkupError(IaoError):
    """The markup source (bron.txt) could not be read."""


class EditedTemplate(IaoError):
    """A built template was changed in Word since it was built: not overwritten."""


# The templates' build manifest: {"<kind>/<kind>.docx": sha256 as last built},
# committed with the templates, so a .docx edited in Word is never overwritten.
BUILD_MANIFEST = ".bouw-manifest.json"


# Style names, exactly as they appear in Word (built-in ones in English: Word
# shows them translated, e.g. "Kop 1", "Titel", "Lijstopsommingsteken"). The
# names that `iao amend` reads come from the contract.
STYLE = {
    "normal": "Normal",
    "title": "Title",
    "h1": "Heading 1",
    "h2": "Heading 2",
    "h3": "Heading 3",
    "artikel": contract.ARTICLE,
    "art": contract.INSERTED_ARTICLE,
    "inserted": contract.INSERTED_TEXT,
    "inserted_bullet": contract.INSERTED_LIST,
    "note": contract.NOTE,
    "bullet": "List Bullet",
    "number": "List Number",
    "table_text": "Tabeltekst",
    "after_table": "Tekst na tabel",
    "strong": contract.STRONG,
    "data_table": "Gegevenstabel",
    "signature_table": "Handtekeningtabel",
    "letter": "Lijst letters",
}

DARK_BLUE = RGBColor(0x1F, 0x38, 0x64)
TEXT_WIDTH = Cm(16)  # A4 21 cm minus 2 x 2.5 cm margins
LANDSCAPE_TEXT_WIDTH = Cm(24.7)  # A4 29.7 cm minus 2 x 2.5 cm margins
WRITE_IN_HEIGHT = Cm(1)  # a row of a form to write in
SIGNATURE_SPACE = 1440  # twips (2.54 cm) of empty rows to sign in, per signature

# ------------------------------------------------------------------ parsing

YEAR_IN_FOOTER = " – {{ schooljaar }}"
METADATA_KEYS = {"titel", "onderwerp", "auteur", "koptekst", "koptekst_rechts", "voettekst", "artikels", "pagina"}

_JINJA = r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}"
_INLINE_TOKENS = re.compile(rf"({_JINJA}|\*\*)")
_CELL_TOKENS = re.compile(rf"({_JINJA}|\|)")


@dataclass
class Line:
    """One paragraph-producing element of the source.

    kind: "para" (text in `style`), "jinja" (a whole-line Jinja tag),
    "pagebreak", or "table" (with `rows`, a list of cell-text lists).
    """

    kind: str
    lineno: int
    style: str = "Normal"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    signature: bool = False
    widths: list[float] = field(default_factory=list)  # relative column widths ([kolommen])
    form_height: float = 0.0  # [formulier]: minimum height of a row in cm (0: not a form)
    numbering: str = ""  # a heading numbered by Word: "decimal" (## 1. ...) or "lowerLetter" (## a) ...)


@dataclass
class Markup:
    """A parsed bron.txt: metadata (``%key: value``) and the body lines."""

    metadata: dict[str, str]
    lines: list[Line]


def _split_outside_jinja(text: str) -> list[str]:
    """Split a table row on ``|`` that are not inside a Jinja tag (filters!)."""
    cells, current = [], ""
    for token in _CELL_TOKENS.split(text):
        if token == "|":
            cells.append(current)
            current = ""
        else:
            current += token
    cells.append(current)
    return cells


def _parse_row(text: str, lineno: int) -> list[str]:
    stripped = text.strip()
    if not stripped.endswith("|") or stripped == "|":
        raise MarkupError(f"regel {lineno}: een tabelrij begint en eindigt met '|'")
    cells = _split_outside_jinja(stripped)
    return [c.strip() for c in cells[1:-1]]


_BLOCK_PATTERNS = [
    (re.compile(r"^(#{1,4}) (.*)$"), None),
    (re.compile(r"^\[artikel\](?: (.*))?$"), STYLE["artikel"]),
    (re.compile(r"^\[art\](?: (.*))?$"), STYLE["art"]),
    (re.compile(r"^>-(?: (.*))?$"), STYLE["inserted_bullet"]),
    (re.compile(r"^>(?: (.*))?$"), STYLE["inserted"]),
    (re.compile(r"^- (.*)$"), STYLE["bullet"]),
    (re.compile(r"^[a-z]\) (.*)$"), STYLE["letter"]),
    (re.compile(r"^\d+\. (.*)$"), STYLE["number"]),
    (re.compile(r"^! (.*)$"), STYLE["note"]),
]
_HEADING_STYLES = {1: STYLE["title"], 2: STYLE["h1"], 3: STYLE["h2"], 4: STYLE["h3"]}
# A heading "## 1. Titel" or "## a) Titel": Word numbers it, the typed label goes.
_NUMBERED_HEADING = [(re.compile(r"^(\d+)\. (.+)$"), "decimal"), (re.compile(r"^([a-z])\) (.+)$"), "lowerLetter")]
_TABLE_MARKERS = ("handtekeningen", "kolommen", "formulier")


def _heading(lineno: int, level: int, content: str, counts: dict[str, int]) -> Line:
    """A heading line; at level ## a typed number or letter becomes Word numbering,
    and must follow the one before it (1., 2., ... or a), b), ...)."""
    line = Line("para", lineno, style=_HEADING_STYLES[level], text=content)
    if level != 2:
        return line
    for pattern, numbering in _NUMBERED_HEADING:
        m = pattern.match(content)
        if m:
            counts[numbering] = counts.get(numbering, 0) + 1
            expected = str(counts[numbering]) if numbering == "decimal" else chr(ord("a") + counts[numbering] - 1)
            if m.group(1) != expected:
                raise MarkupError(f"regel {lineno}: deze genummerde kop zou {expected} moeten zijn (Word nummert de koppen zelf)")
            line.text, line.numbering = m.group(2), numbering
    return line


def parse_markup(source: str) -> Markup:
    """Parse the markup text into metadata and a list of :class:`Line`."""
    metadata: dict[str, str] = {}
    lines: list[Line] = []
    pending: dict[str, tuple[int, list[float]]] = {}  # table marker -> its line number and numbers
    heading_counts: dict[str, int] = {}
    table: Line | None = None

    for lineno, raw in enumerate(source.splitlines(), start=1):
        text = raw.rstrip()
        if text.startswith("\ufeff"):
            text = text[1:]
        stripped = text.strip()

        if stripped.startswith("|"):
            if table is None:
                table = Line(
                    "table",
                    lineno,
                    signature="handtekeningen" in pending,
                    widths=pending.get("kolommen", (0, []))[1],
                    form_height=(pending["formulier"][1] or [WRITE_IN_HEIGHT.cm])[0] if "formulier" in pending else 0.0,
                )
                pending = {}
                lines.append(table)
            table.rows.append(_parse_row(stripped, lineno))
            continue
        table = None

        if not stripped or stripped.startswith("//"):
            continue
        m = re.match(r"^\[(kolommen|formulier|handtekeningen)\]((?: +\d+(?:[.,]\d+)?)*)$", stripped)
        if m and (m.group(1) != "kolommen" or m.group(2)) and (m.group(1) != "handtekeningen" or not m.group(2)):
            pending[m.group(1)] = (lineno, [float(w.replace(",", ".")) for w in m.group(2).split()])
            continue
        _refuse_pending(pending)

        if stripped.startswith("%"):
            m = re.match(r"^%([a-z_]+):\s*(.*)$", stripped)
            if not m or m.group(1) not in METADATA_KEYS:
                known = ", ".join(sorted(METADATA_KEYS))
                raise MarkupError(f"regel {lineno}: onbekende metadata {stripped!r} (gekend: {known})")
            metadata[m.group(1)] = m.group(2)
            continue
        m = re.match(r"^\[sectie\] (.+)$", stripped)
        if m:
            lines.append(Line("section", lineno, text=m.group(1).strip()))
            continue
        if stripped == "---":
            lines.append(Line("pagebreak", lineno))
            continue
        if stripped.startswith("{%"):
            lines.append(Line("jinja", lineno, text=stripped))
            continue

        for pattern, style in _BLOCK_PATTERNS:
            m = pattern.match(stripped)
            if m:
                if style is None:
                    lines.append(_heading(lineno, len(m.group(1)), m.group(2).strip(), heading_counts))
                else:
                    lines.append(Line("para", lineno, style=style, text=(m.group(1) or "").strip()))
                break
        else:
            lines.append(Line("para", lineno, style=STYLE["normal"], text=stripped))

    _refuse_pending(pending)
    return Markup(metadata, lines)


def _refuse_pending(pending: dict[str, tuple[int, list[float]]]) -> None:
    """A table marker ([kolommen], [formulier], [handtekeningen]) not followed by a table."""
    for marker in _TABLE_MARKERS:
        if marker in pending:
            raise MarkupError(f"regel {pending[marker][0]}: [{marker}] moet vlak voor een tabel staan")


def inline_segments(text: str, lineno: int = 0) -> list[tuple[str, bool]]:
    """Split `text` into (text, bold) segments on ``**``, never inside a Jinja tag.
    Adjacent pieces with the same weight are merged, so each Jinja tag stays whole
    in one run."""
    segments: list[tuple[str, bool]] = []
    bold = False
    current = ""
    for token in _INLINE_TOKENS.split(text):
        if token == "**":
            if current:
                segments.append((current, bold))
            current = ""
            bold = not bold
        else:
            current += token
    if bold:
        raise MarkupError(f"regel {lineno}: '**' wordt niet gesloten")
    if current:
        segments.append((current, bold))
    return segments


# ------------------------------------------------------------------ styles


def _paragraph_style(doc, name: str, base: str = "Normal", next_style: str | None = None):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    if next_style:
        style.next_paragraph_style = styles[next_style]
    style.quick_style = True
    style.hidden = False
    style.unhide_when_used = False
    return style


def _define_styles(doc, articles_in_full: bool = False) -> None:
    """Create or restyle every style the markup uses (all formatting lives here).

    The order matters for the bytes of the template: numbering definitions get
    their ids in the order the styles are defined."""
    wordstyles.set_default_font(doc, "Arial", 10.5)
    _define_text_styles(doc)
    _define_article_styles(doc, articles_in_full)
    _define_list_styles(doc)
    _define_note_and_table_styles(doc)
    _define_header_footer_styles(doc)


def _define_text_styles(doc) -> None:
    normal = doc.styles["Normal"]
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.line_spacing = 1.15
    pf.widow_control = True

    title = doc.styles[STYLE["title"]]
    title.font.size = Pt(18)
    title.font.bold = True
    title.font.color.rgb = DARK_BLUE
    title.paragraph_format.space_after = Pt(12)
    title.paragraph_format.keep_with_next = True

    for name, size, before, after in (
        (STYLE["h1"], 14, 18, 6),
        (STYLE["h2"], 12, 12, 6),
        (STYLE["h3"], 11, 10, 4),
    ):
        h = doc.styles[name]
        h.font.size = Pt(size)
        h.font.bold = True
        h.font.italic = False
        h.font.color.rgb = DARK_BLUE
        h.paragraph_format.space_before = Pt(before)
        h.paragraph_format.space_after = Pt(after)
        h.paragraph_format.keep_with_next = True


def _define_article_styles(doc, articles_in_full: bool) -> None:
    # Articles: numbered by the style itself ("Artikel 1.", "Artikel 2.", ...).
    # Belgian drafting numbers an amending text "Artikel 1." then "Art. 2.", "Art. 3.":
    # a second level, starting at 2, that rendering gives every article after the
    # first (rendering.number_articles). An agreement (%artikels: voluit) has none.
    artikel = _paragraph_style(doc, STYLE["artikel"], next_style="Normal")
    artikel.font.bold = True
    artikel.paragraph_format.space_before = Pt(12)
    artikel.paragraph_format.space_after = Pt(4)
    artikel.paragraph_format.keep_with_next = True
    wordstyles.set_outline_level(artikel, 1)  # like Heading 2: shows in the navigation pane
    num = wordstyles.add_abstract_numbering(doc, "Artikel %1.", style_id=artikel.style_id)
    if not articles_in_full:
        wordstyles.add_numbering_level(doc, num, "Art. %2.", start=2)
    wordstyles.link_numbering_to_style(artikel, num)

    inserted = _paragraph_style(doc, STYLE["inserted"], next_style=STYLE["inserted"])
    inserted.paragraph_format.left_indent = Cm(1)

    art = _paragraph_style(doc, STYLE["art"], base=STYLE["inserted"], next_style=STYLE["inserted"])
    art.font.bold = True
    art.paragraph_format.space_before = Pt(8)
    art.paragraph_format.space_after = Pt(4)
    art.paragraph_format.keep_with_next = True
    wordstyles.set_outline_level(art, 2)
    num = wordstyles.add_abstract_numbering(doc, "Art. %1.", style_id=art.style_id, left_twips=567, hanging_twips=0)
    wordstyles.link_numbering_to_style(art, num)


def _define_list_styles(doc) -> None:
    # Belgian drafting: an enumeration inside regulation text is numbered 1°, 2°, 3°.
    _list_style(doc, STYLE["inserted_bullet"], contract.ENUMERATION_LEVEL_TEXT, base=STYLE["inserted"], left_twips=567 + 397, hanging_twips=397)
    _list_style(doc, STYLE["bullet"], "\u2022", num_fmt="bullet", left_twips=340, hanging_twips=340, font="Arial")
    _list_style(doc, STYLE["number"], "%1.", left_twips=397, hanging_twips=397)
    _list_style(doc, STYLE["letter"], "%1)", num_fmt="lowerLetter", left_twips=397, hanging_twips=397)


def _list_style(
    doc, name: str, lvl_text: str, *, base: str = "Normal", num_fmt: str = "decimal", left_twips: int, hanging_twips: int, font: str | None = None
) -> None:
    """A list paragraph style, numbered (or bulleted) by the style itself."""
    style = _paragraph_style(doc, name, base=base)
    style.paragraph_format.space_after = Pt(8)
    wordstyles.set_contextual_spacing(style)
    num = wordstyles.add_abstract_numbering(
        doc,
        lvl_text,
        num_fmt=num_fmt,
        suffix="tab",
        left_twips=left_twips,
        hanging_twips=hanging_twips,
        style_id=style.style_id,
        font=font,
    )
    wordstyles.link_numbering_to_style(style, num)


def _define_note_and_table_styles(doc) -> None:
    note = _paragraph_style(doc, STYLE["note"])
    note.font.italic = True
    note.font.color.rgb = RGBColor(0x59, 0x4A, 0x00)
    note.paragraph_format.space_before = Pt(3)
    wordstyles.set_style_shading(note, "FFF2A8")
    wordstyles.set_style_border_left(note, "E0B000")

    table_text = _paragraph_style(doc, STYLE["table_text"])
    table_text.paragraph_format.space_before = Pt(2)
    table_text.paragraph_format.space_after = Pt(2)
    table_text.paragraph_format.line_spacing = 1.0

    # Word puts no space below a table; the text that follows one gets it here.
    after_table = _paragraph_style(doc, STYLE["after_table"])
    after_table.paragraph_format.space_before = Pt(10)

    for name, borders in ((STYLE["data_table"], True), (STYLE["signature_table"], False)):
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
        wordstyles.define_table_style(style, borders=borders)


def _define_header_footer_styles(doc) -> None:
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        style.font.size = Pt(8.5)
        style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        style.paragraph_format.tab_stops.clear_all()
    # (the right tab stop is set on the header and footer paragraphs: it depends on the page width)


# ------------------------------------------------------------------ writing


_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_TYPOGRAPHY = [
    (re.compile(r"(?<![\w’])'t (?=\w)"), "’t\u00a0"),  # 't Zand: the article stays with its name
    (re.compile(r"(?<=\w)'(?=\w)"), "’"),  # collega's, foto's
    (re.compile(rf"\b(\d{{1,2}}) (?=(?:{_MONTHS})\b)"), "\\1\u00a0"),  # 1 september
    (re.compile(r"(?<=\d) (?=%)"), "\u00a0"),  # 25 %
    (re.compile(r"\b([Aa]rt\.|[Aa]rtikel) (?=\d)"), "\\1\u00a0"),  # art. 28
]


def typography(text: str) -> str:
    """Typographic apostrophes and non-breaking spaces where a line must not
    break, in the literal text of the markup (never inside a Jinja tag)."""
    pieces = re.split(f"({_JINJA})", text)
    for i in range(0, len(pieces), 2):  # the even pieces are outside Jinja
        for pattern, replacement in _TYPOGRAPHY:
            pieces[i] = pattern.sub(replacement, pieces[i])
    return "".join(pieces)


def _add_runs(paragraph, text: str, lineno: int = 0) -> None:
    """Add `text` as runs: one run per (bold / not bold) segment, bold via the
    character style Strong; Jinja tags are never split."""
    for segment, bold in inline_segments(typography(text), lineno):
        run = paragraph.add_run(segment)
        if bold:
            run.style = STYLE["strong"]
        wordstyles.preserve_space(run)


def _add_table(doc, line: Line) -> None:
    ncols = max(len(row) for row in line.rows)
    table = doc.add_table(rows=len(line.rows), cols=ncols)
    table.style = doc.styles[STYLE["signature_table" if line.signature else "data_table"]]
    header = not line.signature and not line.rows[0][0].startswith("{%")
    wordstyles.set_table_look(table, first_row=header)
    for r, cells in enumerate(line.rows):
        row = table.rows[r]
        wordstyles.set_cant_split(row)  # a row is never cut in two by a page break
        for c in range(ncols):
            paragraph = row.cells[c].paragraphs[0]
            paragraph.style = doc.styles[STYLE["table_text"]]
            if line.signature and r < len(line.rows) - 1:
                # keep a signature block on one page: each row stays with the next
                paragraph.paragraph_format.keep_with_next = True
            if c < len(cells) and cells[c]:
                _add_runs(paragraph, cells[c], line.lineno + r)
    if header:
        wordstyles.mark_header_row(table.rows[0])
    if line.widths:
        _set_widths(table, line.widths, ncols, _text_width(doc))
    if line.signature:
        _make_room_to_sign(table, line.rows)
    elif line.form_height:
        _make_room_to_write(table, line.rows, Cm(line.form_height), header)


def _is_empty(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def _make_room_to_sign(table, rows: list[list[str]]) -> None:
    """Each run of empty rows in a signature table is the space for a signature:
    together at least SIGNATURE_SPACE high, at an exact height."""
    run: list[int] = []
    for r, cells in enumerate([*rows, ["end"]]):
        if r < len(rows) and _is_empty(cells):
            run.append(r)
            continue
        for empty in run:
            wordstyles.set_row_height(table.rows[empty], -(-SIGNATURE_SPACE // len(run)), "exact")
        run = []


def _make_room_to_write(table, rows: list[list[str]], height, header: bool) -> None:
    """A form ([formulier]): every row below the header at least `height` high,
    an empty row exactly that high (a line to write on)."""
    for r, cells in enumerate(rows):
        if r == 0 and header or cells and cells[0].startswith("{%"):
            continue
        wordstyles.set_row_height(table.rows[r], height.twips, "exact" if _is_empty(cells) else "atLeast")


def _set_widths(table, widths: list[float], ncols: int, text_width) -> None:
    """Fixed column widths in proportion to `widths`, filling the text width."""
    widths = (widths + [widths[-1]] * ncols)[:ncols]
    total = sum(widths)
    table.autofit = False
    for c, column in enumerate(table.columns):
        width = Cm(text_width.cm * widths[c] / total)
        column.width = width
        for cell in column.cells:
            cell.width = width


def _text_width(doc):
    section = doc.sections[-1]
    return Cm(section.page_width.cm - section.left_margin.cm - section.right_margin.cm)


def _setup_page(doc, metadata: dict[str, str], with_total: bool) -> None:
    section = doc.sections[0]
    if metadata.get("pagina") == "liggend":  # a wide table (the step plan)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    else:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)
    _fill_header_footer(doc, section, metadata.get("koptekst", ""), metadata.get("voettekst", ""), metadata.get("koptekst_rechts", "ONTWERP"), with_total)


def _fill_header_footer(doc, section, header_text: str, footer_text: str, header_right: str, with_total: bool) -> None:
    """Header: `header_text` left, `header_right` right. Footer: the document's
    short title left (`footer_text`), "Pagina X van Y" right, so that every
    printed page says which document it belongs to. Without `with_total` only
    "Pagina X": the pages of one section (SECTIONPAGES) LibreOffice cannot count."""
    width = _text_width(doc)
    head = section.header.paragraphs[0]
    head.style = doc.styles["Header"]
    head.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    _add_runs(head, f"{header_text}\t{header_right}")

    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    foot.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    _add_runs(foot, f"{footer_text}\tPagina ")
    wordstyles.add_field(foot, "PAGE")
    if with_total:
        foot.add_run(" van ")
        wordstyles.add_field(foot, "NUMPAGES")
    for run in foot.runs:
        wordstyles.preserve_space(run)


def _add_section(doc, title: str, metadata: dict[str, str]) -> None:
    """A part with its own header and page numbers (the protocol after the agenda
    note): a new page, numbered from 1."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    wordstyles.restart_page_numbering(section)
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
    footer = title + metadata.get("voettekst_jaar", "")
    _fill_header_footer(doc, section, title, footer, metadata.get("koptekst_rechts", "ONTWERP"), with_total=False)


def _keep_with_signatures(paragraphs) -> None:
    """Keep the closing lines before a signature table on its page: the line just
    before it and, while a line only introduces the next ("Namens de gemeenteraad,"),
    the one before that too. Whole-line Jinja tags vanish on rendering: passed over."""
    for paragraph in reversed(paragraphs):
        text = paragraph.text.strip()
        if not text:
            return
        paragraph.paragraph_format.keep_with_next = True
        if not text.startswith("{%") and not text.endswith(","):
            return


def _block_depth_change(tag: str) -> int:
    """+1 for a line that opens a {%p if/for %} block, -1 for one that closes it."""
    words = tag.strip("{%p ").split()
    keyword = words[0] if words else ""
    return {"if": 1, "for": 1, "endif": -1, "endfor": -1}.get(keyword, 0)


def build_document(markup: Markup):
    """Return a python-docx Document for the parsed markup."""
    doc = docx.Document()
    wordstyles.remove_template_leftovers(doc)
    articles = markup.metadata.get("artikels", "")
    if articles not in ("", "voluit"):
        raise MarkupError(f"%artikels: {articles!r} is onbekend (gekend: voluit)")
    _define_styles(doc, articles_in_full=articles == "voluit")
    wordstyles.set_language(doc, "nl-BE")
    wordstyles.set_current_word_mode(doc)
    has_sections = any(line.kind == "section" for line in markup.lines)
    _setup_page(doc, markup.metadata, with_total=not has_sections)
    heading_numbering: dict[str, int] = {}  # numbering kind -> numId, made at first use

    # Each block of lines in a numbered list style is a list of its own, starting at 1.
    numbered_styles = (STYLE["number"], STYLE["inserted_bullet"], STYLE["letter"])
    abstracts = {name: abstract_id_of(doc, wordstyles.style_num_id(doc.styles[name])) for name in numbered_styles}
    lists_seen = dict.fromkeys(numbered_styles, 0)  # blocks seen so far, per style
    list_num_id: int | None = None  # numbering instance of the current block
    in_number_list = False
    after_table = False  # the next text paragraph follows a table
    blocks_after_table = 0  # {%p if/for %} blocks opened since that table

    for line in markup.lines:
        if line.kind == "jinja":
            # Whole-line Jinja tags ({%p if %}, {%p for %}) do not end a list.
            doc.add_paragraph(line.text, style=STYLE["normal"])
            if after_table:
                blocks_after_table += _block_depth_change(line.text)
            continue
        if line.kind == "pagebreak":
            doc.add_page_break()
            in_number_list = False
            continue
        if line.kind == "section":
            _add_section(doc, line.text, markup.metadata)
            in_number_list = False
            continue
        if line.kind == "table":
            if line.signature:
                _keep_with_signatures(doc.paragraphs)
            _add_table(doc, line)
            in_number_list = False
            after_table, blocks_after_table = True, 0
            continue

        style = line.style
        if after_table and style == STYLE["normal"]:
            style = STYLE["after_table"]
        # A conditional paragraph may vanish on rendering: the first paragraph
        # after the block then follows the table, so it keeps the space too.
        after_table = after_table and blocks_after_table > 0
        paragraph = doc.add_paragraph(style=doc.styles[style])
        _add_runs(paragraph, line.text, line.lineno)
        if line.numbering:
            if line.numbering not in heading_numbering:
                label = "%1." if line.numbering == "decimal" else "%1)"
                heading_numbering[line.numbering] = wordstyles.add_abstract_numbering(
                    doc, label, num_fmt=line.numbering, suffix="tab", left_twips=567, hanging_twips=567
                )
            wordstyles.set_paragraph_numbering(paragraph, heading_numbering[line.numbering])
        if line.style in numbered_styles:
            if not in_number_list:
                lists_seen[line.style] += 1
                list_num_id = None if lists_seen[line.style] == 1 else wordstyles.add_numbering_instance(doc, abstracts[line.style], restart=True)
                in_number_list = True
            if list_num_id is not None:  # a later list starts again at 1
                wordstyles.set_paragraph_numbering(paragraph, list_num_id)
        else:
            in_number_list = False

    title = markup.metadata.get("titel", "")
    author = markup.metadata.get("auteur", "")
    docxfile.set_core_properties(
        doc,
        title=title,
        subject=markup.metadata.get("onderwerp", ""),
        author=author,
        # docxtpl does not render last_modified_by: only a literal value can go there.
        last_modified_by="" if "{" in author else author,
    )
    return doc


def check_contract(markup: Markup, kind: str | None) -> None:
    """Refuse a source whose inserted chapter `iao amend` would misread
    (generator/word/contract.py); an amended kind must have one."""
    required = kind is not None and kind in KINDS and KINDS[kind].amended
    blocks = [contract.Block(line.lineno, line.kind, line.style if line.kind == "para" else "", line.text) for line in markup.lines]
    problems = contract.chapter_problems(blocks, required)
    if problems:
        raise MarkupError("het ingevoegde hoofdstuk volgt het contract van iao amend niet (zie generator/word/contract.py):\n  " + "\n  ".join(problems))


def template_bytes(source_path, kind: str | None = None) -> bytes:
    """The Word template for the markup at `source_path` (identical bytes for
    identical input); `kind` names the document kind, for the contract check."""
    source_path = Path(source_path)
    try:
        source = source_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MarkupError(f"{source_path}: kan het bestand niet lezen ({exc})") from exc
    try:
        markup = parse_markup(source)
        check_contract(markup, kind)
        if kind is not None and kind in KINDS:
            # every page says which document it belongs to: short title and school year
            markup.metadata.setdefault("voettekst", KINDS[kind].title + YEAR_IN_FOOTER)
            markup.metadata.setdefault("voettekst_jaar", YEAR_IN_FOOTER)
        doc = build_document(markup)
    except MarkupError as exc:
        raise MarkupError(f"{source_path}, {exc}") from exc
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as saved:
        members = {name: saved.read(name) for name in saved.namelist()}
    members["docProps/app.xml"] = docxfile.APP_XML  # nothing of python-docx's own template
    return docxfile.write_zip(members)


def build_template(source_path, docx_path, kind: str | None = None) -> None:
    """Read the markup at `source_path` and write the Word template `docx_path`."""
    Path(docx_path).write_bytes(template_bytes(source_path, kind))


def build_kind(templates: Path, kind: str, force: bool = False) -> Path:
    """Build templates/<kind>/<kind>.docx from its bron.txt, unless that .docx was
    edited in Word since the last build (BUILD_MANIFEST) and not `force`."""
    source, target = templates / kind / "bron.txt", templates / kind / f"{kind}.docx"
    data = template_bytes(source, kind)
    manifest = output.read_manifest(templates, BUILD_MANIFEST)
    name = f"{kind}/{target.name}"
    if target.is_file() and not force and target.read_bytes() != data and output.is_edited(target, manifest.get(name)):
        raise EditedTemplate(
            f"{target} is niet overschreven: het bestand verschilt van wat de vorige bouw schreef "
            f"({BUILD_MANIFEST}), dus het is intussen bewerkt (bv. in Word). Neem die wijziging over in "
            f"{source} en bouw opnieuw, of gebruik --force om ze te verliezen."
        )
    output.write_file(target, data)
    manifest[name] = output.sha256(data)
    output.write_manifest(templates, manifest, BUILD_MANIFEST)
    return target
