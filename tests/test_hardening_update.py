"""`iao update` on a dossier folder a user (or an attacker) has tampered with
(issue 21): a named pipe, a folder where a document goes, a forged manifest.
Each is a Dutch error naming the file, exit 2, and nothing in the folder changes."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.dossier import output
from generator.dossier.output import MANIFEST
from tests.conftest import REFERENCE_PATH
from tests.dossier import ROOT

DOCUMENT = "academiereglement-wijziging-2027-2028.docx"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("update-hardening") / "dossier"
    assert CliRunner().invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(folder)]).exit_code == 0
    return folder


@pytest.fixture
def dossier(generated, tmp_path):
    return shutil.copytree(generated, tmp_path / "dossier", symlinks=True)


def snapshot(folder):
    """Every entry under folder: the bytes of a plain file, the mode of anything else (a pipe is not read)."""
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() and not p.is_symlink() else os.lstat(p).st_mode for p in sorted(folder.rglob("*"))}


def _update(folder):
    return CliRunner().invoke(cli, ["update", str(REFERENCE_PATH), "-o", str(folder)])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_where_a_document_goes_is_refused_not_waited_on(dossier):
    (dossier / DOCUMENT).unlink()
    os.mkfifo(dossier / DOCUMENT)
    before = snapshot(dossier)
    # A subprocess with a time limit: before the fix update waited forever on the pipe.
    result = subprocess.run(
        [sys.executable, "-m", "generator", "update", str(REFERENCE_PATH), "-o", str(dossier)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2, result.stderr
    assert DOCUMENT in result.stderr and "iets anders dan een bestand" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(dossier) == before


def test_a_folder_where_a_document_goes_is_refused(dossier):
    (dossier / DOCUMENT).unlink()
    (dossier / DOCUMENT).mkdir()
    before = snapshot(dossier)
    result = _update(dossier)
    assert result.exit_code == 2, result.output
    assert DOCUMENT in result.output and "een map of iets anders dan een bestand" in result.output
    assert snapshot(dossier) == before


TAMPERED_MANIFESTS = {
    "nested": ("[" * 100_000 + "]" * 100_000, "verwacht: een JSON-object"),
    "number-as-key": ("[[1, 2]]", "verwacht: een JSON-object"),
    "absolute-name": ('{"/etc/hostname": "0"}', "de naam '/etc/hostname' ligt niet in de map"),
    "name-outside": ('{"../elders.docx": "0"}', "de naam '../elders.docx' ligt niet in de map"),
    "hash-of-numbers": (f'{{"{DOCUMENT}": [1, 2]}}', f"de vingerafdruk van '{DOCUMENT}' is geen tekst"),
    "not-json": ("{niet af", "verwacht: een JSON-object"),
}


@pytest.mark.parametrize("case", sorted(TAMPERED_MANIFESTS))
def test_a_tampered_manifest_is_a_dutch_error_naming_it(tmp_path, case):
    text, reason = TAMPERED_MANIFESTS[case]
    (tmp_path / MANIFEST).write_text(text, encoding="utf-8")
    with pytest.raises(output.OutputError) as error:
        output.read_manifest(tmp_path)
    assert f"{MANIFEST} is beschadigd of met de hand gewijzigd ({reason}" in str(error.value)


@pytest.mark.parametrize("command, case", [("update", "nested"), ("update", "absolute-name"), ("generate", "number-as-key")])
def test_update_and_generate_write_nothing_beside_a_tampered_manifest(dossier, command, case):
    (dossier / MANIFEST).write_text(TAMPERED_MANIFESTS[case][0], encoding="utf-8")
    (dossier / DOCUMENT).unlink()  # update or generate would write it again
    before = snapshot(dossier)
    result = CliRunner().invoke(cli, [command, str(REFERENCE_PATH), "-o", str(dossier)])
    assert result.exit_code == 2, result.output
    assert f"{MANIFEST} is beschadigd" in result.output and "er is niets geschreven" in result.output and "Traceback" not in result.output
    assert snapshot(dossier) == before


def test_a_stray_file_in_the_hidden_copies_does_not_block_update(dossier):
    (dossier / ".iao" / "vorige" / "notities:oud.txt").write_text("van de gebruiker", encoding="utf-8")
    result = _update(dossier)
    assert result.exit_code == 0, result.output
    assert f"{DOCUMENT}: ongewijzigd" in result.output
    assert (dossier / ".iao" / "vorige" / "notities:oud.txt").read_text(encoding="utf-8") == "van de gebruiker"


WRITTEN_BUT_NO_COPY = "de documenten zijn geschreven, maar niet de kopie ervan in"


def test_a_linked_hidden_folder_is_not_written_through_and_the_message_is_true(dossier, tmp_path):
    elsewhere = tmp_path / "elders"
    shutil.move(dossier / ".iao", elsewhere)
    (dossier / ".iao").symlink_to(elsewhere)
    before = snapshot(elsewhere)
    (dossier / DOCUMENT).unlink()  # generate writes it again
    result = CliRunner().invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(dossier)])
    assert result.exit_code == 2, result.output
    assert WRITTEN_BUT_NO_COPY in result.output and "koppeling" in result.output and "niets geschreven" not in result.output
    assert (dossier / DOCUMENT).is_file() and snapshot(elsewhere) == before


def test_a_link_among_the_hidden_copies_is_removed_not_followed(dossier, tmp_path):
    target = tmp_path / "doel.docx"
    target.write_bytes(b"niet van iao")
    copy = dossier / ".iao" / "vorige" / DOCUMENT
    copy.unlink()
    copy.symlink_to(target)
    result = _update(dossier)
    assert result.exit_code == 2 and WRITTEN_BUT_NO_COPY in result.output, result.output
    assert not copy.is_symlink() and not copy.exists() and target.read_bytes() == b"niet van iao"
    assert _update(dossier).exit_code == 0  # the next run makes the copy again


def test_a_full_disk_while_keeping_the_copies_leaves_no_stale_copy(dossier, monkeypatch):
    hidden = dossier / ".iao" / "vorige"
    real_create = output._create

    def full_in_hidden(path, *args):
        if path.parent == hidden:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_create(path, *args)

    (dossier / DOCUMENT).unlink()
    monkeypatch.setattr(output, "_create", full_in_hidden)
    result = CliRunner().invoke(cli, ["generate", str(REFERENCE_PATH), "-o", str(dossier)])
    assert result.exit_code == 2, result.output
    assert WRITTEN_BUT_NO_COPY in result.output and "de schijf is vol" in result.output and "niets vervangen" not in result.output
    assert (dossier / DOCUMENT).is_file()
    assert not list(hidden.glob("*.docx"))  # an old copy would make a later update merge against a stale version


def _with_member(path, member, data):
    """The .docx at path with `member` replaced by `data`."""
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members[member] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            target.writestr(name, content)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda path: _with_member(path, "word/document.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'), "DTD"),
        (lambda path: _with_member(path, "word/media/bom.bin", b"\0" * 50_000_000), "zip-bom"),
        (lambda path: path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "ouder Word-document"),
    ],
    ids=["dtd", "zip-bomb", "word-97"],
)
def test_an_edited_document_is_checked_as_untrusted_before_update_reads_it(dossier, change, message):
    change(dossier / DOCUMENT)
    before = snapshot(dossier)
    result = _update(dossier)
    assert result.exit_code == 2, result.output
    assert DOCUMENT in result.output and message in result.output and "Er is niets bijgewerkt." in result.output
    assert snapshot(dossier) == before
