"""Issue 22: documents that go out as they are (notes as comments, one mark for
what is open, a final version, pagination, the protocol, the letter, the bundle)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from generator.dossier import documents
from generator.profile.loading import profile_from_data
from tests.dossier import comments_of, contrasting, open_docx, text_and_docx

PROFILES = ["referentie", "stad_college_buiten_eer", "zonder_remediering"]


def _kinds(name: str) -> list[str]:
    return [k.kind for k in documents.kinds_for(profile_from_data(contrasting(name)).profiel)]


@pytest.mark.parametrize("name", PROFILES)
def test_notes_are_word_comments_by_iao_never_body_text(name):
    with_notes = 0
    for kind in _kinds(name):
        text, docx = text_and_docx(kind, contrasting(name))
        assert "Noot voor " not in text, kind
        assert not [p for p in open_docx(docx).paragraphs if p.style.name == "Noot"], kind
        comments = open_docx(docx).comments
        if not len(comments):
            continue
        with_notes += 1
        assert {c.author for c in comments} == {"iao"}, kind
        assert all(c.text.startswith("Noot voor ") for c in comments), kind
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            body = archive.read("word/document.xml").decode()
        ids = [c.comment_id for c in comments]
        for number in ids:  # anchored: a range around a passage, and a reference
            start = body.index(f'<w:commentRangeStart w:id="{number}"/>')
            end = body.index(f'<w:commentRangeEnd w:id="{number}"/>')
            passage = re.sub(r"<[^>]+>", "", body[start:end])
            assert passage.strip(), (kind, number)
            assert f'<w:commentReference w:id="{number}"/>' in body
    assert with_notes >= 5


def test_a_note_comments_on_the_passage_before_it():
    _, docx = text_and_docx("verwerkersovereenkomst")
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        body = archive.read("word/document.xml").decode()
    comment = next(c for c in open_docx(docx).comments if "beperking van de aansprakelijkheid" in c.text)
    start = body.index(f'<w:commentRangeStart w:id="{comment.comment_id}"/>')
    end = body.index(f'<w:commentRangeEnd w:id="{comment.comment_id}"/>')
    assert "De verwerker vrijwaart" in re.sub(r"<[^>]+>", "", body[start:end])


def test_comments_of_notes_in_a_conditional_block_follow_it():
    # the note on the remediation article (academiereglement) is in every variant; the count
    # of comments equals the notes the template keeps after rendering
    assert len(comments_of(text_and_docx("academiereglement")[1])) == 3
