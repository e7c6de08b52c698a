"""iao update on a dossier edited as a legal adviser does (issue 20): edited table
cells, a deleted table, a deleted article, another author's pending changes, a
document re-saved by LibreOffice. Every document update writes passes the Open XML
SDK's rules with no finding its input did not have, and every row stays in a table.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from generator.cli import cli
from generator.edit.wordwise import shown_text
from generator.errors import EXIT_CONFLICT, EXIT_OK
from tests.conftest import REFERENCE_PATH, dump_profile
from tests.openxml import assert_no_new_findings

RAAD = "gemeenteraadsbesluit-ontwerp-2027-2028.docx"  # a cell edited in a row the profile changes
COLLEGE = "collegebesluit-ontwerp-2027-2028.docx"  # the subject table deleted
REGLEMENT = "academiereglement-wijziging-2027-2028.docx"  # an article deleted, another author's changes pending
JAARPLANNING = "jaarplanning-2027-2028.docx"  # re-saved by LibreOffice
STAPPENPLAN = "stappenplan-2027-2028.docx"  # every row edited
OTHER = "Secretariaat"


def changed_profile() -> dict:
    """The council a week later, every subject 5 points more IAO, one subject more."""
    data = yaml.safe_load(REFERENCE_PATH.read_text(encoding="utf-8"))
    data["planning"]["gemeenteraad"] = datetime.date(2027, 3, 29)
    for subject in data["afstandsonderwijs"]["vakken"]:
        subject["aandeel_procent"] += 5
    data["afstandsonderwijs"]["vakken"].append(
        {"vak": "Dwarsfluit", "domein": "muziek", "structuuronderdeel": "4de graad", "aandeel_procent": 10, "geevalueerd": False}
    )
    return data


def subject_table(document):
    return next(t for t in document.tables if "Muziekcultuur" in "".join(c.text for c in t.rows[1].cells))


def edit_cell(path: Path) -> None:
    document = Document(path)
    subject_table(document).rows[1].cells[0].paragraphs[0].add_run(" (nagekeken)")
    document.save(path)


def delete_table(path: Path) -> None:
    document = Document(path)
    table = subject_table(document)._tbl
    table.getparent().remove(table)
    document.save(path)


def delete_article_and_track_changes(path: Path) -> None:
    """The article "Evaluatie" removed (the profile change adds a subject to its
    list); a sentence inserted and a word deleted elsewhere as tracked changes of
    another author."""
    document = Document(path)
    paragraphs = document.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == "Evaluatie")
    end = next(i for i in range(at + 1, len(paragraphs)) if paragraphs[i].style.name == paragraphs[at].style.name)
    for p in paragraphs[at:end]:
        p._p.getparent().remove(p._p)
    target = next(p for p in document.paragraphs if len(p.text) > 80 and not p.text.startswith("Artikel"))
    stamp = 'w:author="Secretariaat" w:date="2027-01-10T00:00:00Z"'
    target._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="9001" {stamp}><w:r><w:t xml:space="preserve"> Zo afgesproken.</w:t></w:r></w:ins>'))
    target._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="9002" {stamp}><w:r><w:delText>weg</w:delText></w:r></w:del>'))
    document.save(path)


def edit_every_row(path: Path) -> None:
    document = Document(path)
    for table in document.tables:
        for row in table.rows[1:]:
            row.cells[-1].paragraphs[0].add_run(" (ok)")
    document.save(path)


def resave_with_libreoffice(path: Path) -> None:
    work = path.parent / "lo"
    work.mkdir()
    profile = (work / "profiel").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    shutil.move(work / path.name, path)
    shutil.rmtree(work)


@pytest.fixture(scope="module")
def updated(tmp_path_factory):
    root = tmp_path_factory.mktemp("echte-bewerkingen")
    folder = root / "dossier"
    runner = CliRunner()
    assert runner.invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(folder)]).exit_code == EXIT_OK
    edit_cell(folder / RAAD)
    delete_table(folder / COLLEGE)
    delete_article_and_track_changes(folder / REGLEMENT)
    edit_every_row(folder / STAPPENPLAN)
    if shutil.which("soffice"):
        resave_with_libreoffice(folder / JAARPLANNING)
    edited = {path.name: path.read_bytes() for path in folder.glob("*.docx")}
    profile = root / "gewijzigd.yaml"
    profile.write_text(dump_profile(changed_profile()), encoding="utf-8")
    result = runner.invoke(cli, ["update", str(profile), "-o", str(folder)])
    return {"result": result, "edited": edited, "folder": folder}


def test_update_finishes_with_conflicts_not_an_error(updated):
    result = updated["result"]
    assert result.exit_code == EXIT_CONFLICT, result.output
    for name in (RAAD, COLLEGE, REGLEMENT, STAPPENPLAN):
        assert f"{name}: bijgewerkt met bijgehouden wijzigingen" in result.output


def test_every_updated_document_passes_the_open_xml_rules(updated):
    """Every document update merged into (the others are iao's own new text, which the
    generate tests validate)."""
    merged = [name for name in updated["edited"] if f"{name}: bijgewerkt met bijgehouden wijzigingen" in updated["result"].output]
    assert len(merged) >= 4
    for name in merged:
        after = (updated["folder"] / name).read_bytes()
        assert_no_new_findings(updated["edited"][name], after, name)


def test_every_row_stays_in_a_table(updated):
    for name in updated["edited"]:
        body = Document(updated["folder"] / name).element.body
        assert not [child for child in body if child.tag == qn("w:tr")], name


def test_an_edited_row_keeps_the_users_text_and_the_new_row_follows_in_its_table(updated):
    document = Document(updated["folder"] / RAAD)
    table = subject_table(document)
    rows = [r._tr for r in table.rows]
    mine = next(i for i, tr in enumerate(rows) if "(nagekeken)" in "".join(t.text or "" for t in tr.iter(qn("w:t"))))
    new = rows[mine + 1]
    assert new.find(f"{qn('w:trPr')}/{qn('w:ins')}") is not None
    assert "30\u00a0%" in "".join(t.text or "" for t in new.iter(qn("w:t")))  # Muziekcultuur: 25 % + 5


def test_a_deleted_table_is_a_conflict_and_the_rest_is_updated(updated):
    result = updated["result"]
    college = result.output.split(f"{COLLEGE}:", 1)[1].split("\n  ", 1)[0]
    assert "4 conflict(en)" in college and "6 wijziging(en)" in college
    assert "u hebt dit deel geschrapt" in result.output.split(f"{COLLEGE}:", 1)[1]
    # the changed rows come back as a tracked table of their own, the new subject in it
    tables = Document(updated["folder"] / COLLEGE).tables
    back = [t for t in tables if all(r._tr.find(f"{qn('w:trPr')}/{qn('w:ins')}") is not None for r in t.rows)]
    assert len(back) == 1 and shown_text(back[0].rows[-1]._tr).startswith("Dwarsfluit")


def test_another_authors_pending_changes_stay(updated):
    body = Document(updated["folder"] / REGLEMENT).element.body
    theirs = [el for el in body.iter(qn("w:ins"), qn("w:del")) if el.get(qn("w:author")) == OTHER]
    assert len(theirs) == 2


def test_the_libreoffice_copy_is_updated(updated):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    assert f"{JAARPLANNING}: bijgewerkt met bijgehouden wijzigingen" in updated["result"].output


def test_a_second_update_changes_nothing_more(updated, tmp_path):
    profile = tmp_path / "gewijzigd.yaml"
    profile.write_text(dump_profile(changed_profile()), encoding="utf-8")
    before = {name: (updated["folder"] / name).read_bytes() for name in updated["edited"]}
    again = CliRunner().invoke(cli, ["update", str(profile), "-o", str(updated["folder"])])
    assert again.exit_code in (EXIT_OK, EXIT_CONFLICT), again.output
    assert {name: (updated["folder"] / name).read_bytes() for name in updated["edited"]} == before
