"""A name longer than the file system holds (issue 21: 255 bytes crashed init, amend -o,
update -o and --huisstijl with an OSError traceback) is a Dutch error, exit 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import REFERENCE_PATH
from tests.dossier import ROOT

LONG = "a" * 300


@pytest.mark.parametrize(
    "arguments",
    [
        ["init", "{tmp}/{long}.yaml"],
        ["amend", str(REFERENCE_PATH), "{tmp}/bestaand.docx", "--reglement", "academiereglement", "-o", "{tmp}/{long}.docx"],
        ["update", str(REFERENCE_PATH), "-o", "{tmp}/{long}"],
        ["generate", str(REFERENCE_PATH), "-o", "{tmp}/uit", "--huisstijl", "{tmp}/{long}.docx"],
    ],
    ids=["init", "amend", "update", "huisstijl"],
)
def test_a_name_too_long_is_a_dutch_error(tmp_path, arguments):
    (tmp_path / "bestaand.docx").write_bytes((ROOT / "templates" / "academiereglement" / "academiereglement.docx").read_bytes())
    result = CliRunner().invoke(cli, [a.format(tmp=tmp_path, long=LONG) for a in arguments], input="")
    assert result.exit_code == 2, result.output
    assert f"de naam '{LONG[:40]}...' is te lang voor het bestandssysteem" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bestaand.docx"]
