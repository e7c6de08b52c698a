"""`iao generate --pdf / --pdf-a`: PDFs beside the documents, by LibreOffice.

The real conversion runs once for this module (two copies of the reference
profile as one batch, so one LibreOffice run for both); the rest uses a fake
`soffice` script on the PATH: one that records its arguments, one that hangs,
and none at all."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.dossier import pdf
from generator.dossier.batch import run_batch
from generator.dossier.output import MANIFEST, sha256
from tests.conftest import REFERENCE_PATH
from tests.dossier import ROOT

HAS_LIBREOFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
needs_libreoffice = pytest.mark.skipif(not HAS_LIBREOFFICE, reason="LibreOffice (soffice) of pdftotext ontbreekt")


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    """uitvoer/a and uitvoer/b: the reference dossier twice, as PDF/A, with zips."""
    if not HAS_LIBREOFFICE:
        pytest.skip("LibreOffice (soffice) of pdftotext ontbreekt")
    root = tmp_path_factory.mktemp("pdf")
    profiles = [root / "a.yaml", root / "b.yaml"]
    for profile in profiles:
        shutil.copyfile(REFERENCE_PATH, profile)
    result = run_batch(profiles, root / "uitvoer", pdf=pdf.PdfSettings(archive=True), bundle=True)
    assert result.exit_code == 0, [p.message for p in result.profiles]
    return root / "uitvoer"


def _pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


@needs_libreoffice
def test_every_document_has_a_pdf_with_a_footer_on_every_page(converted):
    """LibreOffice opens every document of the dossier (the one conversion of the suite's
    reference dossier) and every page carries the footer."""
    docx = sorted((converted / "a").glob("*.docx"))
    assert len(docx) >= 15
    for document in docx:
        assert document.with_suffix(".pdf").is_file(), f"LibreOffice kon {document.name} niet openen"
        pages = _pages(document.with_suffix(".pdf"))
        assert pages, document.name
        for number, page in enumerate(pages, 1):
            assert "Pagina" in page, f"{document.name}, pagina {number}: geen voettekst"


@needs_libreoffice
def test_pdf_a_2b_is_declared(converted):
    for path in (converted / "a").glob("*.pdf"):
        data = path.read_bytes()
        assert b"<pdfaid:part>2</pdfaid:part>" in data and b"<pdfaid:conformance>B</pdfaid:conformance>" in data, path.name


@needs_libreoffice
def test_same_documents_give_the_same_pdf_and_zip_bytes(converted):
    for path in (converted / "a").glob("*.pdf"):
        assert path.read_bytes() == (converted / "b" / path.name).read_bytes(), path.name
        assert b"D:20250101000000" in path.read_bytes()
    (zip_a,) = (converted / "a").glob("*.zip")
    assert zip_a.read_bytes() == (converted / "b" / zip_a.name).read_bytes()


@needs_libreoffice
def test_the_manifest_records_the_pdfs(converted):
    manifest = json.loads((converted / "a" / MANIFEST).read_text())
    for path in (converted / "a").glob("*.pdf"):
        assert manifest[path.name] == sha256(path.read_bytes())


@needs_libreoffice
def test_reproducible_fixes_dates_ids_and_the_colour_profile_date(converted):
    """A PDF as LibreOffice writes it at another moment (other dates, ID and colour
    profile date) becomes the same bytes, with a cross-reference table that fits."""
    fixed = (converted / "a" / "stappenplan-2027-2028.pdf").read_bytes()
    other = fixed.replace(b"D:20250101000000", b"D:20261130045917").replace(b"2025-01-01T00:00:00", b"2026-11-30T04:59:17")
    other = re.sub(rb"/ID \[ <[0-9A-F]{32}>\n<[0-9A-F]{32}> \]", b"/ID [ <" + b"A" * 32 + b">\n<" + b"A" * 32 + b"> ]", other)
    other = _with_profile_date(other, b"\x07\xea\x00\x0b\x00\x1e\x00\x05\x00\x02\x00\x11")
    assert other != fixed
    assert pdf.reproducible(other) == fixed
    _assert_xref_fits(fixed)


def _with_profile_date(data: bytes, date: bytes) -> bytes:
    """The PDF with another ICC creation date, compressed otherwise (another length)."""
    profile_ref = re.search(rb"/DestOutputProfile (\d+) 0 R", data).group(1)
    stream = re.search(rb"\n%s 0 obj\n<<[^>]*/Length (\d+) 0 R[^>]*>>\nstream\n" % profile_ref, data)
    length = re.search(rb"\n%s 0 obj\n(\d+)\nendobj" % stream.group(1), data)
    start = stream.end()
    profile = bytearray(zlib.decompress(data[start : start + int(length.group(1))]))
    profile[24:36] = date
    packed = zlib.compress(bytes(profile), 1)
    shift = len(packed) - int(length.group(1))
    data = data[:start] + packed + data[start + int(length.group(1)) :]
    data = data[: length.start(1) + shift] + str(len(packed)).encode() + data[length.end(1) + shift :]
    return _fix_xref(data)


def _fix_xref(data: bytes) -> bytes:
    """data with a cross-reference table and startxref that fit (offsets found by object number)."""
    start = data.rindex(b"\nxref\n") + 1
    header = re.match(rb"xref\n0 (\d+)\n", data[start:])
    count = int(header.group(1))
    entries = [b"0000000000 65535 f \n"] + [b"%010d 00000 n \n" % (data.index(b"\n%d 0 obj" % n) + 1) for n in range(1, count)]
    end = start + header.end() + 20 * count
    data = data[: start + header.end()] + b"".join(entries) + data[end:]
    return re.sub(rb"startxref\n\d+", b"startxref\n%d" % start, data)


def _assert_xref_fits(data: bytes) -> None:
    start = int(re.search(rb"startxref\n(\d+)", data).group(1))
    header = re.match(rb"xref\n0 (\d+)\n", data[start:])
    assert header, "startxref points at the table"
    table = data[start + header.end() :]
    for number in range(1, int(header.group(1))):
        offset = int(table[20 * number : 20 * number + 10])
        assert data[offset:].startswith(b"%d 0 obj" % number), number


# ------------------------------------------------------------ a fake soffice

RECORDING = """#!/bin/sh
echo "$@" >> "$IAO_FAKE_LOG"
outdir=""; previous=""
for arg in "$@"; do [ "$previous" = "--outdir" ] && outdir="$arg"; previous="$arg"; done
mkdir -p "$outdir"
for arg in "$@"; do
  case "$arg" in *.docx) printf '%%PDF-1.4\\n%% nep\\n%%%%EOF\\n' > "$outdir/$(basename "$arg" .docx).pdf";; esac
done
"""

HANGING = """#!/bin/sh
sleep 60 &
echo $! > "$IAO_FAKE_CHILD"
wait
"""


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """fake_soffice(script): `soffice` on an otherwise empty PATH; returns the log path."""

    def install(script: str | None) -> Path:
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir(exist_ok=True)
        for tool in ("mkdir", "basename", "sleep"):  # the PATH holds no LibreOffice, so no /usr/bin
            (bin_dir / tool).symlink_to(shutil.which(tool))
        if script is not None:
            path = bin_dir / "soffice"
            path.write_text(script)
            path.chmod(path.stat().st_mode | stat.S_IEXEC)
        monkeypatch.setenv("PATH", str(bin_dir))
        monkeypatch.setenv("IAO_FAKE_LOG", str(tmp_path / "soffice.log"))
        monkeypatch.setenv("IAO_FAKE_CHILD", str(tmp_path / "child.pid"))
        return tmp_path / "soffice.log"

    return install


def _generate(*args):
    return CliRunner().invoke(cli, ["generate", *map(str, args)])


def test_one_libreoffice_run_for_a_batch_with_a_private_profile(tmp_path, fake_soffice):
    log = fake_soffice(RECORDING)
    for name in ("a.yaml", "b.yaml"):
        shutil.copyfile(REFERENCE_PATH, tmp_path / name)
    result = _generate(tmp_path / "a.yaml", tmp_path / "b.yaml", "-o", tmp_path / "uit", "--pdf")
    assert result.exit_code == 0, result.output
    (call,) = log.read_text().splitlines()
    assert "--headless" in call and " --convert-to pdf " in call
    assert re.search(r"-env:UserInstallation=file:///\S+", call)
    assert call.count(".docx") == 2 * len(list((tmp_path / "uit" / "a").glob("*.docx")))
    for folder in ("a", "b"):
        for docx in (tmp_path / "uit" / folder).glob("*.docx"):
            assert docx.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def test_pdf_a_asks_for_pdf_a_2(tmp_path, fake_soffice):
    log = fake_soffice(RECORDING)
    assert _generate(REFERENCE_PATH, "-o", tmp_path / "uit", "--pdf-a").exit_code == 0
    assert '--convert-to pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}' in log.read_text()


def test_without_libreoffice_the_documents_are_written_and_the_message_says_how_to_install(tmp_path, fake_soffice):
    fake_soffice(None)
    result = _generate(REFERENCE_PATH, "-o", tmp_path / "uit", "--pdf", "--zip")
    assert result.exit_code == pdf.EXIT_PDF == 4
    assert "LibreOffice is niet gevonden" in result.output and "apt-get install libreoffice" in result.output
    assert "libreoffice.org" in result.output and "de Word-documenten zijn wel geschreven" in result.output
    assert len(list((tmp_path / "uit").glob("*.docx"))) >= 15
    assert not list((tmp_path / "uit").glob("*.pdf")) and not list((tmp_path / "uit").glob("*.zip"))


def test_a_hanging_conversion_is_stopped_with_everything_it_started(tmp_path, fake_soffice):
    fake_soffice(HANGING)
    started = time.monotonic()
    result = _generate(REFERENCE_PATH, "-o", tmp_path / "uit", "--pdf", "--pdf-tijdslimiet", "1")
    assert time.monotonic() - started < 30
    assert result.exit_code == 4, result.output
    assert "1 seconden lang geen PDF af" in result.output and "--pdf-tijdslimiet" in result.output
    child = int((tmp_path / "child.pid").read_text())
    assert not _alive(child)
    assert len(list((tmp_path / "uit").glob("*.docx"))) >= 15


def _alive(pid: int) -> bool:
    for _ in range(400):  # SIGKILL is delivered asynchronously (up to 20 s on a loaded machine)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        status = Path(f"/proc/{pid}/status")
        if status.exists() and "\nState:\tZ" in status.read_text():
            return False  # a zombie: ended, not yet reaped by its new parent
        time.sleep(0.05)
    return True


def test_an_annotated_pdf_is_kept_unless_forced(tmp_path, fake_soffice):
    fake_soffice(RECORDING)
    folder = tmp_path / "uit"
    assert _generate(REFERENCE_PATH, "-o", folder, "--pdf").exit_code == 0
    annotated = next(folder.glob("stappenplan-*.pdf"))
    annotated.write_bytes(annotated.read_bytes() + b"% aantekening\n")
    again = _generate(REFERENCE_PATH, "-o", folder, "--pdf")
    assert again.exit_code == 3 and annotated.name in again.output
    assert annotated.read_bytes().endswith(b"% aantekening\n")
    forced = _generate(REFERENCE_PATH, "-o", folder, "--pdf", "--force")
    assert forced.exit_code == 0, forced.output
    backup = folder / f"{annotated.stem}.bewerkt-1.pdf"
    assert backup.read_bytes().endswith(b"% aantekening\n") and not annotated.read_bytes().endswith(b"% aantekening\n")


def test_the_zip_holds_the_pdfs_when_made(tmp_path, fake_soffice):
    fake_soffice(RECORDING)
    assert _generate(REFERENCE_PATH, "-o", tmp_path / "uit", "--pdf", "--zip").exit_code == 0
    (bundle,) = (tmp_path / "uit").glob("*.zip")
    names = {name.split("/")[-1][3:] for name in zipfile.ZipFile(bundle).namelist()}  # "1-voorbereiding/01-x.docx"
    for docx in (tmp_path / "uit").glob("*.docx"):
        assert docx.name in names and docx.with_suffix(".pdf").name in names


# ------------------------------------------------------- LibreOffice misbehaving

# One script for odd outputs: $IAO_FAKE_PDF says what each "PDF" is.
ODD = """#!/bin/sh
echo "TMPDIR=$TMPDIR" >> "$IAO_FAKE_LOG"
outdir=""; previous=""
for arg in "$@"; do [ "$previous" = "--outdir" ] && outdir="$arg"; previous="$arg"; done
mkdir -p "$outdir"
for arg in "$@"; do
  case "$arg" in *.docx)
    pdf="$outdir/$(basename "$arg" .docx).pdf"
    case "$IAO_FAKE_PDF" in
      empty) : > "$pdf";;
      garbage) printf 'Segmentation fault\\n' > "$pdf";;
      cut) printf '%%PDF-1.4\\n1 0 obj\\n' > "$pdf";;
      link) ln -s "$IAO_FAKE_LOG" "$pdf";;
    esac;;
  esac
done
"""


@pytest.mark.parametrize(
    "kind, message",
    [("empty", "lege of beschadigde PDF"), ("garbage", "lege of beschadigde PDF"), ("cut", "lege of beschadigde PDF"), ("link", "geen PDF van")],
)
def test_an_odd_pdf_from_libreoffice_is_refused_in_dutch(tmp_path, fake_soffice, monkeypatch, kind, message):
    ln = shutil.which("ln")
    fake_soffice(ODD)
    (tmp_path / "bin" / "ln").symlink_to(ln)
    monkeypatch.setenv("IAO_FAKE_PDF", kind)
    result = _generate(REFERENCE_PATH, "-o", tmp_path / "uit", "--pdf")
    assert result.exit_code == 4, result.output
    assert f"LibreOffice maakte een {message}" in result.output or f"LibreOffice maakte {message}" in result.output
    assert "academiereglement-wijziging-2027-2028.docx" in result.output and "de Word-documenten zijn wel geschreven" in result.output
    assert not list((tmp_path / "uit").glob("*.pdf")) and len(list((tmp_path / "uit").glob("*.docx"))) >= 15


def test_libreoffice_keeps_its_temporary_files_in_our_folder(tmp_path, fake_soffice, monkeypatch):
    """A TMPDIR LibreOffice cannot write in makes it abort without saying why: it gets our own folder."""
    log = fake_soffice(ODD)
    monkeypatch.setenv("IAO_FAKE_PDF", "empty")
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setenv("TMPDIR", "/proc/alleen-lezen")
    _generate(REFERENCE_PATH, "-o", tmp_path / "uit", "--pdf")
    (line,) = log.read_text().splitlines()
    assert line.startswith(f"TMPDIR={tmp_path / 'tmp' / 'iao-pdf-'}")
    assert list((tmp_path / "tmp").iterdir()) == []


def test_ctrl_c_during_the_pdfs_says_the_documents_are_written(tmp_path, fake_soffice, monkeypatch):
    fake_soffice(HANGING)

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(pdf, "_wait", interrupted)
    result = _generate(REFERENCE_PATH, "-o", tmp_path / "uit", "--pdf")
    assert result.exit_code == 4, result.output
    assert "afgebroken met Ctrl+C" in result.output and "de Word-documenten zijn wel geschreven" in result.output
    assert "niets geschreven" not in result.output
    assert len(list((tmp_path / "uit").glob("*.docx"))) >= 15


def test_nan_is_no_time_limit(tmp_path):
    result = _generate(REFERENCE_PATH, "-o", tmp_path / "uit", "--pdf", "--pdf-tijdslimiet", "nan")
    assert result.exit_code == 2 and "'nan' is geen aantal seconden" in result.output
    assert not (tmp_path / "uit").exists()


def test_sigterm_during_the_pdfs_leaves_no_document_in_a_temporary_folder(tmp_path, fake_soffice):
    fake_soffice(HANGING)
    temp = tmp_path / "tmp"
    temp.mkdir()
    environment = {**os.environ, "TMPDIR": str(temp)}
    command = [sys.executable, "-m", "generator", "generate", str(REFERENCE_PATH), "-o", str(tmp_path / "uit"), "--pdf"]
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):  # LibreOffice (the fake) has started: the documents wait in the temporary folder
        if (tmp_path / "child.pid").exists():
            break
        time.sleep(0.05)
    assert list(temp.glob("iao-pdf-*/in/*.docx"))
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == -signal.SIGTERM
    assert list(temp.iterdir()) == []
    assert not _alive(int((tmp_path / "child.pid").read_text()))


# ---------------------------------------------------------------- iao web: a LibreOffice started ahead


@needs_libreoffice
def test_a_warm_libreoffice_converts_one_download_each_and_leaves_nothing_behind(tmp_path, monkeypatch):
    """Issue 23: the download hands its conversion to a LibreOffice started ahead (no
    start-up to wait for); that one ends with it and the next is started for the next
    download; the PDFs are those of a conversion of its own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    documents = {name: (ROOT / "templates" / name / f"{name}.docx").read_bytes() for name in ("principebeslissing", "protocol")}
    warm = pdf.WarmOffice(pdf.find_soffice())
    warm.start()
    assert warm.ready is not None
    first = warm.ready.process
    handed = pdf.convert(documents, pdf.PdfSettings(warm=warm))
    assert first.poll() is not None  # it served this download and ended
    for _ in range(200):  # the next one starts in the background
        if warm.ready is not None:
            break
        time.sleep(0.05)
    assert warm.ready is not None and warm.ready.process is not first
    assert pdf.convert(documents, pdf.PdfSettings(warm=warm)) == handed == pdf.convert(documents, pdf.PdfSettings())
    last = warm.ready
    warm.close()
    assert last is not None and last.process.poll() is not None
    assert list(tmp_path.glob("iao-*")) == []  # no profile, no document


def test_a_libreoffice_that_does_not_start_ahead_is_not_waited_for(tmp_path, fake_soffice):
    fake_soffice(RECORDING)  # it converts, but does not stay running to be handed a conversion
    warm = pdf.WarmOffice(pdf.find_soffice())
    warm.start()
    started = time.monotonic()
    assert warm.take() is None and time.monotonic() - started < 5
    assert warm.take() is None and warm.ready is None  # not tried again for every download
    warm.close()
