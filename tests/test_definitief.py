"""`iao generate --definitief` (issue 22): refuses while a document has a blank or an article
number to check, listing them per document and writing nothing; a final document has no "ONTWERP"."""

from __future__ import annotations

from click.testing import CliRunner

from generator.cli import cli
from generator.dossier import rendering
from generator.dossier.context import build_context
from generator.dossier.generation import template_for
from generator.profile.model import profile_from_data
from tests.conftest import REFERENCE_PATH
from tests.dossier import kind, open_docx, reference_data


def test_final_refuses_while_blanks_remain_and_writes_nothing(tmp_path):
    result = CliRunner().invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(tmp_path / "uit"), "--definitief"])
    assert result.exit_code != 0
    assert "--definitief: er is niets geschreven" in result.output
    assert "  principebeslissing-2027-2028.docx:\n    [in te vullen:" in result.output
    assert "artikel 20 (nog na te kijken)" in result.output
    assert not (tmp_path / "uit").exists() or not any((tmp_path / "uit").iterdir())


def test_a_final_document_has_no_draft_mark_in_its_header():
    context = build_context(profile_from_data(reference_data()).profiel)
    template = template_for(kind("onderhandeling"), None)
    for final, expected in ((False, "ONTWERP"), (True, "")):
        headers = [s.header.paragraphs[0].text for s in open_docx(rendering.render(template, context, final=final)).sections]
        assert headers and all(h.split("\t")[-1] == expected for h in headers)
