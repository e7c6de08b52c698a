"""The bron.txt markup (templates/README.md): parsing it into lines, and its inline typography."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.shared import Cm

from generator.errors import IaoError
from generator.word import contract


class MarkupError(IaoError):
    """The markup source (bron.txt) could not be read."""


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
    "draft": contract.DRAFT_MARK,
    "data_table": "Gegevenstabel",
    "signature_table": "Handtekeningtabel",
    "letter": "Lijst letters",
}

WRITE_IN_HEIGHT = Cm(1)  # a row of a form to write in

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
