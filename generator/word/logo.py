"""The academy's logo (schoolbestuur.logo): a PNG or JPEG, checked before any document uses it."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from generator.errors import IaoError

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 4000  # per side


class HuisstijlError(IaoError):
    """A logo that cannot be used (exit 2, like any unusable input file)."""


@dataclass(frozen=True)
class Logo:
    data: bytes
    extension: str  # png or jpeg
    width: int  # pixels
    height: int


def read_logo(path: Path) -> Logo:
    """The logo at `path`, checked: a PNG or JPEG by its signature, at most
    MAX_LOGO_BYTES and MAX_LOGO_PIXELS per side. ValueError with a Dutch reason."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ValueError(f"'{path}' is geen bestand")
        if size > MAX_LOGO_BYTES:
            raise ValueError(f"het logo '{path.name}' is te groot ({size // 1024} kB); hooguit {MAX_LOGO_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError:
        raise ValueError(f"het logo '{path}' bestaat niet of kan niet gelezen worden") from None
    return logo_from_bytes(data, path.name)


def logo_from_bytes(data: bytes, name: str) -> Logo:
    """The checks of read_logo on the bytes of a logo (`iao web`: an upload named `name`)."""
    if len(data) > MAX_LOGO_BYTES:
        raise ValueError(f"het logo '{name}' is te groot ({len(data) // 1024} kB); hooguit {MAX_LOGO_BYTES // (1024 * 1024)} MB")
    extension, dimensions = _image_kind(data)
    if dimensions is None:
        raise ValueError(f"'{name}' is geen PNG- of JPEG-afbeelding (of ze is beschadigd)")
    width, height = dimensions
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        raise ValueError(f"het logo '{name}' is {width} x {height} pixels; hooguit {MAX_LOGO_PIXELS} x {MAX_LOGO_PIXELS}")
    return Logo(data, extension, width, height)


def _image_kind(data: bytes) -> tuple[str, tuple[int, int] | None]:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", _png_size(data)
    if data.startswith(b"\xff\xd8"):  # a whole JPEG ends with EOI (some writers add a few bytes after it)
        return "jpeg", _jpeg_size(data) if b"\xff\xd9" in data[-1024:] else None
    return "", None


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the IHDR chunk of a whole PNG: IHDR first, an IDAT,
    IEND last, every chunk inside the file. None for one cut off or damaged."""
    at = 8
    kinds: list[bytes] = []
    while at + 12 <= len(data) and kinds[-1:] != [b"IEND"]:
        kinds.append(data[at + 4 : at + 8])
        at += 12 + int.from_bytes(data[at : at + 4], "big")
    if at > len(data) or kinds[:1] != [b"IHDR"] or data[8:12] != b"\0\0\0\r" or b"IDAT" not in kinds or kinds[-1:] != [b"IEND"]:
        return None
    return struct.unpack(">II", data[16:24])


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the first start-of-frame segment of a JPEG."""
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        if length < 2:
            return None
        at += 2 + length
    return None


def logo_problem(value: str, folder: Path) -> str | None:
    """Why the logo `value` (a path relative to `folder`) cannot be used, or None."""
    try:
        read_logo(folder / value)
    except ValueError as exc:
        return str(exc)
    return None


def profile_logo(loaded) -> Logo | None:
    """The logo of a loaded profile (schoolbestuur.logo, relative to the profile
    file), read and checked again now that it is used."""
    from generator.errors import Problem

    value = loaded.profiel.schoolbestuur.logo
    if value is None:
        return None
    try:
        return read_logo(Path(loaded.file).parent / value)
    except ValueError as exc:
        raise HuisstijlError(str(Problem(loaded.file, loaded.line(("schoolbestuur", "logo")), "schoolbestuur.logo", f"{exc}."))) from None
