"""Build Word templates (.docx for docxtpl) from the plain-text markup in
``templates/<kind>/bron.txt``.

The markup is line based (see templates/README.md). Every line becomes one
paragraph in a Word style; all formatting lives in the styles (:mod:`generator.authoring.styles`), so
a legal adviser can open the template in Word and edit it like any document.
Raw OOXML is left to :mod:`generator.word.wordstyles` (styles, numbering) and
:mod:`generator.word.docxfile` (core properties, reproducible zip).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm

from generator.authoring.markup import STYLE, Line, Markup, MarkupError, inline_segments, parse_markup, typography
from generator.authoring.styles import define_styles
from generator.dossier import output
from generator.dossier.documents import KINDS
from generator.errors import IaoError
from generator.word import contract, docxfile, wordstyles
from generator.word.ooxml import abstract_id_of

__all__ = ["build_document", "build_template", "build_kind", "template_bytes"]


class EditedTemplate(IaoError):
    """A built template was changed in Word since it was built: not overwritten."""


# The templates' build manifest: {"<kind>/<kind>.docx": sha256 as last built},
# committed with the templates, so a .docx edited in Word is never overwritten.
BUILD_MANIFEST = ".bouw-manifest.json"


SIGNATURE_SPACE = 1440  # twips (2.54 cm) of empty rows to sign in, per signature
KEPT_BEFORE_CLOSING = 4  # paragraphs of text kept with the closing lines and the signatures
HEADING_STYLES = frozenset(STYLE[name] for name in ("title", "h1", "h2", "h3", "artikel", "art"))
SHORT_TABLE = 12  # rows: a table this short (without rows a loop repeats) is kept on one page
YEAR_IN_FOOTER = " – {{ schooljaar }}"


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
            if _kept_together(line) and r < len(line.rows) - 1:
                # a signature block or a short table on one page: each row stays with the next
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
    _add_runs(head, f"{header_text}\t")
    mark = head.add_run(header_right)  # "ONTWERP": left out of a final document
    mark.style = doc.styles[STYLE["draft"]]

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


def _kept_together(line: Line) -> bool:
    """A table kept on one page: a signature block, or a short table whose rows no loop
    repeats (a table of subjects can grow past a page; Word then breaks it anyway)."""
    repeated = any(cells and re.match(r"\{%-?\s*tr\s+for\b", cells[0].strip()) for cells in line.rows)  # {%tr if %} rows do not grow
    return line.signature or (len(line.rows) <= SHORT_TABLE and not repeated)


def _keep_with_the_end(paragraphs) -> None:
    """Keep the end of a text together, so that the signatures after it, or the last
    lines of a document, never stand alone on a page: the closing lines ("Namens de gemeenteraad,",
    "Met vriendelijke groeten") and, before them, the text back to the last heading
    (the last article, the list of annexes; at most KEPT_BEFORE_CLOSING paragraphs,
    a longer chain would not fit a page anyway) and the last lines before that heading.
    Whole-line Jinja tags vanish on rendering: passed over."""
    closing, kept = True, 0
    for paragraph in reversed(paragraphs):
        text = paragraph.text.strip()
        if not text or kept >= KEPT_BEFORE_CLOSING:
            return
        paragraph.paragraph_format.keep_with_next = True
        if text.startswith("{%"):
            continue
        if closing:
            closing = text.endswith(",")  # "Namens de gemeenteraad," introduces the next line
            continue
        kept += 1
        if paragraph.style.name in HEADING_STYLES:  # and the line before it, the end of the previous article
            kept = KEPT_BEFORE_CLOSING - 1


def _keep_with_the_table(paragraphs) -> None:
    """The text just before a table introduces it: never last on a page without it
    (a heading and its intro at the foot of a page, the table on the next). Whole-line
    Jinja tags vanish on rendering: passed over; where a {%p if %} block ends just
    before the table, the last line of each of its branches may be that text."""
    depth = 0  # {%p if/for %} blocks we are inside, reading backwards
    for paragraph in reversed(paragraphs):
        text = paragraph.text.strip()
        if not text:
            return
        paragraph.paragraph_format.keep_with_next = True
        if text.startswith("{%"):
            depth = max(0, depth - _block_depth_change(text))  # below 0: out of the block that holds the table
        elif depth == 0:
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
    define_styles(doc, articles_in_full=articles == "voluit")
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
    break_before_next = False  # a page break (---) waits for the paragraph that carries it

    for line in markup.lines:
        if line.kind == "jinja":
            # Whole-line Jinja tags ({%p if %}, {%p for %}) do not end a list.
            doc.add_paragraph(line.text, style=STYLE["normal"])
            if after_table:
                blocks_after_table += _block_depth_change(line.text)
            continue
        if line.kind == "pagebreak":
            # carried by the next paragraph (a heading): an empty paragraph holding the break
            # lands alone on a page of its own when what precedes it fills its page
            break_before_next = True
            in_number_list = False
            continue
        if line.kind == "section":
            _add_section(doc, line.text, markup.metadata)
            in_number_list, break_before_next = False, False
            continue
        if line.kind == "table":
            if break_before_next:  # a table cannot carry it
                doc.add_page_break()
                break_before_next = False
            if line.signature:
                _keep_with_the_end(doc.paragraphs)
            else:
                _keep_with_the_table(doc.paragraphs)
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
        paragraph.paragraph_format.page_break_before = break_before_next or None
        break_before_next = False
        _add_runs(paragraph, line.text, line.lineno)
        if line.text.rstrip().endswith(":"):  # it introduces what follows ("besluit:", "... deze stappen:"): never last on a page
            paragraph.paragraph_format.keep_with_next = True
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

    if doc.element.body[-2].tag == qn("w:p"):  # the text ends the document (the last element is its sectPr)
        _keep_with_the_end(doc.paragraphs)
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
