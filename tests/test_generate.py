"""`iao generate`: the dossier, the summary, and never losing an edited document."""

import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.dossier.output import MANIFEST
from tests.dossier import variant


def _write(tmp_path, data, name="profiel.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _generate(*args):
    return CliRunner().invoke(cli, ["generate", *map(str, args)])


def test_generate_writes_the_dossier_and_a_summary(tmp_path):
    out = tmp_path / "uitvoer"
    result = _generate("inputs/voorbeeld.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.glob("*.docx"))
    for kind in ("academiereglement", "arbeidsreglement", "verwerkersovereenkomst"):
        assert any(n.startswith(kind) for n in names), names
    assert "academiereglement-wijziging-2027-2028.docx" in result.output
    assert (out / MANIFEST).is_file()


def test_rule_errors_write_nothing(tmp_path):
    profile = _write(tmp_path, variant(**{"afstandsonderwijs.vakken.0.aandeel_procent": 100}))
    out = tmp_path / "uitvoer"
    result = _generate(profile, "-o", out)
    assert result.exit_code == 1
    assert "R2" in result.output and "niets gemaakt" in result.output
    assert not out.exists()


def test_unreadable_profile_exits_2_without_traceback(tmp_path):
    result = _generate(tmp_path / "bestaat-niet.yaml", "-o", tmp_path / "uitvoer")
    assert result.exit_code == 2
    assert "bestaat niet" in result.output and "Traceback" not in result.output


def test_missing_optional_facts_become_placeholders_and_strict_refuses(tmp_path):
    data = variant(**{"schoolbestuur.burgemeester": None})
    profile = _write(tmp_path, data)
    result = _generate(profile, "-o", tmp_path / "a")
    assert result.exit_code == 0, result.output
    assert "Nog in te vullen" in result.output and "[in te vullen" in result.output
    strict = _generate(profile, "-o", tmp_path / "b", "--strict")
    assert strict.exit_code == 1 and "--strict" in strict.output
    assert not list((tmp_path / "b").glob("*.docx"))


def test_rerun_keeps_an_edited_document_and_force_backs_it_up(tmp_path):
    out = tmp_path / "uitvoer"
    assert _generate("inputs/voorbeeld.yaml", "-o", out).exit_code == 0
    edited = out / "academiereglement-wijziging-2027-2028.docx"
    edited.write_bytes(edited.read_bytes() + b"bewerkt")
    before = edited.read_bytes()

    rerun = _generate("inputs/voorbeeld.yaml", "-o", out)
    assert rerun.exit_code == 3
    assert "NIET overschreven" in rerun.output and edited.name in rerun.output
    assert f"iao update inputs/voorbeeld.yaml -o {out}" in rerun.output  # the way to carry a change into it
    assert edited.read_bytes() == before

    forced = _generate("inputs/voorbeeld.yaml", "-o", out, "--force")
    assert forced.exit_code == 0, forced.output
    backup = out / "academiereglement-wijziging-2027-2028.bewerkt-1.docx"
    assert backup.read_bytes() == before
    assert edited.read_bytes() != before


def test_same_profile_gives_byte_identical_files(tmp_path):
    _generate("inputs/voorbeeld.yaml", "-o", tmp_path / "a")
    _generate("inputs/voorbeeld.yaml", "-o", tmp_path / "b")
    first = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir() if p.is_file()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir() if p.is_file()}
    assert first == second


def test_templates_list_and_export(tmp_path):
    listing = CliRunner().invoke(cli, ["templates", "list"])
    assert listing.exit_code == 0 and "academiereglement" in listing.output and "inwerkingtreding" in listing.output
    assert "variabelen: academie, afstandsonderwijs," in listing.output
    target = tmp_path / "mijn-sjablonen"
    export = CliRunner().invoke(cli, ["templates", "export", str(target)])
    assert export.exit_code == 0, export.output
    assert (target / "academiereglement" / "academiereglement.docx").is_file()
    again = CliRunner().invoke(cli, ["templates", "export", str(target)])
    assert again.exit_code != 0 and "lege map" in again.output


def test_templates_export_never_overwrites_a_register_of_the_user(tmp_path):
    (tmp_path / "bronnen.yaml").write_text("# bewerkt door de juridische dienst\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["templates", "export", str(tmp_path)])
    assert result.exit_code != 0 and "bronnen.yaml" in result.output
    assert (tmp_path / "bronnen.yaml").read_text(encoding="utf-8") == "# bewerkt door de juridische dienst\n"
    assert not (tmp_path / "academiereglement").exists()


def test_custom_template_is_used(tmp_path):
    from docx import Document

    target = tmp_path / "sjablonen"
    CliRunner().invoke(cli, ["templates", "export", str(target)])
    template = target / "academiereglement" / "academiereglement.docx"
    document = Document(template)
    document.add_paragraph("Eigen slotzin van {{ academie.naam }}.")
    document.save(template)
    out = tmp_path / "uitvoer"
    result = _generate("inputs/voorbeeld.yaml", "-o", out, "--templates", target)
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(out / "academiereglement-wijziging-2027-2028.docx").paragraphs)
    assert "Eigen slotzin van Academie voor Muziek, Woord en Dans Voorbeeldstad." in text


def test_hostile_custom_template_gets_a_dutch_error(tmp_path):
    from docx import Document

    target = tmp_path / "sjablonen"
    CliRunner().invoke(cli, ["templates", "export", str(target)])
    template = target / "arbeidsreglement" / "arbeidsreglement.docx"
    document = Document(template)
    document.add_paragraph("{{ academie.__class__.__mro__ }}")
    document.save(template)
    result = _generate("inputs/voorbeeld.yaml", "-o", tmp_path / "uitvoer", "--templates", target)
    assert result.exit_code != 0
    assert "sjabloon arbeidsreglement.docx" in result.output and "Traceback" not in result.output
    assert not list((tmp_path / "uitvoer").glob("*.docx"))


def test_template_error_names_the_template_and_the_paragraph(tmp_path):
    from docx import Document

    target = tmp_path / "sjablonen"
    CliRunner().invoke(cli, ["templates", "export", str(target)])
    template = target / "academiereglement" / "academiereglement.docx"
    document = Document(template)
    document.add_paragraph("Contact: {{ academie.telefoon }}")
    document.add_paragraph("Kapot: {% if academie.naam %}")
    document.save(template)
    result = _generate("inputs/voorbeeld.yaml", "-o", tmp_path / "uitvoer", "--templates", target)
    assert result.exit_code == 1
    assert "sjabloon academiereglement.docx" in result.output
    assert "Kapot: {% if academie.naam %}" in result.output or "Contact: {{ academie.telefoon }}" in result.output
    assert "Traceback" not in result.output


def test_blanks_the_user_filled_in_a_kept_document_are_no_longer_listed(tmp_path):
    """After the legal service filled a document's blanks in Word, generate keeps the
    document and lists only what is still open in it, not iao's own blanks."""
    from docx import Document

    out = tmp_path / "uitvoer"
    first = _generate("inputs/voorbeeld.yaml", "-o", out)
    name = "academiereglement-wijziging-2027-2028.docx"
    section = first.output.split(f"  {name}:\n", 1)[1]
    listed = [line.strip() for line in section.split("\n") if line.startswith("    ")]
    assert listed, first.output
    document = Document(out / name)
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace("[in te vullen:", "(ingevuld:")
    document.save(out / name)
    rerun = _generate("inputs/voorbeeld.yaml", "-o", out)
    assert rerun.exit_code == 3 and "NIET overschreven" in rerun.output
    assert f"  {name}:\n" not in rerun.output.split("Nog in te vullen", 1)[-1]
    assert "  verwerkersovereenkomst-nieuw-2027-2028.docx:\n" in rerun.output  # the others are still counted


def test_a_profile_given_as_a_named_pipe_is_read_once(tmp_path):
    """`iao generate <(...)`: the profile comes through a pipe, which can be read only
    once; generate must not wait forever for a second reading at the end."""
    import os
    import subprocess
    import sys
    import threading
    from pathlib import Path

    pipe = tmp_path / "profiel.yaml"
    os.mkfifo(pipe)
    data = Path("inputs/voorbeeld.yaml").read_bytes()

    def feed():
        with open(pipe, "wb") as writer:
            writer.write(data)

    threading.Thread(target=feed, daemon=True).start()
    done = subprocess.run([sys.executable, "-m", "generator", "generate", str(pipe), "-o", str(tmp_path / "uit")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "uit" / ".iao" / "vorige" / "profiel.yaml").read_bytes() == data
