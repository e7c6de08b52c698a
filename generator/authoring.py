"""Build Word templates (.docx for docxtpl) from the plain-text markup in
``templates/<kind>/bron.txt``.

The markup is line based (see templates/README.md). Every line becomes one
paragraph in a Word style; all formatting lives in the styles defined here, so
a legal adviser can open the template in Word and edit it like any document.
Raw OOXML is left to :mod:`generator.wordstyles` (styles, numbering) and
:mod:`generator.docxfile` (core properties, reproducible zip).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from generator import contract, docxfile, output, wordstyles
from generator.documents import KINDS
from generator.errors import IaoError
from generator.ooxml import abstract_id_of

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
}

DARK_BLUE = RGBColor(0x1F, 0x38, 0x64)
TEXT_WIDTH = Cm(16)  # A4 21 cm minus 2 x 2.5 cm margins

# ------------------------------------------------------------------ parsing

METADATA_KEYS = {"titel", "onderwerp", "auteur", "koptekst", "koptekst_rechts"}

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
    (re.compile(r"^\d+\. (.*)$"), STYLE["number"]),
    (re.compile(r"^! (.*)$"), STYLE["note"]),
]
_HEADING_STYLES = {1: STYLE["title"], 2: STYLE["h1"], 3: STYLE["h2"], 4: STYLE["h3"]}


def parse_markup(source: str) -> Markup:
    """Parse the markup text into metadata and a list of :class:`Line`."""
    metadata: dict[str, str] = {}
    lines: list[Line] = []
    pending_signature: int | None = None  # line number of a [handtekeningen] marker
    pending_widths: tuple[int, list[float]] | None = None  # line number and widths of a [kolommen] marker
    table: Line | None = None

    for lineno, raw in enumerate(source.splitlines(), start=1):
        text = raw.rstrip()
        if text.startswith("\ufeff"):
            text = text[1:]
        stripped = text.strip()

        if stripped.startswith("|"):
            if table is None:
                table = Line("table", lineno, signature=pending_signature is not None, widths=pending_widths[1] if pending_widths else [])
                pending_signature = pending_widths = None
                lines.append(table)
            table.rows.append(_parse_row(stripped, lineno))
            continue
        table = None

        if not stripped or stripped.startswith("//"):
            continue
        m = re.match(r"^\[kolommen\]((?: +\d+(?:[.,]\d+)?)+)$", stripped)
        if m:
            pending_widths = (lineno, [float(w.replace(",", ".")) for w in m.group(1).split()])
            continue
        if pending_widths is not None:
            raise MarkupError(f"regel {pending_widths[0]}: [kolommen] moet vlak voor een tabel staan")
        if pending_signature is not None:
            raise MarkupError(f"regel {pending_signature}: [handtekeningen] moet vlak voor een tabel staan")

        if stripped.startswith("%"):
            m = re.match(r"^%([a-z_]+):\s*(.*)$", stripped)
            if not m or m.group(1) not in METADATA_KEYS:
                known = ", ".join(sorted(METADATA_KEYS))
                raise MarkupError(f"regel {lineno}: onbekende metadata {stripped!r} (gekend: {known})")
            metadata[m.group(1)] = m.group(2)
            continue
        if stripped == "[handtekeningen]":
            pending_signature = lineno
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
                if style is None:  # heading
                    style = _HEADING_STYLES[len(m.group(1))]
                    content = m.group(2)
                else:
                    content = m.group(1) or ""
                lines.append(Line("para", lineno, style=style, text=content.strip()))
                break
        else:
            lines.append(Line("para", lineno, style=STYLE["normal"], text=stripped))

    if pending_signature is not None:
        raise MarkupError(f"regel {pending_signature}: [handtekeningen] moet vlak voor een tabel staan")
    if pending_widths is not None:
        raise MarkupError(f"regel {pending_widths[0]}: [kolommen] moet vlak voor een tabel staan")
    return Markup(metadata, lines)


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


def _define_styles(doc) -> None:
    """Create or restyle every style the markup uses (all formatting lives here).

    The order matters for the bytes of the template: numbering definitions get
    their ids in the order the styles are defined."""
    wordstyles.set_default_font(doc, "Arial", 10.5)
    _define_text_styles(doc)
    _define_article_styles(doc)
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


def _define_article_styles(doc) -> None:
    # Articles: numbered by the style itself ("Artikel 1.", "Artikel 2.", ...).
    artikel = _paragraph_style(doc, STYLE["artikel"], next_style="Normal")
    artikel.font.bold = True
    artikel.paragraph_format.space_before = Pt(12)
    artikel.paragraph_format.space_after = Pt(4)
    artikel.paragraph_format.keep_with_next = True
    wordstyles.set_outline_level(artikel, 1)  # like Heading 2: shows in the navigation pane
    num = wordstyles.add_abstract_numbering(doc, "Artikel %1.", style_id=artikel.style_id)
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
    doc.styles["Header"].paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    doc.styles["Footer"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


# ------------------------------------------------------------------ writing


def _add_runs(paragraph, text: str, lineno: int = 0) -> None:
    """Add `text` as runs: one run per (bold / not bold) segment, bold via the
    character style Strong; Jinja tags are never split."""
    for segment, bold in inline_segments(text, lineno):
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
        _set_widths(table, line.widths, ncols)


def _set_widths(table, widths: list[float], ncols: int) -> None:
    """Fixed column widths in proportion to `widths`, filling the text width."""
    widths = (widths + [widths[-1]] * ncols)[:ncols]
    total = sum(widths)
    table.autofit = False
    for c, column in enumerate(table.columns):
        width = Cm(TEXT_WIDTH.cm * widths[c] / total)
        column.width = width
        for cell in column.cells:
            cell.width = width


def _setup_page(doc, metadata: dict[str, str]) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)

    head = section.header.paragraphs[0]
    head.style = doc.styles["Header"]
    left = metadata.get("koptekst", "")
    right = metadata.get("koptekst_rechts", "ONTWERP")
    _add_runs(head, f"{left}\t{right}")

    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    foot.add_run("Pagina ")
    wordstyles.add_field(foot, "PAGE")
    foot.add_run(" van ")
    wordstyles.add_field(foot, "NUMPAGES")
    for run in foot.runs:
        wordstyles.preserve_space(run)


def _block_depth_change(tag: str) -> int:
    """+1 for a line that opens a {%p if/for %} block, -1 for one that closes it."""
    words = tag.strip("{%p ").split()
    keyword = words[0] if words else ""
    return {"if": 1, "for": 1, "endif": -1, "endfor": -1}.get(keyword, 0)


def build_document(markup: Markup):
    """Return a python-docx Document for the parsed markup."""
    doc = docx.Document()
    wordstyles.remove_template_leftovers(doc)
    _define_styles(doc)
    wordstyles.set_language(doc, "nl-BE")
    _setup_page(doc, markup.metadata)

    # Each block of lines in a numbered list style is a list of its own, starting at 1.
    numbered_styles = (STYLE["number"], STYLE["inserted_bullet"])
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
        if line.kind == "table":
            if line.signature and doc.paragraphs and doc.paragraphs[-1].text.strip():
                # the sentence that introduces the signatures stays on their page
                doc.paragraphs[-1].paragraph_format.keep_with_next = True
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
    (generator/contract.py); an amended kind must have one."""
    required = kind is not None and kind in KINDS and KINDS[kind].amended
    blocks = [contract.Block(line.lineno, line.kind, line.style if line.kind == "para" else "", line.text) for line in markup.lines]
    problems = contract.chapter_problems(blocks, required)
    if problems:
        raise MarkupError("het ingevoegde hoofdstuk volgt het contract van iao amend niet (zie generator/contract.py):\n  " + "\n  ".join(problems))


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
    except MarkupError as exc:
        raise MarkupError(f"{source_path}, {exc}") from exc
    doc = build_document(markup)
    buffer = io.BytesIO()
    doc.save(buffer)
    return docxfile.normalize_zip(buffer.getvalue())


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
