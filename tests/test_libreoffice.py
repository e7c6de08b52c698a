"""LibreOffice opens every generated document: one headless conversion for the whole dossier."""

import shutil
import subprocess

import pytest

from generator.dossier.generation import generate

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is niet geïnstalleerd")


def test_every_document_converts_to_pdf(tmp_path):
    result = generate("inputs/voorbeeld.yaml", tmp_path / "uitvoer")
    docx_files = sorted((tmp_path / "uitvoer").glob("*.docx"))
    assert len(docx_files) == len([n for n in result.dossier.titles if n.endswith(".docx")]) >= 3
    pdf_dir = tmp_path / "pdf"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profiel",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf_dir),
            *map(str, docx_files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    for docx in docx_files:
        pdf = pdf_dir / f"{docx.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice kon {docx.name} niet openen"
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
