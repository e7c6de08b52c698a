"""The parts of the .docx amend and update read and write: refusing other formats, keeping unchanged parts byte for byte."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from generator.edit.chapter import AmendError
from generator.word import docxfile, untrusted

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Word 97-2003 and of encrypted files
_MAIN_TYPES = {  # content type of the main part -> what the user has, in Dutch
    "application/vnd.ms-word.document.macroEnabled.main+xml": "een Word-document met macro's (.docm)",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "een Word-sjabloon met macro's (.dotm)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "een Word-sjabloon (.dotx)",
}
_STRICT = b"http://purl.oclc.org/ooxml/"


def refuse_other_formats(existing: Path) -> None:
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


def keep_unchanged_parts(original: bytes, saved: bytes) -> bytes:
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
