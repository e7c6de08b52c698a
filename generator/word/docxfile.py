"""The .docx package: reproducible zip files, fixed core properties, and reading
paragraph texts straight from the zip. Read by `authoring`, `rendering` and
`amend`."""

from __future__ import annotations

import datetime as _dt
import io
import struct
import zipfile
import zlib
from collections.abc import Mapping

# Fixed moment for created/modified, so rebuilding gives identical bytes.
FIXED_DATETIME = _dt.datetime(2025, 1, 1, 0, 0, 0)
# Fixed timestamp of every zip entry.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


# -------------------------------------------------------------- properties


# Word keeps at most 255 characters in a document property (python-docx refuses more).
PROPERTY_LIMIT = 255

# The extended properties (docProps/app.xml) of every document we write: nothing
# of the template's own (company, manager, application, statistics) carries over.
APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>iao</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def property_text(value: str) -> str:
    """A value as a document property holds it: one line, at most PROPERTY_LIMIT
    characters (a longer one is shortened with an ellipsis)."""
    text = " ".join(value.split())
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1].rstrip() + "\u2026"


def set_core_properties(document, **values) -> None:
    """Set every core property of `document` explicitly: see fill_core_properties."""
    fill_core_properties(document.core_properties, **values)


def fill_core_properties(
    cp,
    *,
    title: str = "",
    subject: str = "",
    author: str = "",
    last_modified_by: str = "",
    keywords: str = "",
    comments: str = "",
    category: str = "",
    language: str = "",
    when: _dt.datetime = FIXED_DATETIME,
) -> None:
    """Set every core property (docProps/core.xml) of the CoreProperties `cp`
    explicitly and deterministically: the default template says "python-docx"
    in creator and description, a custom one whoever last saved it."""
    cp.title = property_text(title)
    cp.subject = property_text(subject)
    cp.author = property_text(author)
    cp.last_modified_by = property_text(last_modified_by)
    cp.keywords = property_text(keywords)
    cp.comments = property_text(comments)
    cp.category = property_text(category)
    cp.content_status = ""
    cp.identifier = ""
    cp.language = property_text(language)
    cp.version = ""
    cp.revision = 1
    cp.created = when
    cp.modified = when


# ---------------------------------------------------------------- zip file


def normalize_zip(data: bytes, timestamp: tuple = ZIP_TIMESTAMP) -> bytes:
    """Rewrite the .docx (zip) `data` so the same content always gives the same
    bytes: fixed entry timestamp, [Content_Types].xml first then the other
    entries sorted by name, deflate level 9, no extra fields or comments."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return write_zip({name: src.read(name) for name in src.namelist()}, timestamp)


class Deflated:
    """A zip member compressed once (deflate level 9) and written many times:
    the parts of a template that rendering does not change."""

    __slots__ = ("data", "crc", "size")

    def __init__(self, raw: bytes):
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.data = compressor.compress(raw) + compressor.flush()
        self.crc = zlib.crc32(raw)
        self.size = len(raw)

    @classmethod
    def restored(cls, data: bytes, crc: int, size: int) -> Deflated:
        """A member compressed by an earlier run (the template cache)."""
        member = cls.__new__(cls)
        member.data, member.crc, member.size = data, crc, size
        return member


def write_zip(members: Mapping[str, bytes | Deflated], timestamp: tuple = ZIP_TIMESTAMP) -> bytes:
    """A reproducible zip of {name: content}: the entries exactly as
    `zipfile` writes them with deflate level 9 (same bytes), in the order of
    `normalize_zip`. A `Deflated` member is written without compressing again."""
    order = sorted(members, key=lambda n: (n != "[Content_Types].xml", n))
    dosdate = (timestamp[0] - 1980) << 9 | timestamp[1] << 5 | timestamp[2]
    dostime = timestamp[3] << 11 | timestamp[4] << 5 | (timestamp[5] // 2)
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name in order:
        member = members[name]
        if not isinstance(member, Deflated):
            member = Deflated(member)
        try:
            filename, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            filename, flags = name.encode("utf-8"), 0x800
        header = struct.pack(
            "<4s2B4HL2L2H", b"PK\003\004", 20, 0, flags, zipfile.ZIP_DEFLATED, dostime, dosdate, member.crc, len(member.data), member.size, len(filename), 0
        )
        chunks += (header, filename, member.data)
        central.append(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\001\002",
                20,
                0,
                20,
                0,
                flags,
                zipfile.ZIP_DEFLATED,
                dostime,
                dosdate,
                member.crc,
                len(member.data),
                member.size,
                len(filename),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
            + filename
        )
        offset += len(header) + len(filename) + len(member.data)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(order), len(order), len(directory), offset, 0)
    return b"".join(chunks) + directory + end


# ------------------------------------------------------------- reading text


def paragraph_texts(data: bytes, containing: str = "") -> list[str]:
    """The paragraph texts of the .docx `data` exactly as python-docx gives them,
    in the same order: body paragraphs, table cells (a merged cell once per grid
    cell it covers), then per section the paragraphs of its default header and
    footer. Only the main document and its header/footer parts are parsed (not
    styles), which makes this several times faster than opening the Document.

    With `containing`, paragraphs whose XML text lacks that string are left
    out (a paragraph's text only holds characters of its XML text, in order, so
    a one-character `containing` never drops a paragraph whose text has it)."""
    from docx.enum.section import WD_HEADER_FOOTER
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml
    from docx.table import Table
    from lxml import etree

    archive = zipfile.ZipFile(io.BytesIO(data))
    main = _related(archive, "", RT.OFFICE_DOCUMENT)
    document = parse_xml(archive.read(next(iter(main.values()))))
    headers = _related(archive, next(iter(main.values())), RT.HEADER)
    footers = _related(archive, next(iter(main.values())), RT.FOOTER)

    def has(element) -> bool:
        # (python-docx elements override .text, which itertext() would call)
        return not containing or containing in etree.tostring(element, method="text", encoding="unicode", with_tail=False)

    def texts(paragraphs):
        return [p.text for p in paragraphs if has(p)]

    body = document.body
    found = texts(body.p_lst)
    for tbl in filter(has, body.tbl_lst):  # cells merged in a table repeat text of that table only
        for row in Table(tbl, None).rows:  # type: ignore[arg-type]  # no parent needed to read cells
            for cell in row.cells:
                found += texts(cell._element.p_lst)
    parsed: dict[str, object] = {}

    def part(sectPr, kind: str, parts: dict[str, str]):
        while sectPr is not None:
            reference = getattr(sectPr, f"get_{kind}Reference")(WD_HEADER_FOOTER.PRIMARY)
            if reference is not None:
                name = parts[reference.rId]
                if name not in parsed:
                    parsed[name] = parse_xml(archive.read(name))
                return parsed[name]
            sectPr = sectPr.preceding_sectPr
        return None  # python-docx would add an empty header: no text

    for sectPr in document.sectPr_lst:
        for kind, parts in (("header", headers), ("footer", footers)):
            element = part(sectPr, kind, parts)
            if element is not None:
                found += texts(element.p_lst)
    return found


def _related(archive: zipfile.ZipFile, source: str, reltype: str) -> dict[str, str]:
    """{rId: member name} of the internal relationships of type `reltype` of
    part `source` ("" for the package)."""
    import posixpath
    import re

    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    found = {}
    for element in re.findall(rb"<Relationship\b[^>]*>", archive.read(rels)):
        attrs = {k.decode(): v.decode() for k, v in re.findall(rb'(\w+)="([^"]*)"', element)}
        if attrs.get("Type") == reltype and attrs.get("TargetMode") != "External":
            target = attrs["Target"]
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[attrs["Id"]] = target
    return found


def highlighted_texts(data: bytes, color: str) -> list[str]:
    """The texts in the body of the .docx `data` highlighted in `color` (a w:highlight
    value), in order: adjacent runs of that colour in a paragraph read as one text."""
    from itertools import groupby

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    archive = zipfile.ZipFile(io.BytesIO(data))
    document = etree.fromstring(archive.read(next(iter(_related(archive, "", RT.OFFICE_DOCUMENT).values()))))
    found = []
    for paragraph in document.iterfind(".//w:p", ns):
        runs = [(run.xpath("string(w:rPr/w:highlight/@w:val)", namespaces=ns) == color, run.xpath("string(.)")) for run in paragraph.iterfind(".//w:r", ns)]
        found += ["".join(text for _, text in group) for marked, group in groupby((r for r in runs if r[1]), key=lambda r: r[0]) if marked]
    return found
