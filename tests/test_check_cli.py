"""`iao check`, `schema`, `init --voorbeeld`, --help and --version, through click."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


# --- check ------------------------------------------------------------------------


def test_check_reference_profile(reference_path):
    result = run("check", reference_path)
    assert result.exit_code == 0, result.output
    assert f"Controle van {reference_path}" in result.output
    assert "Besluit: in orde (0 fouten, 0 waarschuwingen)." in result.output
    assert "Fouten (" not in result.output and "Waarschuwingen (" not in result.output


def test_check_rule_error(reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace(
        "domein: muziek\n      structuuronderdeel: 2de graad volwassenen", "domein: dans\n      structuuronderdeel: 2de graad volwassenen"
    )
    path = write_profile(tmp_path, text)
    result = run("check", path)
    assert result.exit_code == 1, result.output
    out = result.output
    line = line_of(text, "structuuronderdeel: 2de graad volwassenen")
    assert "Fouten (1):" in out
    assert f"regel {line}: afstandsonderwijs.vakken[1].structuuronderdeel: 'Muziekcultuur' (2de graad volwassenen, domein dans)" in out
    assert "[R1]" in out and "(bron: Stappenplan" in out
    assert "Waarschuwingen (" not in out
    assert "Besluit: niet in orde (1 fout, 0 waarschuwingen)" in out
    assert "er worden geen documenten gemaakt" in out


def test_check_errors_and_warnings_grouped(profile_data, write_profile, tmp_path):
    profile_data["afstandsonderwijs"]["vakken"][0]["aandeel_procent"] = 100
    profile_data["planning"]["onderhandelingscomite"] = profile_data["planning"]["gemeenteraad"]
    profile_data["verwerker"]["ondernemingsnummer"] = "0876.543.271"
    result = run("check", write_profile(tmp_path, profile_data))
    assert result.exit_code == 1, result.output
    out = result.output
    assert "Fouten (2):" in out and "Waarschuwingen (1):" in out
    assert out.index("Fouten (2):") < out.index("[R2]") < out.index("[R9]") < out.index("Waarschuwingen (1):") < out.index("[W4]")
    assert "Besluit: niet in orde (2 fouten, 1 waarschuwing)" in out


def test_check_warnings_only(profile_data, write_profile, tmp_path):
    profile_data["personeel"]["professionalisering"] = None
    profile_data["schoolbestuur"]["ondernemingsnummer"] = "0207.654.334"
    result = run("check", write_profile(tmp_path, profile_data))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Waarschuwingen (2):" in out and "Fouten (" not in out
    assert "[W1]" in out and "[W4]" in out and "regel " in out
    assert "Besluit: in orde (0 fouten, 2 waarschuwingen)." in out


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "bestaat niet"),
        (b"\xff\xfeu\x00", "UTF-16"),
        (b"schooljaar: 2027-2028\n\x00\x01\x02", "binaire gegevens"),
        ("- een\n- lijst\n", "geen losse waarde of opsomming"),
        ("schooljaar: 2027-2028\nacademie:\n  naam: A\x07B\n", "U+0007"),
        ("schooljaar: 2027-2028\nacademie:\n  naam: !foo x\n", "label !foo"),
        ("schooljaar: 2027-2028\ndate: x\n", "onbekend veld 'date'"),
        ("a: &a [1]\nb: *a\n", "ankers en verwijzingen"),
    ],
    ids=["ontbreekt", "utf16", "binair", "lijst", "stuurteken", "label", "technische-sleutel", "alias"],
)
def test_check_unreadable_file(content, expected, write_profile, tmp_path):
    path = tmp_path / "ontbreekt.yaml" if content is None else write_profile(tmp_path, content)
    result = run("check", path)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "Het profiel kan niet gelezen worden" in result.output
    assert expected in result.output
    assert "Besluit: niet in orde" in result.output


def test_check_file_name_too_long(tmp_path):
    result = run("check", tmp_path / ("a" * 300 + ".yaml"))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "kan niet geopend worden" in result.output


def test_check_directory(tmp_path):
    result = run("check", tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "map" in result.output


def test_check_unreadable_names_line_and_field(reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("  vestigingsplaatsen:", "  vestigingsplaatsn:")
    result = run("check", write_profile(tmp_path, text))
    assert result.exit_code == 2
    assert "Het profiel kan niet gelezen worden (1 probleem):" in result.output
    assert (
        f"regel {line_of(text, 'vestigingsplaatsn')}: afstandsonderwijs.vestigingsplaatsn: onbekend veld 'vestigingsplaatsn'. Bedoelde je vestigingsplaatsen?"
    ) in result.output


def test_check_without_argument_is_a_usage_error():
    result = run("check")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- the group --------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag):
    result = run(flag)
    assert result.exit_code == 0
    assert result.output.strip() == f"iao {__version__}"


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_commands(flag):
    result = run(flag)
    assert result.exit_code == 0, result.output
    assert "interactief afstandsonderwijs" in result.output
    for command in ("check", "schema", "init"):
        assert f"  {command} " in result.output


def test_check_help_explains_exit_codes():
    result = run("check", "--help")
    assert result.exit_code == 0
    assert "Exitcode 0" in result.output and "PROFIEL" in result.output


def test_python_m_generator_help(tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "check" in result.stdout and "Traceback" not in result.stderr


# --- schema -----------------------------------------------------------------------


def test_schema_is_json_with_the_profile_fields(profile_data):
    result = run("schema")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "afstandsonderwijs" in schema["properties"]
    assert set(profile_data) <= set(schema["properties"])
    assert {"schooljaar", "academie", "schoolbestuur"} <= set(schema["required"])


# --- init --voorbeeld -------------------------------------------------------------


def test_init_voorbeeld_writes_the_reference_profile(reference_path, tmp_path):
    target = tmp_path / "x.yaml"
    result = run("init", "--voorbeeld", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == reference_path.read_bytes()
    assert "Profiel geschreven" in result.output
    assert run("check", target).exit_code == 0


@pytest.mark.parametrize("answer", ["n\n", "nee\nn\n", "\n"], ids=["n", "nee-dan-n", "enter"])
def test_init_voorbeeld_does_not_overwrite_without_yes(answer, tmp_path):
    target = tmp_path / "x.yaml"
    target.write_text("schooljaar: mijn eigen werk\n", encoding="utf-8")
    result = run("init", "--voorbeeld", target, input=answer)
    assert result.exit_code == 0, result.output
    assert "bestaat al" in result.output and "Niets geschreven" in result.output
    assert target.read_text(encoding="utf-8") == "schooljaar: mijn eigen werk\n"


def test_init_voorbeeld_overwrites_after_yes(reference_path, tmp_path):
    target = tmp_path / "x.yaml"
    target.write_text("oud\n", encoding="utf-8")
    result = run("init", "--voorbeeld", target, input="y\n")
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == reference_path.read_bytes()


def test_check_loads_no_document_libraries(reference_path):
    # `iao check` is run often and on slow Windows machines: it must not pay for the
    # document stack (python-docx, lxml, docxtpl, Babel, Jinja).
    import subprocess
    import sys

    code = (
        "import sys; from click.testing import CliRunner; from generator.cli import cli; "
        f"CliRunner().invoke(cli, ['check', {str(reference_path)!r}]); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'lxml', 'docxtpl', 'babel', 'jinja2'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
