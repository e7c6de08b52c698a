"""Guards for .docx files that come from outside (custom templates, existing regulations).

A .docx is a zip of XML files. Before python-docx or docxtpl touch one we refuse
member names that escape the archive, archives that inflate to absurd sizes
(zip bombs), and XML with DTD or entity declarations (XXE, billion laughs).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from generator.errors import EXIT_INPUT, IaoError

MAX_MEMBERS = 2_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # uncompressed; real regulations are a few MB
MAX_RATIO = 200  # compressed -> uncompressed; text XML compresses ~10x
# One XML part is parsed whole (lxml needs ~15 times its size in memory); the
# document.xml of a 300-page regulation is a few MB.
MAX_XML_PART = 32 * 1024 * 1024
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Word 97-2003 and of encrypted files


class UnsafeDocument(IaoError):
    exit_code = EXIT_INPUT


def check_docx(path: Path, description: str = "het sjabloon") -> None:
    """Raise UnsafeDocument (Dutch message) unless path is a plain, sane .docx;
    `description` names a missing file ("het sjabloon", "het huisstijldocument")."""
    name = Path(path).name
    if not Path(path).is_file():
        raise UnsafeDocument(f"{description} {path} ontbreekt.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UnsafeDocument(_not_a_zip(Path(path))) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnsafeDocument(f"{name} bevat verdacht veel onderdelen ({len(members)}).")
        total = 0
        for member in members:
            _check_member_name(name, member.filename)
            total += member.file_size
            if member.compress_size and member.file_size / member.compress_size > MAX_RATIO and member.file_size > 1_000_000:
                raise UnsafeDocument(f"{name}: onderdeel {member.filename} is verdacht sterk gecomprimeerd (mogelijke zip-bom).")
        if total > MAX_TOTAL_BYTES:
            raise UnsafeDocument(f"{name} is uitgepakt te groot ({total // 1_000_000} MB).")
        for member in members:
            data = _read_member(archive, member, name)
            if _DTD.search(data.replace(b"\0", b"")):  # UTF-16 and UTF-32 too
                raise UnsafeDocument(f"{name}: onderdeel {member.filename} bevat een DTD- of entiteitsdeclaratie; die zijn niet toegelaten.")
        if "word/document.xml" not in {m.filename for m in members}:
            raise UnsafeDocument(f"{name} is geen Word-document: word/document.xml ontbreekt.")


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> bytes:
    """The bytes of a member that is XML by its content, whatever its name or
    encoding (b"" for media, read in pieces); every member is read whole once,
    so a damaged one (bad CRC, broken deflate) is refused here."""
    try:
        with archive.open(member) as stream:
            head = stream.read(64)
            if not _looks_like_xml(head):
                while stream.read(1 << 20):
                    pass
                return b""
            if member.file_size > MAX_XML_PART:
                raise UnsafeDocument(
                    f"{name}: onderdeel {member.filename} is te groot ({member.file_size // (1024 * 1024)} MB; hooguit {MAX_XML_PART // (1024 * 1024)} MB)."
                )
            return head + stream.read()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise UnsafeDocument(f"{name}: onderdeel {member.filename} is beschadigd ({exc}); open het document in Word en bewaar het opnieuw.") from None


def _looks_like_xml(head: bytes) -> bool:
    """Whether a member starts like XML in any encoding lxml reads (a byte-order
    mark, UTF-16 or UTF-32 NULs, leading blanks)."""
    for mark in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        head = head.removeprefix(mark)
    return head.replace(b"\0", b"").lstrip().startswith(b"<")


def _not_a_zip(path: Path) -> str:
    """Why `path` cannot be opened as a zip, in Dutch: a password-protected or
    an old Word file is a compound file, not a damaged .docx."""
    try:
        with open(path, "rb") as file:
            head = file.read(len(_OLE2))
            head += file.read(MAX_TOTAL_BYTES) if head == _OLE2 else b""
    except OSError:
        head = b""
    if head.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in head:
            return (
                f"{path.name} is beveiligd met een wachtwoord; iao kan het niet lezen. Open het in Word, verwijder het "
                "wachtwoord (Bestand > Info > Document beveiligen) en sla het op als Word-document (*.docx)."
            )
        return f"{path.name} is een ouder Word-document (Word 97-2003, .doc); open het in Word en sla het op als Word-document (*.docx)."
    return f"{path.name} is geen geldig Word-document (.docx)."


def _check_member_name(name: str, member: str) -> None:
    path = PurePosixPath(member.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", member):
        raise UnsafeDocument(f"{name}: onderdeel '{member}' verwijst buiten het document; dit bestand wordt geweigerd.")
