"""Writing files safely (issue 15): nothing outside the output folder, never
through a symbolic link, a dossier all or nothing with a manifest that stays
true, no temporary file left (also on SIGTERM), permissions per the umask."""

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.dossier import output
from generator.dossier.output import MANIFEST
from tests.dossier import ROOT

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals, modes and links")


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def _temporary(folder):
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


# ------------------------------------------------------------ paths from input


@pytest.mark.parametrize("name", ["..", ".", "", "../buiten.docx", "sub/doc.docx", "..\\doc.docx", "C:doc.docx"])
def test_a_name_that_leaves_the_folder_is_refused(tmp_path, name):
    folder = tmp_path / "uitvoer"
    with pytest.raises(output.OutputError, match="kan geen naam|dat Windows in de naam van een bestand niet toelaat"):
        output.write_files(folder, {name: b"x"})
    assert _names(tmp_path) == ["uitvoer"] and not _temporary(tmp_path)


# ------------------------------------------------------------ symbolic links


@posix_only
@pytest.mark.parametrize("dangling", [True, False])
def test_a_link_where_a_document_goes_is_refused_and_not_followed(tmp_path, dangling):
    folder, outside = tmp_path / "uitvoer", tmp_path / "buiten.docx"
    folder.mkdir()
    if not dangling:
        outside.write_bytes(b"van iemand anders")
    (folder / "a.docx").symlink_to(outside)
    with pytest.raises(output.OutputError, match="symbolische koppeling"):
        output.write_files(folder, {"a.docx": b"nieuw", "b.docx": b"nieuw"}, force=True)
    assert outside.exists() != dangling and (dangling or outside.read_bytes() == b"van iemand anders")
    assert _names(folder) == ["a.docx"]  # nothing written, not even b.docx


@posix_only
def test_force_backup_never_copies_through_a_planted_link(tmp_path):
    folder, outside = tmp_path / "uitvoer", tmp_path / "buiten.docx"
    output.write_files(folder, {"a.docx": b"eerst"})
    (folder / "a.docx").write_bytes(b"bewerkt")
    (folder / "a.bewerkt-1.docx").symlink_to(outside)  # dangling: the existence check says "free"
    report = output.write_files(folder, {"a.docx": b"daarna"}, force=True)
    assert not outside.exists()
    assert report.backups == ["a.bewerkt-2.docx"] and (folder / "a.bewerkt-2.docx").read_bytes() == b"bewerkt"
    assert (folder / "a.bewerkt-1.docx").is_symlink() and (folder / "a.docx").read_bytes() == b"daarna"


@posix_only
def test_a_linked_manifest_is_refused(tmp_path):
    folder, outside = tmp_path / "uitvoer", tmp_path / "elders.json"
    folder.mkdir()
    outside.write_text("{}")
    (folder / MANIFEST).symlink_to(outside)
    with pytest.raises(output.OutputError, match="symbolische koppeling"):
        output.write_files(folder, {"a.docx": b"x"})
    assert outside.read_text() == "{}" and _names(folder) == [MANIFEST]


@posix_only
def test_init_does_not_write_through_a_link(tmp_path):
    outside = tmp_path / "elders.yaml"
    (tmp_path / "profiel.yaml").symlink_to(outside)
    result = CliRunner().invoke(cli, ["init", "--voorbeeld", str(tmp_path / "profiel.yaml")], input="j\n")
    assert result.exit_code == 2 and "symbolische koppeling" in result.output
    assert not outside.exists()


# ------------------------------------------------------------ all or nothing


def test_a_folder_where_a_document_goes_stops_everything_before_writing(tmp_path):
    folder = tmp_path / "uitvoer"
    output.write_files(folder, {"a.docx": b"oud", "c.docx": b"oud"})
    (folder / "b.docx").mkdir()
    with pytest.raises(output.OutputError, match="map") as error:
        output.write_files(folder, {"a.docx": b"nieuw", "b.docx": b"nieuw", "c.docx": b"nieuw"})
    assert "niets geschreven" in str(error.value)
    assert (folder / "a.docx").read_bytes() == (folder / "c.docx").read_bytes() == b"oud"
    assert not _temporary(folder)


def test_a_full_disk_while_staging_replaces_nothing(tmp_path, monkeypatch):
    folder = tmp_path / "uitvoer"
    output.write_files(folder, {"a.docx": b"oud", "b.docx": b"oud"})
    manifest = (folder / MANIFEST).read_bytes()
    real_create, calls = output._create, []

    def create_then_full(path, *args):
        calls.append(path)
        real_create(path, *args)  # the file exists, half written
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output, "_create", create_then_full)
    with pytest.raises(output.OutputError, match="schijf is vol.*niets vervangen"):
        output.write_files(folder, {"a.docx": b"nieuw", "b.docx": b"nieuw"})
    assert (folder / "a.docx").read_bytes() == (folder / "b.docx").read_bytes() == b"oud"
    assert (folder / MANIFEST).read_bytes() == manifest
    assert _names(folder) == [MANIFEST, "a.docx", "b.docx"]


def test_a_failed_rename_says_what_was_replaced_and_the_manifest_stays_true(tmp_path, monkeypatch):
    folder = tmp_path / "uitvoer"
    output.write_files(folder, {"a.docx": b"oud", "b.docx": b"oud", "c.docx": b"oud"})
    real_replace = os.replace

    def fail_on_b(source, target):
        if str(target).endswith("b.docx"):
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", fail_on_b)
    with pytest.raises(output.OutputError) as error:
        output.write_files(folder, {"a.docx": b"nieuw", "b.docx": b"nieuw", "c.docx": b"nieuw"})
    message = str(error.value)
    assert "Vervangen: a.docx." in message and "Niet vervangen (de vorige versie staat er nog): b.docx, c.docx" in message
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert (folder / "a.docx").read_bytes() == b"nieuw" and (folder / "c.docx").read_bytes() == b"oud"
    assert not _temporary(folder)
    # The next run sees no edited file: the replaced and the untouched ones are both known.
    report = output.write_files(folder, {"a.docx": b"nieuw", "b.docx": b"nieuw", "c.docx": b"nieuw"})
    assert report.kept == [] and report.written == ["b.docx", "c.docx"] and report.unchanged == ["a.docx"]
    assert output.read_manifest(folder) == {name: output.sha256(b"nieuw") for name in ("a.docx", "b.docx", "c.docx")}


def test_ctrl_c_while_staging_leaves_nothing(tmp_path, monkeypatch):
    folder = tmp_path / "uitvoer"
    output.write_files(folder, {"a.docx": b"oud"})
    real_create, calls = output._create, []

    def create_then_interrupt(path, *args):
        calls.append(path)
        real_create(path, *args)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(output, "_create", create_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        output.write_files(folder, {"a.docx": b"nieuw", "b.docx": b"nieuw"})
    assert _names(folder) == [MANIFEST, "a.docx"] and (folder / "a.docx").read_bytes() == b"oud"


@posix_only
def test_ctrl_c_during_the_renames_is_held_until_the_dossier_is_complete(tmp_path, monkeypatch):
    folder = tmp_path / "uitvoer"
    real_replace = os.replace

    def replace_and_interrupt(source, target):
        if str(target).endswith("a.docx"):  # the first rename into place
            os.kill(os.getpid(), signal.SIGINT)
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", replace_and_interrupt)
    report = output.write_files(folder, {"a.docx": b"1", "b.docx": b"2"})
    assert report.written == ["a.docx", "b.docx"] and _names(folder) == [MANIFEST, "a.docx", "b.docx"]


_SIGTERM_WHILE_STAGING = textwrap.dedent("""
    import os, sys, time
    from generator.dossier import output
    real_create, calls = output._create, []
    def slow(path, *args):
        calls.append(path)
        real_create(path, *args)
        if len(calls) == 2:
            print("staged", flush=True)
            time.sleep(30)
    output._create = slow
    output.write_files(sys.argv[1], {"a.docx": b"nieuw", "b.docx": b"nieuw", "c.docx": b"nieuw"})
""")


@posix_only
def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path):
    folder = tmp_path / "uitvoer"
    output.write_files(folder, {"a.docx": b"oud"})
    process = subprocess.Popen([sys.executable, "-c", _SIGTERM_WHILE_STAGING, str(folder)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "staged"
    assert len(_temporary(folder)) == 2
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == -signal.SIGTERM  # still ends as by SIGTERM
    assert _names(folder) == [MANIFEST, "a.docx"] and (folder / "a.docx").read_bytes() == b"oud"


# ------------------------------------------------------------ permissions


@posix_only
def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path):
    folder = tmp_path / "uitvoer"
    old = os.umask(0o027)
    try:
        output.write_files(folder, {"a.docx": b"1", "b.docx": b"1"})
        assert stat.S_IMODE((folder / "a.docx").stat().st_mode) == 0o640
        assert stat.S_IMODE((folder / MANIFEST).stat().st_mode) == 0o640
        (folder / "b.docx").chmod(0o664)
        (folder / "a.docx").write_bytes(b"bewerkt")
        (folder / "a.docx").chmod(0o600)
        report = output.write_files(folder, {"a.docx": b"2", "b.docx": b"2"}, force=True)
    finally:
        os.umask(old)
    assert report.backups == ["a.bewerkt-1.docx"]
    assert stat.S_IMODE((folder / "b.docx").stat().st_mode) == 0o664
    assert stat.S_IMODE((folder / "a.docx").stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "a.bewerkt-1.docx").stat().st_mode) == 0o600


@posix_only
def test_generate_and_init_respect_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        assert CliRunner().invoke(cli, ["generate", "inputs/voorbeeld.yaml", "-o", str(tmp_path / "u")]).exit_code == 0
        assert CliRunner().invoke(cli, ["init", "--voorbeeld", str(tmp_path / "p.yaml")]).exit_code == 0
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [*(p for p in (tmp_path / "u").iterdir() if p.is_file()), tmp_path / "p.yaml"]}
    assert modes == {0o644}


# ------------------------------------------------------------ iao amend -o


def _amend(source, target, *options):
    from tests.test_amend import PROFILE

    return CliRunner().invoke(cli, ["amend", str(PROFILE), str(source), "--reglement", "academiereglement", "-o", str(target), *options])


def test_amend_keeps_an_existing_file_it_did_not_write_unless_forced(tmp_path):
    from tests.test_amend import academy_regulation

    source = academy_regulation(tmp_path / "reglement.docx")
    target = tmp_path / "gewijzigd.docx"
    target.write_bytes(b"iemands eigen werk")
    kept = _amend(source, target)
    assert kept.exit_code == 3 and "niet overschreven" in kept.output and "--force" in kept.output, kept.output
    assert target.read_bytes() == b"iemands eigen werk" and not _temporary(tmp_path)
    forced = _amend(source, target, "--force")
    assert forced.exit_code == 0, forced.output
    assert "Kopie bewaard van het bewerkte bestand: gewijzigd.bewerkt-1.docx" in forced.output
    assert (tmp_path / "gewijzigd.bewerkt-1.docx").read_bytes() == b"iemands eigen werk"
    assert target.read_bytes().startswith(b"PK")


def test_amend_rewrites_its_own_output_but_keeps_it_once_edited(tmp_path):
    from tests.test_amend import academy_regulation

    source = academy_regulation(tmp_path / "reglement.docx")
    target = tmp_path / "gewijzigd.docx"
    assert _amend(source, target).exit_code == 0
    assert _amend(source, target).exit_code == 0  # the same bytes, written by iao: fine
    target.write_bytes(target.read_bytes() + b"bewerkt in Word")
    edited = target.read_bytes()
    assert _amend(source, target).exit_code == 3 and target.read_bytes() == edited
    assert not (tmp_path / "gewijzigd.bewerkt-1.docx").exists()


@posix_only
def test_amend_does_not_write_through_a_link(tmp_path):
    from tests.test_amend import academy_regulation

    source = academy_regulation(tmp_path / "reglement.docx")
    outside = tmp_path / "elders" / "doel.docx"
    outside.parent.mkdir()
    (tmp_path / "gewijzigd.docx").symlink_to(outside)
    result = _amend(source, tmp_path / "gewijzigd.docx", "--force")
    assert result.exit_code == 2 and "symbolische koppeling" in result.output, result.output
    assert not outside.exists()
