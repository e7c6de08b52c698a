"""A .docx from outside is a zip: refuse traversal, zip bombs and DTDs, with a Dutch message."""

import zipfile

import pytest

from generator.word.untrusted import UnsafeDocument, check_docx
from tests.dossier import render_kind

MINIMAL = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'


def _zip(tmp_path, members):
    path = tmp_path / "sjabloon.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_generated_document_passes(tmp_path):
    path = tmp_path / "ok.docx"
    path.write_bytes(render_kind("academiereglement"))
    check_docx(path)


@pytest.mark.parametrize("member", ["../../etc/passwd", "/etc/passwd", "word/../../x.xml", "C:/x.xml"])
def test_path_traversal_is_refused(tmp_path, member):
    path = _zip(tmp_path, {"word/document.xml": MINIMAL, member: b"x"})
    with pytest.raises(UnsafeDocument, match="verwijst buiten het document"):
        check_docx(path)


def test_zip_bomb_is_refused(tmp_path):
    path = _zip(tmp_path, {"word/document.xml": MINIMAL, "word/media/bom.bin": b"\0" * 50_000_000})
    with pytest.raises(UnsafeDocument, match="zip-bom"):
        check_docx(path)


def test_entity_declarations_are_refused(tmp_path):
    xxe = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document>&x;</w:document>'
    path = _zip(tmp_path, {"word/document.xml": xxe})
    with pytest.raises(UnsafeDocument, match="DTD"):
        check_docx(path)


def test_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "kapot.docx"
    path.write_bytes(b"dit is geen zip")
    with pytest.raises(UnsafeDocument, match="geen geldig Word-document"):
        check_docx(path)
