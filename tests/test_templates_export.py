"""`iao templates export MAP` (issue 21): a register or template the user has in
MAP is never overwritten without --force, and then kept as NAAM.bak-<tijdstip>;
an export that fails or is stopped leaves MAP as it was."""

from __future__ import annotations

import errno
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.dossier import output
from generator.dossier.documents import KINDS
from generator.resources import templates_dir
from tests.dossier import ROOT

EDITED = "# bewerkt door de juridische dienst\n"


def _export(folder, *options):
    return CliRunner().invoke(cli, ["templates", "export", str(folder), *options])


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_a_register_of_the_user_is_refused_without_force(tmp_path):
    (tmp_path / "bronnen.yaml").write_text(EDITED, encoding="utf-8")
    result = _export(tmp_path)
    assert result.exit_code == 3
    assert "bronnen.yaml" in result.output and "--force" in result.output and "Traceback" not in result.output
    assert (tmp_path / "bronnen.yaml").read_text(encoding="utf-8") == EDITED
    assert _names(tmp_path) == ["bronnen.yaml"]


def test_force_keeps_what_was_there_as_a_backup(tmp_path):
    (tmp_path / "bronnen.yaml").write_text(EDITED, encoding="utf-8")
    (tmp_path / "informatiebrief").mkdir()
    (tmp_path / "informatiebrief" / "eigen.docx").write_bytes(b"eigen sjabloon")
    result = _export(tmp_path, "--force")
    assert result.exit_code == 0, result.output
    register_backup = [p for p in tmp_path.iterdir() if p.name.startswith("bronnen.yaml.bak-")]
    template_backup = [p for p in tmp_path.iterdir() if p.name.startswith("informatiebrief.bak-")]
    assert len(register_backup) == len(template_backup) == 1
    assert register_backup[0].read_text(encoding="utf-8") == EDITED
    assert (template_backup[0] / "eigen.docx").read_bytes() == b"eigen sjabloon"
    assert register_backup[0].name in result.output and template_backup[0].name in result.output
    assert (tmp_path / "bronnen.yaml").read_bytes() == (templates_dir() / "bronnen.yaml").read_bytes()
    assert _names(tmp_path / "informatiebrief") == _names(templates_dir() / "informatiebrief")


def test_a_second_forced_export_in_the_same_second_keeps_both_backups(tmp_path):
    (tmp_path / "bronnen.yaml").write_text(EDITED, encoding="utf-8")
    assert _export(tmp_path, "--force").exit_code == 0
    assert _export(tmp_path, "--force").exit_code == 0
    backups = sorted(p for p in tmp_path.iterdir() if p.name.startswith("bronnen.yaml.bak-"))
    assert len(backups) == 2 and EDITED in [p.read_text(encoding="utf-8") for p in backups]


def test_a_full_disk_leaves_no_half_export(tmp_path, monkeypatch):
    (tmp_path / "notities.txt").write_text("van de gebruiker", encoding="utf-8")
    real_copy, calls = shutil.copyfile, []

    def copy_until_full(source, target):
        calls.append(target)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_copy(source, target)

    monkeypatch.setattr(output.shutil, "copyfile", copy_until_full)
    result = _export(tmp_path)
    assert result.exit_code == 2 and "schijf is vol" in result.output and "niets gekopieerd" in result.output
    assert _names(tmp_path) == ["notities.txt"]


def test_a_read_only_folder_is_a_dutch_error(tmp_path, monkeypatch):
    def read_only(**kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(output.tempfile, "mkdtemp", read_only)
    result = _export(tmp_path)
    assert result.exit_code == 2 and "alleen-lezen" in result.output and "Traceback" not in result.output
    assert _names(tmp_path) == []


_SIGTERM_WHILE_COPYING = textwrap.dedent("""
    import shutil, sys, time
    from generator.cli import main
    from generator.dossier import output
    real_copy, calls = shutil.copyfile, []
    def slow(source, target):
        calls.append(target)
        real_copy(source, target)
        if len(calls) == 3:
            print("copying", flush=True)
            time.sleep(30)
    output.shutil.copyfile = slow
    sys.argv = ["iao", "templates", "export", sys.argv[1]]
    main()
""")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_while_copying_leaves_nothing(tmp_path):
    process = subprocess.Popen([sys.executable, "-c", _SIGTERM_WHILE_COPYING, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "copying"
    assert len(list(tmp_path.rglob("*"))) > 1  # the staging folder, with copies
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == -signal.SIGTERM
    assert _names(tmp_path) == []


def test_an_export_into_an_empty_folder_copies_every_template(tmp_path):
    result = _export(tmp_path / "nieuw")
    assert result.exit_code == 0, result.output
    assert _names(tmp_path / "nieuw") == sorted([k.kind for k in KINDS] + ["bronnen.yaml"])
