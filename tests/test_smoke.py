from click.testing import CliRunner

from generator.cli import cli


def test_reference_profile_passes_check():
    result = CliRunner().invoke(cli, ["check", "inputs/voorbeeld.yaml"])
    assert result.exit_code == 0, result.output
    assert "Besluit: in orde" in result.output
