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
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


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
        raise UnsafeDocument(f"{name} is geen geldig Word-document (.docx).") from None
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
            if member.filename.endswith((".xml", ".rels")) and _DTD.search(data):
                raise UnsafeDocument(f"{name}: onderdeel {member.filename} bevat een DTD- of entiteitsdeclaratie; die zijn niet toegelaten.")
        if "word/document.xml" not in {m.filename for m in members}:
            raise UnsafeDocument(f"{name} is geen Word-document: word/document.xml ontbreekt.")


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> bytes:
    """The XML of a member (b"" for media, read in pieces); every member is read
    whole once, so a damaged one (bad CRC, broken deflate) is refused here."""
    try:
        with archive.open(member) as stream:
            if member.filename.endswith((".xml", ".rels")):
                return stream.read()
            while stream.read(1 << 20):
                pass
            return b""
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise UnsafeDocument(f"{name}: onderdeel {member.filename} is beschadigd ({exc}); open het document in Word en bewaar het opnieuw.") from None


def _check_member_name(name: str, member: str) -> None:
    path = PurePosixPath(member.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", member):
        raise UnsafeDocument(f"{name}: onderdeel '{member}' verwijst buiten het document; dit bestand wordt geweigerd.")
