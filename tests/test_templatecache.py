"""The prepared templates on disk (generator/dossier/templatecache.py): the same bytes as
without the cache, an edited template prepared again, a damaged or unwritable cache ignored."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from generator.dossier import rendering, templatecache
from generator.dossier.context import build_context
from generator.dossier.documents import KINDS
from generator.dossier.generation import template_for
from generator.profile.loading import load_profile

from .conftest import REFERENCE_PATH

KIND = "informatiebrief"


@pytest.fixture
def context() -> dict:
    return build_context(load_profile(REFERENCE_PATH).profiel)


@pytest.fixture
def template(tmp_path) -> Path:
    copy = tmp_path / "sjablonen" / f"{KIND}.docx"
    copy.parent.mkdir()
    shutil.copyfile(template_for(KINDS[KIND], None), copy)
    return copy


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("IAO_CACHE", str(folder))
    return folder


def fresh_render(template: Path, context: dict) -> bytes:
    """A render as a new process does it: nothing prepared in memory."""
    rendering._cache.clear()
    return rendering.render(template, context)


def saved_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("sjablonen-*/*.marshal"))


def body(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.read("word/document.xml").decode("utf-8")


def test_a_loaded_template_gives_the_same_bytes_as_one_prepared_in_the_run(template, context, cache, monkeypatch):
    first = fresh_render(template, context)  # prepares and saves
    assert len(saved_files(cache)) == 1
    loaded = fresh_render(template, context)
    monkeypatch.setenv("IAO_CACHE", "")
    without = fresh_render(template, context)
    assert first == loaded == without


def test_a_loaded_template_is_not_compiled_again(template, context, cache, monkeypatch):
    fresh_render(template, context)
    compiled = []
    monkeypatch.setattr(rendering.BoundedSandbox, "compile", lambda *a, **k: compiled.append(a) or pytest.fail("compiled again"))
    fresh_render(template, context)
    assert compiled == []


def test_an_edited_template_is_prepared_again(template, context, cache):
    before = fresh_render(template, context)
    assert "Beste leerling" in body(before)
    with zipfile.ZipFile(template) as package:
        members = {name: package.read(name) for name in package.namelist()}
    members["word/document.xml"] = members["word/document.xml"].replace(b"Beste leerling", b"Lieve leerling")
    with zipfile.ZipFile(template, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    after = fresh_render(template, context)
    assert "Lieve leerling" in body(after) and "Beste leerling" not in body(after)
    assert len(saved_files(cache)) == 2  # one per version of the template


def test_a_damaged_cache_file_is_ignored(template, context, cache):
    expected = fresh_render(template, context)
    for saved in saved_files(cache):
        saved.write_bytes(b"\xe3 dit is geen marshal")
    assert fresh_render(template, context) == expected


def test_a_cache_that_cannot_be_written_changes_nothing(template, context, tmp_path, monkeypatch):
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map")
    monkeypatch.setenv("IAO_CACHE", str(blocker))
    assert fresh_render(template, context).startswith(b"PK")


def test_another_version_of_iao_forgets_the_old_folder(template, context, cache, monkeypatch):
    fresh_render(template, context)
    (old,) = cache.glob("sjablonen-*")
    templatecache.fingerprint.cache_clear()
    monkeypatch.setattr(templatecache, "fingerprint", lambda: "een-andere-versie")
    fresh_render(template, context)
    assert not old.exists()
    assert [f.parent.name for f in saved_files(cache)] == ["sjablonen-een-andere-versie"]


def test_the_fingerprint_follows_the_code(monkeypatch):
    templatecache.fingerprint.cache_clear()
    first = templatecache.fingerprint()
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: real(self) + (b"# edited" if self.name == "sandbox.py" else b""))
    templatecache.fingerprint.cache_clear()
    assert templatecache.fingerprint() != first
    monkeypatch.undo()
    templatecache.fingerprint.cache_clear()
