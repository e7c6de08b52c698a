"""iao update over a dossier whose earlier update is still pending (issue 20): iao's own
tracked changes, neither accepted nor rejected, are not "your edits"; the second update
changes and deletes inside them, and Word can still accept or reject everything."""

from __future__ import annotations

import copy
import datetime
import io

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from generator.cli import cli
from generator.errors import EXIT_OK
from generator.word import revisions
from tests.conftest import REFERENCE_PATH, dump_profile
from tests.openxml import assert_no_new_findings
from tests.test_update import _body, _decided, _normalized, _story_texts

OWN_WORDS = "Nagelezen door de juridische dienst."


def _profiles(root):
    """A: a later council date and one subject more; B: another date, the subject gone again."""
    base = yaml.safe_load(REFERENCE_PATH.read_text(encoding="utf-8"))
    a = copy.deepcopy(base)
    a["planning"]["gemeenteraad"] = datetime.date(2027, 3, 29)
    a["afstandsonderwijs"]["vakken"].append(
        {"vak": "Dwarsfluit", "domein": "muziek", "structuuronderdeel": "4de graad", "aandeel_procent": 10, "geevalueerd": False}
    )
    b = copy.deepcopy(a)
    b["planning"]["gemeenteraad"] = datetime.date(2027, 4, 26)
    b["afstandsonderwijs"]["vakken"].pop()
    paths = root / "a.yaml", root / "b.yaml"
    for path, data in zip(paths, (a, b)):
        path.write_text(dump_profile(data), encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    root = tmp_path_factory.mktemp("pending")
    folder, fresh = root / "dossier", root / "vers"
    a, b = _profiles(root)
    runner = CliRunner()
    assert runner.invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(folder)]).exit_code == EXIT_OK
    names = sorted(p.name for p in folder.glob("*.docx"))
    for name in names:  # the legal service reads every document and signs off in a paragraph of its own at the end
        document = Document(folder / name)
        document.add_paragraph(OWN_WORDS)
        document.save(folder / name)
    edited = {name: (folder / name).read_bytes() for name in names}
    first = runner.invoke(cli, ["update", str(a), "-o", str(folder)])
    assert first.exit_code == EXIT_OK, first.output
    second = runner.invoke(cli, ["update", str(b), "-o", str(folder)])
    assert runner.invoke(cli, ["generate", str(b), "-o", str(fresh)]).exit_code == EXIT_OK
    updated = {name: (folder / name).read_bytes() for name in names}
    return {"second": second, "edited": edited, "updated": updated, "fresh": fresh, "names": names}


def test_iao_s_own_pending_changes_are_no_conflict(twice):
    second = twice["second"]
    assert second.exit_code == EXIT_OK, second.output
    assert "conflict" not in second.output.replace("zonder conflicten", "")
    assert "jaarplanning-2027-2028.docx: bijgewerkt met bijgehouden wijzigingen" in second.output


def test_accepting_all_gives_the_latest_text_with_the_users_words(twice):
    for name in twice["names"]:
        accepted = [t for t in _story_texts(_decided(twice["updated"][name], revisions.accept_all)) if t != OWN_WORDS]
        assert accepted == _story_texts(_body((twice["fresh"] / name).read_bytes())), name


def test_rejecting_all_gives_back_the_users_document(twice):
    for name in twice["names"]:
        rejected = _decided(twice["updated"][name], revisions.reject_all)
        assert _normalized(rejected) == _normalized(_body(twice["edited"][name])), name


def test_the_twice_updated_documents_pass_the_open_xml_rules(twice):
    for name in twice["names"]:
        assert_no_new_findings(twice["edited"][name], twice["updated"][name], name)


def test_a_moved_paragraph_is_changed_where_it_now_stands():
    """A paragraph the user cut and pasted elsewhere is not "deleted by you": iao's change
    lands on it at its new place, and nothing new goes where it came from."""
    from generator.edit.update import merge
    from generator.edit.wordwise import shown_text
    from tests.dossier import render_kind, variant

    old = render_kind("academiereglement")
    new = render_kind("academiereglement", variant(**{"planning.gemeenteraad": "2027-03-29"}))
    document = Document(io.BytesIO(old))
    closing = next(p for p in document.paragraphs if p.text.startswith("Aldus vastgesteld door de gemeenteraad"))
    document.paragraphs[1]._p.addprevious(closing._p)  # cut and pasted under the title, without tracking
    buffer = io.BytesIO()
    document.save(buffer)
    merged = merge(old, new, buffer.getvalue())
    assert merged.conflicts == [] and merged.changes >= 1
    accepted = _story_texts(_decided(merged.data, revisions.accept_all))
    assert accepted[1].startswith("Aldus vastgesteld door de gemeenteraad") and "29 maart 2027" in accepted[1].replace("\u00a0", " ")
    assert sum(t.startswith("Aldus vastgesteld door de gemeenteraad") for t in accepted) == 1
    assert shown_text(_body(merged.data)[1]).startswith("Aldus vastgesteld")
