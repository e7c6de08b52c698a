"""Trustworthy under bad input: property-based tests and interrupted writes."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.dossier import output
from generator.errors import ProfileError
from generator.profile.loading import load_profile, profile_from_data
from tests.conftest import dump_profile
from tests.dossier import render_kind, text_of, variant

# Text a secretariat could type: any printable character, including & < > and braces.
_typed_text = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\ufeff\ufffe\uffff"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(naam=_typed_text, platform=_typed_text, aandeel=st.floats(min_value=0.5, max_value=99.5), vak=_typed_text)
def test_any_accepted_profile_renders_documents_that_open(naam, platform, aandeel, vak):
    data = variant(
        **{
            "academie.naam": naam,
            "afstandsonderwijs.platform": platform,
            "afstandsonderwijs.vakken.0.aandeel_procent": aandeel,
            "afstandsonderwijs.vakken.0.vak": vak,
        }
    )
    profiel = profile_from_data(data).profiel  # the model accepts it
    for kind in ("academiereglement", "verwerkersovereenkomst"):
        text = text_of(render_kind(kind, data))  # opens in python-docx
        assert profiel.academie.naam in text
        assert profiel.afstandsonderwijs.vakken[0].vak in text


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_loader_raises_only_our_own_error_on_arbitrary_bytes(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("p") / "profiel.yaml"
    path.write_bytes(content)
    try:
        load_profile(path)
    except ProfileError as exc:
        assert exc.problems and all(p.message for p in exc.problems)


_yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None)
@given(section=st.sampled_from(["academie", "schoolbestuur", "afstandsonderwijs", "opnames", "verwerker", "planning"]), value=_yaml_values)
def test_loader_raises_only_our_own_error_on_wrong_shapes(tmp_path_factory, section, value):
    data = variant(**{section: value})
    path = tmp_path_factory.mktemp("p") / "profiel.yaml"
    path.write_text(dump_profile(data), encoding="utf-8")
    try:
        load_profile(path)
    except ProfileError as exc:
        assert all(p.file == str(path) for p in exc.problems)


def test_a_failing_write_leaves_no_partial_file(tmp_path, monkeypatch):
    files = {"a.docx": b"eerste", "b.docx": b"tweede"}
    real_replace = os.replace
    calls = []

    def failing_replace(source, target):
        calls.append(target)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", failing_replace)
    with pytest.raises(output.OutputError, match="niets vervangen"):
        output.write_files(tmp_path, files)
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert calls
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no temp files, no half dossier


def test_an_interrupted_render_writes_nothing(tmp_path, monkeypatch):
    from generator.dossier import generation, rendering

    real_render = rendering.render
    rendered = []

    def render_then_fail(template, context, **options):
        if rendered:
            raise KeyboardInterrupt  # the user pressed Ctrl+C halfway through the dossier
        rendered.append(template)
        return real_render(template, context, **options)

    monkeypatch.setattr(rendering, "render", render_then_fail)
    with pytest.raises(KeyboardInterrupt):
        generation.generate("inputs/voorbeeld.yaml", tmp_path / "uitvoer")
    assert not (tmp_path / "uitvoer").exists() or not any((tmp_path / "uitvoer").iterdir())


def test_docxtpl_escape_sequences_in_a_value_come_out_literally():
    # docxtpl turns {_{ }_} {_% %_} into Jinja delimiters after rendering; a value is data
    odd = "Academie {_{ x }_} {_% y %_} b_c"
    data = variant(
        **{
            "academie.naam": odd,
            "verwerker.opslaglocatie": "buiten_EER",
            "verwerker.doorgiften": [{"ontvanger": "Leerplatform Vlaanderen NV", "land": "Land {_{ z }_}", "mechanisme": "adequaatheidsbesluit"}],
        }
    )
    for kind in ("academiereglement", "verwerkersovereenkomst"):
        text = text_of(render_kind(kind, data))
        assert odd in text and "Land {_{ z }_}" in text
