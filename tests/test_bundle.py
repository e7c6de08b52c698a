"""`iao generate --zip`: one zip with the dossier and an index, byte-identical for the same input."""

from __future__ import annotations

import io
import re
import zipfile

from click.testing import CliRunner

from generator.cli import cli
from generator.dossier import bundle, documents, steps
from generator.profile import checking
from tests.conftest import REFERENCE_PATH


def _generate(*args):
    return CliRunner().invoke(cli, ["generate", *map(str, args)])


def _zip(folder) -> bytes:
    (found,) = folder.glob("*.zip")
    return found.read_bytes()


def test_the_zip_holds_the_dossier_and_an_index(tmp_path):
    assert _generate(REFERENCE_PATH, "-o", tmp_path / "uit", "--zip").exit_code == 0
    archive = zipfile.ZipFile(io.BytesIO(_zip(tmp_path / "uit")))
    names = archive.namelist()
    on_disk = sorted(p.name for p in (tmp_path / "uit").iterdir() if p.suffix in (".docx", ".ics"))
    profiel = checking.check_profile(REFERENCE_PATH).loaded.profiel
    placed = bundle.places(profiel, on_disk)
    assert names == sorted([bundle.INDEX, *placed.values()])
    for name in on_disk:
        assert archive.read(placed[name]) == (tmp_path / "uit" / name).read_bytes()
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    # named after the academy, in phase folders, numbered in the order of the step plan
    (path,) = (tmp_path / "uit").glob("*.zip")
    assert path.name == "iao-dossier-academie-voor-muziek-woord-en-dans-voorbeeldstad-2027-2028.zip"
    assert placed["principebeslissing-2027-2028.docx"] == "1-voorbereiding/01-principebeslissing-2027-2028.docx"
    assert placed["gemeenteraadsbesluit-ontwerp-2027-2028.docx"].startswith("2-besluitvorming/")
    assert placed["stappenplan-2027-2028.ics"].startswith("4-overzicht/")
    numbers = [int(p.split("/")[1][:2]) for p in sorted(placed.values(), key=lambda p: p.split("/")[1])]
    assert numbers == sorted(numbers) and numbers[0] == 1


def test_the_index_counts_the_blanks_left_in_each_document(tmp_path):
    from docx import Document

    folder = tmp_path / "uit"
    assert _generate(REFERENCE_PATH, "-o", folder).exit_code == 0
    name = "bevraging-beginsituatie-leerlingen-2027-2028.docx"
    document = Document(folder / name)
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace("[in te vullen: datum]", "15 september 2027")
    document.save(folder / name)
    assert _generate(REFERENCE_PATH, "-o", folder, "--zip").exit_code == 3  # the edited document is kept, and zipped as it is
    index = zipfile.ZipFile(io.BytesIO(_zip(folder))).read(bundle.INDEX).decode("utf-8")
    block = next(b for b in index.split("\n\n") if name in b)
    assert "Niets meer in te vullen." in block
    agreement = next(b for b in index.split("\n\n") if "verwerkersovereenkomst-nieuw" in b)
    assert re.search(r"Nog in te vullen: [1-9]", agreement)


def test_the_index_names_every_document_with_its_step_who_and_when(tmp_path):
    assert _generate(REFERENCE_PATH, "-o", tmp_path / "uit", "--zip").exit_code == 0
    index = zipfile.ZipFile(io.BytesIO(_zip(tmp_path / "uit"))).read(bundle.INDEX).decode("utf-8")
    profiel = checking.check_profile(REFERENCE_PATH).loaded.profiel
    blocks = index.split("\n\n")[1:]
    for kind, block in zip(documents.kinds_for(profiel), blocks):
        assert kind.title in block and kind.filename(profiel) in block
        for stap in steps.STAPPEN:
            if stap.nodig(profiel) and kind in stap.kinds(profiel):
                assert f"Stap {steps.fase_nr(stap)}: {stap.titel}" in block
                assert f"wie: {stap.wie(profiel)}" in block
                assert steps.datum(stap.datum(profiel)) in block
    academiereglement = next(b for b in blocks if "academiereglement-wijziging" in b)
    assert "wie: gemeenteraad" in academiereglement and f"wanneer: {steps.datum(profiel.planning.gemeenteraad)}" in academiereglement
    assert "stappenplan-2027-2028.ics" in blocks[-1]


def test_the_same_input_gives_the_same_zip_bytes(tmp_path):
    for folder in ("een", "twee"):
        assert _generate(REFERENCE_PATH, "-o", tmp_path / folder, "--zip").exit_code == 0
    assert _zip(tmp_path / "een") == _zip(tmp_path / "twee")
    again = _generate(REFERENCE_PATH, "-o", tmp_path / "een", "--zip")
    assert "[ongewijzigd]" in again.output.splitlines()[-1]


def test_an_edited_zip_is_kept_unless_forced(tmp_path):
    folder = tmp_path / "uit"
    assert _generate(REFERENCE_PATH, "-o", folder, "--zip").exit_code == 0
    (path,) = folder.glob("*.zip")
    path.write_bytes(b"iets anders")
    kept = _generate(REFERENCE_PATH, "-o", folder, "--zip")
    assert kept.exit_code == 3 and "NIET overschreven" in kept.output and path.read_bytes() == b"iets anders"
    assert _generate(REFERENCE_PATH, "-o", folder, "--zip", "--force").exit_code == 0
    assert zipfile.is_zipfile(path) and (folder / f"{path.stem}.bewerkt-1.zip").read_bytes() == b"iets anders"


def test_a_batch_writes_one_zip_per_dossier(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes(REFERENCE_PATH.read_bytes())
    result = _generate(tmp_path / "a.yaml", tmp_path / "b.yaml", "-o", tmp_path / "uit", "--zip")
    assert result.exit_code == 0, result.output
    assert _zip(tmp_path / "uit" / "a") == _zip(tmp_path / "uit" / "b")


def test_a_folder_where_the_zip_goes_is_exit_4_with_the_documents_written(tmp_path):
    folder = tmp_path / "uit"
    profiel = checking.check_profile(REFERENCE_PATH).loaded.profiel
    (folder / bundle.bundle_name(profiel)).mkdir(parents=True)
    result = _generate(REFERENCE_PATH, "-o", folder, "--zip")
    assert result.exit_code == 4, result.output
    assert "Geen zip gemaakt; de documenten zijn wel geschreven." in result.output
    assert (folder / "principebeslissing-2027-2028.docx").is_file()


def test_a_zip_of_the_user_with_the_bundles_name_is_said_to_be_theirs(tmp_path):
    folder = tmp_path / "uit"
    profiel = checking.check_profile(REFERENCE_PATH).loaded.profiel
    folder.mkdir()
    (folder / bundle.bundle_name(profiel)).write_bytes(b"mijn eigen zip")
    result = _generate(REFERENCE_PATH, "-o", folder, "--zip")
    assert result.exit_code == 3, result.output
    assert "bestaat al en is niet door iao gemaakt en dus NIET overschreven" in result.output
    assert (folder / bundle.bundle_name(profiel)).read_bytes() == b"mijn eigen zip"
