"""The committed templates: built from their bron.txt, guarded against overwriting
edits made in Word, and checked against the contract that `iao amend` reads."""

from __future__ import annotations

import shutil

import pytest

from generator.authoring.builder import BUILD_MANIFEST, EditedTemplate, build_kind, build_template
from generator.authoring.markup import MarkupError
from generator.dossier import output
from generator.dossier.documents import KINDS
from generator.edit.chapter import chapter_of
from tests.dossier import ROOT

TEMPLATES = ROOT / "templates"
SOURCES = sorted(p.parent.name for p in TEMPLATES.glob("*/bron.txt"))
AMENDED = [k.kind for k in KINDS.amended()]


def test_every_document_kind_has_a_source():
    assert sorted(k.kind for k in KINDS) == SOURCES


@pytest.mark.parametrize("kind", SOURCES)
def test_committed_template_is_built_from_its_source(kind, tmp_path):
    built = tmp_path / f"{kind}.docx"
    build_template(TEMPLATES / kind / "bron.txt", built, kind)
    committed = TEMPLATES / kind / f"{kind}.docx"
    assert committed.read_bytes() == built.read_bytes(), (
        f"templates/{kind}/{kind}.docx is niet wat templates/{kind}/bron.txt oplevert: bouw opnieuw met .venv/bin/python templates/bouwen.py {kind}"
    )


def test_build_manifest_records_the_committed_templates():
    manifest = output.read_manifest(TEMPLATES, BUILD_MANIFEST)
    assert sorted(manifest) == [f"{kind}/{kind}.docx" for kind in SOURCES]
    for name, digest in manifest.items():
        assert output.sha256((TEMPLATES / name).read_bytes()) == digest, name


# ------------------------------------------------------- edited in Word


def _one_kind(tmp_path, kind="informatiebrief"):
    templates = tmp_path / "templates"
    (templates / kind).mkdir(parents=True)
    shutil.copy(TEMPLATES / kind / "bron.txt", templates / kind / "bron.txt")
    return templates, templates / kind / f"{kind}.docx"


def test_build_refuses_a_template_edited_since_the_last_build(tmp_path):
    templates, target = _one_kind(tmp_path)
    build_kind(templates, "informatiebrief")
    build_kind(templates, "informatiebrief")  # rebuilding the same is fine
    edited = target.read_bytes() + b"\0"  # as if saved from Word
    target.write_bytes(edited)
    source = templates / "informatiebrief" / "bron.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")

    with pytest.raises(EditedTemplate) as refused:
        build_kind(templates, "informatiebrief")
    assert str(target) in str(refused.value) and "bewerkt" in str(refused.value)
    assert "--force" in str(refused.value) and str(source) in str(refused.value)
    assert target.read_bytes() == edited

    build_kind(templates, "informatiebrief", force=True)
    assert target.read_bytes() != edited
    assert output.read_manifest(templates, BUILD_MANIFEST)["informatiebrief/informatiebrief.docx"] == output.sha256(target.read_bytes())


def test_bouwen_script_says_which_file_and_honours_force(tmp_path, capsys):
    import importlib.util

    spec = importlib.util.spec_from_file_location("bouwen", TEMPLATES / "bouwen.py")
    bouwen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bouwen)
    templates, target = _one_kind(tmp_path)
    target.write_bytes(b"in Word bewerkt")  # never built here: no manifest entry
    assert bouwen.main([], templates) == 2
    err = capsys.readouterr().err
    assert "informatiebrief.docx is niet overschreven" in err and "bewerkt" in err
    assert target.read_bytes() == b"in Word bewerkt"
    assert bouwen.main(["--force", "informatiebrief"], templates) == 0
    assert target.read_bytes().startswith(b"PK")


# ---------------------------------------------------------- the contract


def _without_prefix(kind: str, nth: int) -> tuple[str, int]:
    """The source of `kind` with the `nth` '> ' line after the chapter heading
    written without its '>' (the defect), and that line's number."""
    lines = (TEMPLATES / kind / "bron.txt").read_text(encoding="utf-8").splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("> “Hoofdstuk"))
    index = [i for i, line in enumerate(lines) if i > heading and line.startswith("> ")][nth]
    lines[index] = lines[index][2:]
    return "\n".join(lines) + "\n", index + 1


@pytest.mark.parametrize("kind", AMENDED)
def test_the_amended_chapter_is_read_whole(kind):
    from tests.dossier import render_kind

    pieces = chapter_of(render_kind(kind))
    assert len(pieces) > 30
    assert pieces[-1].kind != "hoofdstuk" and sum(p.kind == "artikel" for p in pieces) >= 6


@pytest.mark.parametrize("kind", AMENDED)
def test_a_missing_prefix_in_the_chapter_fails_the_build(kind, tmp_path):
    text, lineno = _without_prefix(kind, 1)
    source = tmp_path / "bron.txt"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(MarkupError) as failed:
        build_template(source, tmp_path / "uit.docx", kind)
    message = str(failed.value)
    assert str(source) in message and "contract van iao amend" in message
    assert f"dat op regel {lineno} eindigt" in message and "zet '>' vooraan" in message
    assert not (tmp_path / "uit.docx").exists()


def test_an_amended_kind_needs_a_chapter(tmp_path):
    source = tmp_path / "bron.txt"
    source.write_text("# Wijziging\n[artikel]\nGewone tekst.\n", encoding="utf-8")
    build_template(source, tmp_path / "vrij.docx")  # not an amended kind: no chapter needed
    with pytest.raises(MarkupError, match="geen ingevoegd hoofdstuk"):
        build_template(source, tmp_path / "uit.docx", "academiereglement")


def test_a_chapter_needs_a_numbered_heading_and_an_article(tmp_path):
    source = tmp_path / "bron.txt"
    source.write_text("> “Hoofdstuk zonder nummer\n> Tekst.\n", encoding="utf-8")
    with pytest.raises(MarkupError) as failed:
        build_template(source, tmp_path / "uit.docx", "arbeidsreglement")
    assert "regel 1: de kop" in str(failed.value) and "geen enkel artikel" in str(failed.value)
