"""iao update: a changed profile carried into edited documents as tracked changes (issue 14).

The scenario of the issue: generate the reference dossier, let the legal service
edit two documents, move the council date and add a subject, run update. The
guarantees are checked on the files: rejecting all changes gives the edited
document back, accepting all gives the new text plus the user's edits, a
conflict keeps the user's text, a second update changes nothing, backups exist.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import zipfile
from copy import deepcopy
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from generator.cli import cli
from generator.dossier import output
from generator.edit.update import merge
from generator.edit.wordwise import shown_text
from generator.errors import EXIT_CONFLICT, EXIT_OK
from generator.word import revisions

REGLEMENT = "academiereglement-wijziging-2027-2028.docx"  # edited where the profile change lands: a conflict
BESLUIT = "gemeenteraadsbesluit-ontwerp-2027-2028.docx"  # edited elsewhere: applied cleanly
CLOSING = "Aldus vastgesteld door de gemeenteraad in zitting van"  # ... 22 maart 2027.
OWN_WORDS = " De juridische dienst heeft dit nagelezen."


def _changed_profile(profile_data: dict) -> dict:
    data = deepcopy(profile_data)
    data["planning"]["gemeenteraad"] = datetime.date(2027, 3, 29)
    data["afstandsonderwijs"]["vakken"].append(
        {"vak": "Dwarsfluit", "domein": "muziek", "structuuronderdeel": "4de graad", "aandeel_procent": 10, "geevalueerd": False}
    )
    return data


def _edit(path: Path, starts: str, extra: str) -> str:
    """Add `extra` to the body paragraph starting with `starts`, as Word would save it; its new text."""
    document = Document(path)
    paragraph = next(p for p in document.paragraphs if p.text.startswith(starts))
    paragraph.add_run(extra)
    document.save(path)
    return paragraph.text


def _story_texts(element) -> list[str]:
    return [shown_text(p) for p in element.iter(qn("w:p"))]


def _body(data: bytes):
    return Document(io.BytesIO(data)).element.body


def _decided(data: bytes, how) -> object:
    body = deepcopy(_body(data))
    how(body)
    return body


def _xml(element) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=True)  # only the namespaces it uses


def _normalized(element) -> list:
    """Per paragraph: its properties (without the mark's) and its text per look,
    runs of one look joined: what a reader sees, whatever the run splitting."""
    found = []
    for p in element.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            ppr = deepcopy(ppr)
            for mark in ppr.findall(qn("w:rPr")):
                ppr.remove(mark)
        runs: list[list] = []
        for r in p.iter(qn("w:r")):
            look = r.find(qn("w:rPr"))
            look_xml = _xml(look) if look is not None else b""
            text = shown_text(r)
            if not text:
                continue
            if runs and runs[-1][0] == look_xml:
                runs[-1][1] += text
            else:
                runs.append([look_xml, text])
        found.append((_xml(ppr) if ppr is not None and len(ppr) else b"", runs))
    return found


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """The dossier before and after update, with everything the tests compare."""
    import yaml

    from tests.conftest import REFERENCE_PATH, dump_profile

    root = tmp_path_factory.mktemp("update")
    folder = root / "dossier"
    runner = CliRunner()
    assert runner.invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(folder)]).exit_code == EXIT_OK
    generated = {name: (folder / name).read_bytes() for name in (REGLEMENT, BESLUIT)}
    mine_closing = _edit(folder / REGLEMENT, CLOSING, OWN_WORDS)
    mine_besluit = _edit(folder / BESLUIT, "De academie wil vanaf het schooljaar", OWN_WORDS)
    edited = {name: (folder / name).read_bytes() for name in (REGLEMENT, BESLUIT)}

    changed = root / "gewijzigd.yaml"
    changed.write_text(dump_profile(_changed_profile(yaml.safe_load(REFERENCE_PATH.read_text(encoding="utf-8")))), encoding="utf-8")
    new_folder = root / "nieuw"
    assert runner.invoke(cli, ["generate", str(changed), "-o", str(new_folder)]).exit_code == EXIT_OK

    first = runner.invoke(cli, ["update", str(changed), "-o", str(folder), "--auteur", "Juridische dienst iao"])
    updated = {name: (folder / name).read_bytes() for name in (REGLEMENT, BESLUIT)}
    second = runner.invoke(cli, ["update", str(changed), "-o", str(folder)])
    return {
        "folder": folder,
        "new_folder": new_folder,
        "generated": generated,
        "edited": edited,
        "updated": updated,
        "first": first,
        "second": second,
        "mine": {REGLEMENT: mine_closing, BESLUIT: mine_besluit},
    }


def test_summary_names_conflicts_and_exit_code(scenario):
    first = scenario["first"]
    assert first.exit_code == EXIT_CONFLICT, first.output
    assert f"{REGLEMENT}: bijgewerkt met bijgehouden wijzigingen" in first.output
    assert "1 conflict(en)" in first.output
    assert f"{BESLUIT}: bijgewerkt met bijgehouden wijzigingen" in first.output
    assert "stappenplan-2027-2028.docx: opnieuw gemaakt (niet bewerkt)" in first.output


def test_rejecting_all_gives_back_the_edited_document(scenario):
    for name in (REGLEMENT, BESLUIT):
        rejected = _decided(scenario["updated"][name], revisions.reject_all)
        assert _normalized(rejected) == _normalized(_body(scenario["edited"][name])), name


def test_accepting_all_gives_the_new_text_with_the_users_edits(scenario):
    new = _story_texts(_body((scenario["new_folder"] / BESLUIT).read_bytes()))
    accepted = _story_texts(_decided(scenario["updated"][BESLUIT], revisions.accept_all))
    mine = scenario["mine"][BESLUIT]
    expected = [mine if text == mine.removesuffix(OWN_WORDS) else text for text in new]
    assert accepted == expected
    assert any("29 maart 2027" in text.replace("\u00a0", " ") for text in accepted) and "Dwarsfluit" in accepted  # the date, and the new subject row


def test_a_conflict_keeps_the_users_text_and_adds_the_new_one(scenario):
    new = _story_texts(_body((scenario["new_folder"] / REGLEMENT).read_bytes()))
    accepted = _story_texts(_decided(scenario["updated"][REGLEMENT], revisions.accept_all))
    at = next(i for i, text in enumerate(new) if text.startswith(CLOSING))
    assert "29" in new[at] and new[at] != scenario["mine"][REGLEMENT].removesuffix(OWN_WORDS)
    assert accepted == new[:at] + [scenario["mine"][REGLEMENT]] + new[at:]
    assert "Dwarsfluit (4de graad): ze worden niet geëvalueerd." in accepted  # a new item of a list
    document = Document(io.BytesIO(scenario["updated"][REGLEMENT]))
    comments = [c.text for c in document.comments]
    assert any(c.startswith("Conflict, op te lossen") for c in comments)
    assert any(c.startswith("Bijgewerkt door iao update") for c in comments)
    authors = {el.get(qn("w:author")) for el in document.element.body.iter(qn("w:ins"), qn("w:del"))}
    assert authors == {"Juridische dienst iao"}


def test_inserted_and_deleted_rows_are_tracked(scenario):
    body = _body(scenario["updated"][BESLUIT])
    inserted = [tr for tr in body.iter(qn("w:tr")) if tr.find(f"{qn('w:trPr')}/{qn('w:ins')}") is not None]
    assert [shown_text(tr).startswith("Dwarsfluit") for tr in inserted] == [True]
    # back to the reference profile: the subject row is deleted as a tracked change
    removed = merge((scenario["new_folder"] / BESLUIT).read_bytes(), scenario["generated"][BESLUIT], (scenario["new_folder"] / BESLUIT).read_bytes())
    body = _body(removed.data)
    deleted = [tr for tr in body.iter(qn("w:tr")) if tr.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None]
    assert len(deleted) == 1 and "Dwarsfluit" in "".join(t.text for t in deleted[0].iter(qn("w:delText")))
    assert "Dwarsfluit" not in _story_texts(_decided(removed.data, revisions.accept_all))


def test_a_second_update_changes_nothing(scenario):
    """... and says that the first update's conflict is still open (exit 5 until it is resolved)."""
    second = scenario["second"]
    assert second.exit_code == EXIT_CONFLICT, second.output
    assert f"{REGLEMENT}: ongewijzigd (bewerkt; het profiel verandert er niets aan)\n      - nog 1 conflict(en) van een vorige update open" in second.output
    for name in (REGLEMENT, BESLUIT):
        assert (scenario["folder"] / name).read_bytes() == scenario["updated"][name]
        assert f"{name}: ongewijzigd" in second.output


def test_the_edited_originals_are_kept_and_stay_edited(scenario):
    folder = scenario["folder"]
    for name in (REGLEMENT, BESLUIT):
        backup = folder / name.replace(".docx", ".bewerkt-1.docx")
        assert backup.read_bytes() == scenario["edited"][name]
        assert output.is_edited(folder / name, output.read_manifest(folder)[name])  # generate will not overwrite it
    assert output.previous_generated(folder)[BESLUIT] == (scenario["new_folder"] / BESLUIT).read_bytes()


def test_result_opens_in_python_docx_and_is_valid_zip(scenario):
    for data in scenario["updated"].values():
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
        assert Document(io.BytesIO(data)).paragraphs


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_result_opens_in_libreoffice(scenario, tmp_path):
    source = tmp_path / REGLEMENT
    source.write_bytes(scenario["updated"][REGLEMENT])
    subprocess.run(["soffice", "--headless", "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    text = (tmp_path / REGLEMENT.replace(".docx", ".txt")).read_text(encoding="utf-8-sig")
    assert "29 maart 2027" in text.replace("\u00a0", " ") and OWN_WORDS.strip() in text


def test_headers_are_merged_too(scenario):
    old = scenario["generated"][BESLUIT]
    new_doc = Document(io.BytesIO(old))
    header = new_doc.sections[0].header.paragraphs[0]
    header.runs[0].text = header.runs[0].text.replace("Voorbeeldstad", "Nieuwstad")
    buffer = io.BytesIO()
    new_doc.save(buffer)
    merged = merge(old, buffer.getvalue(), scenario["edited"][BESLUIT])
    header_element = Document(io.BytesIO(merged.data)).sections[0].header._element
    accepted, rejected = deepcopy(header_element), deepcopy(header_element)
    revisions.accept_all(accepted)
    revisions.reject_all(rejected)
    assert _story_texts(accepted)[0].startswith("Gemeente Nieuwstad")
    assert _story_texts(rejected)[0].startswith("Gemeente Voorbeeldstad")
    assert merged.changes == 1 and not merged.conflicts


def test_a_header_conflict_is_commented_at_the_top_of_the_text(scenario):
    """Word holds no comments in a header: a conflict there is said at the top of the
    text, quoting the user's header line."""

    def renamed(data: bytes, old: str, new: str) -> bytes:
        document = Document(io.BytesIO(data))
        header = document.sections[0].header.paragraphs[0]
        header.runs[0].text = header.runs[0].text.replace(old, new)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    old = scenario["generated"][BESLUIT]
    merged = merge(old, renamed(old, "Voorbeeldstad", "Nieuwstad"), renamed(scenario["edited"][BESLUIT], "Gemeente", "Stad en gemeente"))
    assert len(merged.conflicts) == 1 and merged.conflicts[0].startswith("koptekst: Conflict, op te lossen")
    comments = [c.text for c in Document(io.BytesIO(merged.data)).comments]
    here = [c for c in comments if c.startswith("In de koptekst")]
    assert len(here) == 1 and "Stad en gemeente Voorbeeldstad" in here[0]


def test_update_without_a_dossier_is_refused(tmp_path):
    from tests.conftest import REFERENCE_PATH

    result = CliRunner().invoke(cli, ["update", str(REFERENCE_PATH), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "geen uitvoermap van iao" in result.output


def test_a_conflict_marked_resolved_in_word_is_no_longer_open(scenario):
    """Word marks a resolved comment in commentsExtended.xml (w15:done="1", by the paraId
    of the comment's last paragraph); update then no longer counts it as open."""
    from generator.word.revisions import open_comments

    w14, w15 = "http://schemas.microsoft.com/office/word/2010/wordml", "http://schemas.microsoft.com/office/word/2012/wordml"
    members = {}
    with zipfile.ZipFile(io.BytesIO(scenario["updated"][REGLEMENT])) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    comments = etree.fromstring(members["word/comments.xml"])
    conflict = next(c for c in comments.iter(qn("w:comment")) if "".join(c.itertext()).startswith("Conflict, op te lossen"))
    conflict.findall(qn("w:p"))[-1].set(f"{{{w14}}}paraId", "1A2B3C4D")
    members["word/comments.xml"] = etree.tostring(comments)
    members["word/commentsExtended.xml"] = f'<w15:commentsEx xmlns:w15="{w15}"><w15:commentEx w15:paraId="1A2B3C4D" w15:done="1"/></w15:commentsEx>'.encode()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>',
    )
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdDone" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>',
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    assert open_comments(Document(io.BytesIO(scenario["updated"][REGLEMENT])), "Conflict, op te lossen:")
    assert open_comments(Document(io.BytesIO(buffer.getvalue())), "Conflict, op te lossen:") == []


def test_an_unreadable_document_is_refused_in_dutch_only(tmp_path):
    """A document the user broke (here: a zip without a Word body) stops update with a
    Dutch message and no library error text; nothing is written."""
    from tests.conftest import REFERENCE_PATH

    folder = tmp_path / "dossier"
    runner = CliRunner()
    assert runner.invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(folder)]).exit_code == EXIT_OK
    with zipfile.ZipFile(folder / BESLUIT, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    result = runner.invoke(cli, ["update", str(REFERENCE_PATH), "-o", str(folder)])
    assert result.exit_code == 2, result.output
    assert f"{BESLUIT} is geen Word-document: word/document.xml ontbreekt. Er is niets bijgewerkt." in result.output
    assert "Error" not in result.output and "Package" not in result.output and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_the_updated_documents_pass_the_open_xml_rules(scenario):
    """With a conflict and a clean change: no finding of the Open XML SDK's rules that the
    user's document did not already have."""
    from tests.openxml import assert_no_new_findings

    for name in (REGLEMENT, BESLUIT):
        assert_no_new_findings(scenario["edited"][name], scenario["updated"][name], name)


def _update_lock(folder):
    import hashlib
    import tempfile

    return Path(tempfile.gettempdir()) / f"iao-update-{hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]}.lock"


def test_a_second_update_at_the_same_time_is_refused(tmp_path):
    """While one update holds the folder's lock, another stops in Dutch and writes nothing."""
    from filelock import FileLock

    from tests.conftest import REFERENCE_PATH

    folder = tmp_path / "dossier"
    runner = CliRunner()
    assert runner.invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(folder)]).exit_code == EXIT_OK
    _edit(folder / BESLUIT, "De academie wil vanaf het schooljaar", OWN_WORDS)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with FileLock(_update_lock(folder)):
        refused = runner.invoke(cli, ["update", str(REFERENCE_PATH), "-o", str(folder)])
    assert refused.exit_code == 2, refused.output
    assert "loopt al een iao update; wacht tot die klaar is" in refused.output
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert runner.invoke(cli, ["update", str(REFERENCE_PATH), "-o", str(folder)]).exit_code == EXIT_OK  # released: it runs
    assert not list(folder.rglob("*.lock"))  # the dossier holds no lock file
