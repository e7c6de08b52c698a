"""PDFs of the dossier's Word documents, made by LibreOffice headless.

    reports = write_pdfs({folder: [docx names]}, PdfSettings(archive=True))

- One LibreOffice process converts every document of the run (a dossier, or all
  the dossiers of a batch): starting LibreOffice costs more than converting a
  document (bench/pdf.py).
- It runs with its own temporary user profile (-env:UserInstallation), so two
  runs at once do not collide and a LibreOffice open on the desktop is left alone.
- A conversion that makes no progress for `timeout` seconds is stopped, with the
  whole process group (soffice starts soffice.bin), so nothing stays behind.
- The PDFs are written with output.write_files: recorded in the manifest, and a
  PDF changed since iao wrote it (annotated) is kept unless forced, as a .docx is.
- LibreOffice puts the time of conversion and a random ID into every PDF; these
  are set to fixed values (same length, so the cross-reference offsets stay
  right), so the same .docx gives the same PDF bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from generator.dossier import output
from generator.errors import EXIT_PDF, IaoError

DEFAULT_TIMEOUT = 120  # seconds without a finished PDF before LibreOffice is stopped
# PDF/A-2b: the export filter's options as JSON on the command line (LibreOffice 7.4 and later).
PDF_A_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
# Where the installers put soffice when it is not on the PATH.
_KNOWN_PLACES = (
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "LibreOffice" / "program" / "soffice.exe",
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
)
_POLL = 0.05  # seconds between looks at a running conversion
PROFILE = "profiel"  # LibreOffice's user profile, in the temporary folder of a run
STANDBY_START = 15  # seconds a standby LibreOffice may take to start
STANDBY_END = 2  # seconds a standby may take to end by itself after its conversion

Key = TypeVar("Key")

INSTALL_HELP = (
    "LibreOffice is niet gevonden; iao heeft het nodig om PDF's te maken. Installeer het en probeer opnieuw: "
    "op Debian of Ubuntu met 'sudo apt-get install libreoffice-writer', op Windows of macOS met het "
    "installatieprogramma van https://www.libreoffice.org/download/."
)

FIXED_PDF_DATE = b"20250101000000"  # docxfile.FIXED_DATETIME, the date of our .docx properties
_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate)\(D:(\d{14})")
_XMP_DATE = re.compile(rb"<xmp:(?:CreateDate|ModifyDate|MetadataDate)>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")
_IDS = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]|/DocChecksum\s*/([0-9A-Fa-f]{32})")


class PdfError(IaoError):
    """No PDFs: LibreOffice is missing, stopped, or could not convert a document."""

    exit_code = EXIT_PDF


@dataclass(frozen=True)
class PdfSettings:
    archive: bool = False  # PDF/A-2b instead of plain PDF
    timeout: float = DEFAULT_TIMEOUT
    warm: WarmOffice | None = field(default=None, compare=False)  # iao web: a LibreOffice started ahead


def pdf_name(docx_name: str) -> str:
    return str(Path(docx_name).with_suffix(".pdf"))


def write_pdfs(dossiers: dict[Path, list[str]], settings: PdfSettings, force: bool = False) -> dict[Path, output.WriteReport]:
    """Beside every .docx named in each folder, its PDF; all in one LibreOffice run."""
    documents = {(folder, name): output.inside(folder, name).read_bytes() for folder, names in dossiers.items() for name in names}
    pdfs = convert(documents, settings)
    return {folder: output.write_files(folder, {pdf_name(name): pdfs[(folder, name)] for name in names}, force=force) for folder, names in dossiers.items()}


def convert(documents: dict[Key, bytes], settings: PdfSettings) -> dict[Key, bytes]:
    """{key: .docx bytes} -> {key: PDF bytes}, in one LibreOffice process."""
    soffice = find_soffice()
    # The documents (personal data) wait in a temporary folder: it goes on Ctrl+C
    # and on SIGTERM too (terminate_raises lets the cleanup run first).
    try:
        with output.terminate_raises(), tempfile.TemporaryDirectory(prefix="iao-pdf-") as temp:
            return _convert_in(Path(temp), soffice, documents, settings)
    except KeyboardInterrupt:  # the documents are written by now: "niets geschreven" would not be true
        raise PdfError("afgebroken met Ctrl+C; LibreOffice is gestopt en er zijn geen PDF's gemaakt.") from None


def _convert_in(work: Path, soffice: str, documents: dict[Key, bytes], settings: PdfSettings) -> dict[Key, bytes]:
    """convert() in the temporary folder `work`."""
    (work / "in").mkdir()
    inputs = {key: work / "in" / f"{number:04d}.docx" for number, key in enumerate(documents)}
    for key, path in inputs.items():
        path.write_bytes(documents[key])
    target = PDF_A_FILTER if settings.archive else "pdf"
    standby = settings.warm.take() if settings.warm is not None else None
    profile = standby.profile if standby is not None else work / PROFILE
    command = [*_office(soffice, profile), "--convert-to", target]
    try:
        log = _run([*command, "--outdir", str(work / "uit"), *map(str, inputs.values())], work, len(inputs), settings.timeout)
    finally:
        if standby is not None:
            standby.end()
    pdfs = {key: _result(work / "uit" / f"{path.stem}.pdf") for key, path in inputs.items()}
    missing = [key for key, data in pdfs.items() if data is None]
    if missing:
        raise PdfError(f"LibreOffice maakte geen PDF van {', '.join(map(_shown, missing))}.{_tail(log)}")
    unusable = [key for key, data in pdfs.items() if not _whole_pdf(data)]
    if unusable:
        raise PdfError(f"LibreOffice maakte een lege of beschadigde PDF van {', '.join(map(_shown, unusable))}.{_tail(log)}")
    return {key: reproducible(data) for key, data in pdfs.items() if data is not None}


def _result(path: Path) -> bytes | None:
    """The PDF LibreOffice wrote at path; None if there is none (a link, a folder or
    anything but a plain file counts as none: it is not followed)."""
    return path.read_bytes() if path.is_file() and not path.is_symlink() else None


def _whole_pdf(data: bytes | None) -> bool:
    """Whether `data` looks like a whole PDF: the header first and the end-of-file
    mark near the end (a PDF may have a few bytes after it)."""
    return data is not None and data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def find_soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for place in _KNOWN_PLACES:
        if place.is_file():
            return str(place)
    raise PdfError(INSTALL_HELP)


def _run(command: list[str], work: Path, count: int, timeout: float) -> str:
    """Run LibreOffice; stop it (and everything it started) after `timeout` seconds
    without a new PDF, on Ctrl+C or SIGTERM. Returns what it printed."""
    log_path = work / "soffice.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=_environment(work), **_own_group())
        RUNNING.add(process)
        try:
            _wait(process, work / "uit", count, timeout)
        finally:
            _stop(process)
            RUNNING.discard(process)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    if process.returncode:
        raise PdfError(f"LibreOffice stopte met foutcode {process.returncode}.{_tail(text)}")
    return text


def _wait(process: subprocess.Popen, outdir: Path, count: int, timeout: float) -> None:
    done = 0
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        made = len(list(outdir.glob("*.pdf"))) if outdir.is_dir() else 0
        if made != done:  # progress: the clock starts again
            done, deadline = made, time.monotonic() + timeout
        if time.monotonic() > deadline:
            raise PdfError(
                f"LibreOffice maakte {timeout:g} seconden lang geen PDF af ({done} van {count} klaar) en is gestopt. "
                "Sluit andere programma's of probeer opnieuw; een trage computer kan meer tijd krijgen met --pdf-tijdslimiet."
            )
        time.sleep(_POLL)


# The LibreOffice processes running now, for a server that stops (`iao web` on SIGTERM)
# while a download in another thread converts.
RUNNING: set[subprocess.Popen] = set()


def stop_running() -> None:
    """End every LibreOffice that a conversion of this process runs now."""
    for process in list(RUNNING):
        _stop(process)


class WarmOffice:
    """A LibreOffice started ahead, for `iao web`, so that a download does not wait for
    LibreOffice to start (bench/pdf.py: `warm_vs_conversion`).

    A second soffice with the same user profile hands its command line to the running
    one and waits until that one has converted; the running one ends by itself after
    the conversion it was handed. So a standby serves one download, and the next one
    starts at once, in the background. A download that finds none (two at a time)
    converts with a LibreOffice of its own, as the command line does. Each standby has
    a profile folder of its own, removed with it: nothing of a download stays behind."""

    def __init__(self, soffice: str):
        self.soffice = soffice
        self.lock = threading.Lock()
        self.ready: _Standby | None = None
        self.closed = False

    def start(self) -> None:
        """A standby, unless there is one (or the server stops)."""
        with self.lock:
            if self.ready is None and not self.closed:
                self.ready = _Standby.start(self.soffice)

    def take(self) -> _Standby | None:
        """The standby for one conversion (None if there is none), and the next started."""
        with self.lock:
            standby, self.ready = self.ready, None
        if standby is not None and not standby.wait_ready():
            standby.end(converted=False)
            with self.lock:  # a LibreOffice that does not start is not tried again for every download
                self.closed = True
            return None
        threading.Thread(target=self.start, daemon=True).start()
        return standby

    def close(self) -> None:
        with self.lock:
            self.closed = True
            standby, self.ready = self.ready, None
        if standby is not None:
            standby.end(converted=False)


@dataclass
class _Standby:
    process: subprocess.Popen
    folder: Path

    @property
    def profile(self) -> Path:
        return self.folder / PROFILE

    @classmethod
    def start(cls, soffice: str) -> _Standby:
        folder = Path(tempfile.mkdtemp(prefix="iao-lo-"))
        command = [*_office(soffice, folder / PROFILE), "--invisible"]
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_environment(folder), **_own_group()
        )
        RUNNING.add(process)
        return cls(process, folder)

    def wait_ready(self, timeout: float = STANDBY_START) -> bool:
        """Whether it runs and has made its user profile: from then on a second soffice
        finds it (before, that one could start a LibreOffice of its own on the same profile)."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            if (self.profile / "user").is_dir():
                return True
            time.sleep(_POLL)
        return False

    def end(self, converted: bool = True) -> None:
        """Stop it (after a conversion, once it has ended by itself: a moment); remove its folder."""
        if converted:
            try:
                self.process.wait(timeout=STANDBY_END)
            except subprocess.TimeoutExpired:
                pass
        _stop(self.process)
        RUNNING.discard(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)


def _office(soffice: str, profile: Path) -> list[str]:
    """soffice without a window, with the user profile in `profile` (its own: two runs
    at once do not collide, and a LibreOffice open on the desktop is left alone)."""
    return [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck"]


def _environment(temp: Path) -> dict[str, str]:
    # A fixed time zone: the PDF dates then always have the form that reproducible() fixes.
    # Its own temporary files go in our folder: a TMPDIR it cannot write in makes it abort silently.
    return {**os.environ, "TZ": "UTC", "TMPDIR": str(temp)}


def _own_group() -> dict:
    """LibreOffice in a process group of its own, so that _stop reaches its children."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def _stop(process: subprocess.Popen) -> None:
    """End the LibreOffice process group (a no-op when it has ended by itself)."""
    if sys.platform == "win32":
        if process.poll() is None:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True)
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    process.wait()


def reproducible(pdf: bytes) -> bytes:
    """The PDF with fixed creation dates (info dictionary, XMP, the PDF/A colour
    profile) and an ID derived from its content instead of the clock."""
    pdf = _fixed_profile_date(pdf)
    pdf = _PDF_DATE.sub(lambda m: _same_length(m, 1, FIXED_PDF_DATE), pdf)
    xmp_date = b"%s-%s-%sT00:00:00" % (FIXED_PDF_DATE[:4], FIXED_PDF_DATE[4:6], FIXED_PDF_DATE[6:8])
    pdf = _XMP_DATE.sub(lambda m: _same_length(m, 1, xmp_date), pdf)
    zeros = b"0" * 32
    blank = _IDS.sub(lambda m: _same_length(m, None, zeros), pdf)
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    return _IDS.sub(lambda m: _same_length(m, None, digest), pdf)


def _fixed_profile_date(pdf: bytes) -> bytes:
    """PDF/A: the sRGB colour profile LibreOffice embeds carries the time it was made
    (ICC header bytes 24-35). Fixed here, the stream compressed again and the
    offsets after it (the /Length object, the cross-reference table) moved to match.
    A PDF laid out otherwise is returned as it is."""
    intent = re.search(rb"/DestOutputProfile (\d+) 0 R", pdf)
    stream = intent and re.search(rb"\n%s 0 obj\n<<[^>]*/Length (\d+) 0 R[^>]*/FlateDecode>>\nstream\n" % intent.group(1), pdf)
    length = stream and re.search(rb"\n%s 0 obj\n(\d+)\nendobj" % stream.group(1), pdf)
    xref = re.search(rb"\nxref\n((?:\d+ \d+\n(?:\d{10} \d{5} [nf] ?\r?\n)*)+)trailer\b.*?startxref\n(\d+)", pdf, re.DOTALL)
    if not (stream and length and xref) or length.start() < stream.end():
        return pdf
    start = stream.end()
    end = start + int(length.group(1))
    try:
        profile = bytearray(zlib.decompress(pdf[start:end]))
    except zlib.error:
        return pdf
    if profile[36:40] != b"acsp":  # not an ICC profile
        return pdf
    date = [int(FIXED_PDF_DATE[i : i + 2 if i else 4]) for i in (0, 4, 6, 8, 10, 12)]
    profile[24:36] = struct.pack(">6H", *date)
    data = zlib.compress(bytes(profile), 9)
    edits = [(start, end, data), (length.start(1), length.end(1), str(len(data)).encode())]

    def moved(offset: int) -> int:
        return offset + sum(len(new) - (stop - begin) for begin, stop, new in edits if stop <= offset)

    table = re.sub(rb"^(\d{10})( \d{5} n)", lambda m: b"%010d%s" % (moved(int(m.group(1))), m.group(2)), xref.group(1), flags=re.MULTILINE)
    edits += [(xref.start(1), xref.end(1), table), (xref.start(2), xref.end(2), str(moved(int(xref.group(2)))).encode())]
    for begin, stop, new in sorted(edits, reverse=True):
        pdf = pdf[:begin] + new + pdf[stop:]
    return pdf


def _same_length(match: re.Match[bytes], group: int | None, value: bytes) -> bytes:
    """The match with `group` (None: every group that matched) replaced by value."""
    text, start = match.group(0), match.start(0)
    groups = [group] if group is not None else [g for g in range(1, len(match.groups()) + 1) if match.group(g) is not None]
    for g in reversed(groups):
        text = text[: match.start(g) - start] + value + text[match.end(g) - start :]
    return text


def _shown(key: object) -> str:
    return "/".join(map(str, key)) if isinstance(key, tuple) else str(key)


def _tail(log: str, lines: int = 5) -> str:
    shown = [line for line in log.splitlines() if line.strip() and "javaldx" not in line][-lines:]
    return (" LibreOffice meldde: " + " | ".join(shown)) if shown else ""
