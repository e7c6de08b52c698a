"""Hostile input (issue 15, points 3, 4, 5, 7, 8, 9, 12): every value Word cannot
hold is refused by name, input and templates are bounded, templates cannot change
the data or leak their own properties, and no input reaches the user as a traceback."""

from __future__ import annotations

import copy
import datetime
import io
import os
import time
from pathlib import Path

import pytest

from generator.errors import ProfileError
from generator.profile import yamlsource
from generator.profile.fields import GROEP, LIJST, OPSOMMING, velden
from generator.profile.loading import load_profile, profile_from_data
from generator.profile.model import Profiel
from tests.conftest import dump_profile
from tests.dossier import reference_data

# --- 3. Values Word cannot hold -------------------------------------------------

CONTROL = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))] + ["\ufffe", "\uffff"]
SURROGATE = "\udc80"


def _leaf_paths(model=Profiel, prefix: tuple = ()) -> list[tuple]:
    """Every value field of the profile model; list items at index 0."""
    paths = []
    for veld in velden(model):
        path = prefix + (veld.naam,)
        if veld.soort == GROEP:
            paths += _leaf_paths(veld.type, path)
        elif veld.soort == LIJST:
            paths += _leaf_paths(veld.type, path + (0,))
        elif veld.soort == OPSOMMING:
            paths.append(path + (0,))
        else:
            paths.append(path)
    return paths


LEAVES = _leaf_paths()


def _with(path: tuple, value, data: dict | None = None) -> dict:
    """`data` (default: the reference profile) with `value` at `path`, creating what is missing."""
    data = reference_data() if data is None else data
    node = data
    for part, following in zip(path, path[1:]):
        empty = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            if not node:
                node.append(empty)
            node = node[part]
        else:
            if not isinstance(node.get(part), (list, dict)):
                node[part] = empty
            node = node[part]
    last = path[-1]
    if isinstance(last, int):
        node[:1] = [value]
    else:
        node[last] = value
    return data


def _problems(tmp_path, data) -> list:
    path = tmp_path / "profiel.yaml"
    path.write_text(dump_profile(data), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    return caught.value.problems


def test_the_sweep_covers_every_kind_of_field():
    fields = {yamlsource.format_path(p) for p in LEAVES}
    assert {
        "academie.naam",
        "schooljaar",
        "afstandsonderwijs.vakken[0].domein",
        "afstandsonderwijs.vestigingsplaatsen[0].infrastructuur[0]",
        "planning.vakanties[0].van",
        "verwerker.meldtermijn_datalek_uren",
    } <= fields
    assert len(fields) > 50


@pytest.mark.parametrize("path", LEAVES, ids=yamlsource.format_path)
def test_a_lone_surrogate_is_refused_in_every_field(tmp_path, path):
    problems = _problems(tmp_path, _with(path, f"Academie {SURROGATE} X"))
    named = [p for p in problems if p.field == yamlsource.format_path(path)]
    assert named and "U+DC80" in named[0].message and named[0].line, problems


def test_every_control_character_is_refused_in_every_field(tmp_path):
    for number, path in enumerate(LEAVES):
        char = CONTROL[number % len(CONTROL)]
        problems = _problems(tmp_path, _with(path, f"a{char}b"))
        named = [p for p in problems if p.field == yamlsource.format_path(path)]
        assert named and f"U+{ord(char):04X}" in named[0].message, (path, problems)
    for char in CONTROL:
        problems = _problems(tmp_path, _with(("academie", "naam"), f"a{char}b"))
        assert any(f"U+{ord(char):04X}" in p.message and p.field == "academie.naam" for p in problems)


def test_a_surrogate_in_a_key_is_refused(tmp_path):
    data = reference_data()
    data["academie"][f"na{SURROGATE}am"] = "x"
    problems = _problems(tmp_path, data)
    assert any(p.field == "academie" and "veldnaam" in p.message for p in problems)


def test_the_model_refuses_a_surrogate_too():
    data = reference_data()
    data["afstandsonderwijs"]["platform"] = f"Teams{SURROGATE}"
    with pytest.raises(ProfileError, match="afstandsonderwijs.platform: .*U\\+DC80"):
        profile_from_data(data)


# --- 4. Bounded input -------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_is_refused_without_reading(device):
    if not os.path.exists(device):
        pytest.skip(f"{device} bestaat hier niet")
    with pytest.raises(ProfileError, match="geen gewoon bestand"):
        load_profile(device)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="geen named pipes op dit systeem")
def test_a_pipe_is_read_with_a_cap(tmp_path):
    fifo = tmp_path / "profiel.yaml"
    os.mkfifo(fifo)
    writer = os.fork()
    if writer == 0:  # child: write far more than the cap, then stop when the reader leaves
        try:
            with open(fifo, "wb") as out:
                for _ in range(100):
                    out.write(b"# " + b"x" * 100_000 + b"\n")
        finally:
            os._exit(0)
    try:
        with pytest.raises(ProfileError, match="te groot"):
            load_profile(fifo)
    finally:
        os.waitpid(writer, 0)


def test_deep_nesting_is_a_clear_error(tmp_path):
    path = tmp_path / "profiel.yaml"
    path.write_text("schooljaar: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="te diep genest"):
        load_profile(path)


def test_too_many_subjects_is_a_clear_error(tmp_path):
    data = reference_data()
    data["afstandsonderwijs"]["vakken"] *= 100  # more than MAX_ITEMS, within the size cap
    problems = _problems(tmp_path, data)
    assert [p.field for p in problems] == ["afstandsonderwijs.vakken"]
    assert "te veel onderdelen" in problems[0].message and problems[0].line


def test_two_hundred_subjects_generate_fast(tmp_path):
    from generator.dossier.generation import build_dossier

    data = reference_data()
    vak = data["afstandsonderwijs"]["vakken"][0]
    data["afstandsonderwijs"]["vakken"] = [dict(vak, vak=f"Vak {i}") for i in range(200)]
    path = tmp_path / "profiel.yaml"
    path.write_text(dump_profile(data), encoding="utf-8")
    started = time.perf_counter()
    dossier = build_dossier(load_profile(path))
    assert time.perf_counter() - started < 15  # about 2 s on a laptop
    assert len(dossier.files) > 10


def test_the_year_stays_plausible(tmp_path):
    problems = _problems(tmp_path, _with(("schooljaar",), "0000-0001"))
    assert [p.field for p in problems] == ["schooljaar"]
    problems = _problems(tmp_path, _with(("planning", "gemeenteraad"), datetime.date(1, 1, 1)))
    assert [p.field for p in problems] == ["planning.gemeenteraad"]


def test_an_absurdly_long_value_is_refused(tmp_path):
    problems = _problems(tmp_path, _with(("academie", "naam"), "A" * 5000))
    assert [p.field for p in problems] == ["academie.naam"] and "te lang" in problems[0].message


# --- 5, 7, 8, 9. Hostile custom templates -------------------------------------------


def _template(tmp_path, body: str, name: str = "academiereglement") -> Path:
    """A custom template built from a small bron.txt, in a template folder as `iao templates export` makes."""
    from generator.authoring.builder import build_template

    folder = tmp_path / "sjablonen" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bron.txt").write_text(f"%titel: Eigen sjabloon\n# Eigen sjabloon\n{body}\n", encoding="utf-8")
    build_template(folder / "bron.txt", folder / f"{name}.docx")
    return folder / f"{name}.docx"


@pytest.fixture(scope="module")
def context():
    from generator.dossier.context import build_context

    return build_context(profile_from_data(reference_data()).profiel)


HOSTILE = {
    "nested loops": ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "duurt langer"),
    "exponential macro": ("{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}", "duurt langer"),
    "recursive macro": ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "te diep"),
    "string times a billion": ("{{ 'a' * 10**9 }}", "te groot"),
    "list times a billion": ("{{ ([1] * 10**9)|length }}", "te groot"),
    "huge power": ("{{ 10 ** (10 ** 9) }}", "te groot"),
    "huge range": ("{{ range(10**9)|list|length }}", "te groot"),
    "doubling concatenation": ("{% set a = 'aaaa' %}" + "{% set a = a ~ a %}" * 40 + "{{ a|length }}", "te groot"),
    "wide filter": ("{{ 'x'|center(10**9) }}", "te groot"),
    "wide format": ("{{ '%0999999999d' % 1 }}", "breedte"),
    "wide str.format": ("{{ '{:>999999999}'.format(1) }}", "breedte"),
    "endless output": ("{% for i in range(100000) %}{{ 'x' * 999999 }}{% endfor %}", "document wordt te groot"),
    "include": ("{% include 'ander.xml' %}", "include %} is in een sjabloon niet toegelaten"),
    "import": ("{% import 'macros.xml' as m %}", "import %} is in een sjabloon niet toegelaten"),
    "extends": ("{% extends 'basis.xml' %}", "extends %} is in een sjabloon niet toegelaten"),
    "division by zero": ("{{ 1 / 0 }}", "deling door nul"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_template_is_stopped_with_a_template_error(tmp_path, context, monkeypatch, name):
    from generator.dossier import rendering, sandbox

    body, expected = HOSTILE[name]
    # the size cap must stop the endless output, not the clock: on a busy machine 50 MB take longer than 0.5 s
    monkeypatch.setattr(sandbox, "TIME_BUDGET", 5.0 if name == "endless output" else 0.5)
    path = _template(tmp_path, body)
    started = time.perf_counter()
    with pytest.raises(rendering.TemplateError, match="sjabloon academiereglement.docx") as caught:
        rendering.render(path, context)
    assert expected in str(caught.value)
    assert time.perf_counter() - started < 10


def test_a_join_of_huge_strings_hits_the_memory_ceiling(tmp_path, context):
    from generator.dossier import rendering

    if not os.path.exists("/proc/self/statm"):
        pytest.skip("geen geheugenplafond op dit systeem")
    path = _template(tmp_path, "{{ (['a' * 100000] * 100000)|join|length }}")
    with pytest.raises(rendering.TemplateError, match="te veel geheugen"):
        rendering.render(path, context)


def test_a_hostile_template_through_the_cli_is_a_dutch_error_with_exit_1(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from generator.cli import cli
    from generator.dossier import sandbox

    monkeypatch.setattr(sandbox, "TIME_BUDGET", 0.5)
    _template(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    result = CliRunner().invoke(cli, ["generate", "inputs/voorbeeld.yaml", "-o", str(tmp_path / "uit"), "--templates", str(tmp_path / "sjablonen")])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "sjabloon academiereglement.docx: te veel werk" in result.output
    assert not list((tmp_path / "uit").glob("*.docx"))


@pytest.mark.parametrize(
    "mutation",
    [
        "{{ academie.update({'naam': 'Gekaapt'}) }}",
        "{{ afstandsonderwijs.vakken.clear() }}",
        "{{ schoolbestuur.pop('naam') }}",
        "{{ bronnen.entries.clear() }}",
        "{{ afstandsonderwijs.vakken[0].__setitem__('vak', 'x') }}",
    ],
)
def test_a_template_cannot_change_the_data(tmp_path, context, mutation):
    from generator.dossier import rendering

    before = copy.deepcopy({k: v for k, v in context.items() if k != "bronnen"})
    entries = dict(context["bronnen"].entries)
    with pytest.raises(rendering.TemplateError, match="niet toegelaten|bestaat niet"):
        rendering.render(_template(tmp_path, mutation), context)
    assert {k: v for k, v in context.items() if k != "bronnen"} == before
    assert context["bronnen"].entries == entries


def test_the_immutable_sandbox_still_renders_citations_and_loops(tmp_path, context):
    from generator.dossier import rendering

    body = "{{ bron('avg', 'kort') }}: {% for v in afstandsonderwijs.vakken %}{{ v.vak }}; {% endfor %}"
    text = "\n".join(rendering.document_texts(rendering.render(_template(tmp_path, body), context)))
    assert "AVG: " in text and "Muziekcultuur; " in text


def test_properties_of_a_custom_template_do_not_leak(tmp_path, context):
    import zipfile

    from docx import Document

    from generator.dossier import rendering

    path = _template(tmp_path, "Tekst.")
    document = Document(path)
    properties = document.core_properties
    properties.last_modified_by, properties.keywords, properties.category = "Jan Geheim", "intern", "vertrouwelijk"
    properties.identifier, properties.content_status, properties.version = "GUID-123", "Concept", "7"
    document.save(path)
    with zipfile.ZipFile(path, "a") as archive:  # app.xml as Word writes it, with company and manager
        app = archive.read("docProps/app.xml").replace(b"<Manager/>", b"<Manager>Baas Geheim</Manager>")
        app = app.replace(b"<Company/>", b"<Company>Firma Geheim</Company>")
    rewritten = tmp_path / "herschreven.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w") as target:
        for member in source.namelist():
            target.writestr(member, app if member == "docProps/app.xml" else source.read(member))
    rewritten.replace(path)
    out = zipfile.ZipFile(io.BytesIO(rendering.render(path, context)))
    props = out.read("docProps/core.xml") + out.read("docProps/app.xml")
    for secret in (b"Geheim", b"intern", b"vertrouwelijk", b"GUID-123", b"Concept", b"Microsoft"):
        assert secret not in props
    assert b"<Application>iao</Application>" in props and b"Eigen sjabloon" in props


def test_a_name_longer_than_a_property_can_hold_is_shortened_there(tmp_path):
    from generator.dossier.generation import build_dossier

    data = reference_data()
    data["academie"]["naam"] = "Academie " + "zeer " * 100 + "lang"
    data["schoolbestuur"]["naam"] = "Gemeente " + "Lang" * 100
    path = tmp_path / "profiel.yaml"
    path.write_text(dump_profile(data), encoding="utf-8")
    dossier = build_dossier(load_profile(path))
    from docx import Document

    name = next(n for n in dossier.files if n.startswith("academiereglement"))
    document = Document(io.BytesIO(dossier.files[name]))
    assert len(document.core_properties.title) == 255 and document.core_properties.title.endswith("\u2026")
    assert data["academie"]["naam"] in "\n".join(p.text for p in document.paragraphs)


def _rewrite(path: Path, change) -> None:
    """Rewrite the zip at `path` with change(members) applied to {name: bytes}."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        members = {n: source.read(n) for n in source.namelist()}
    change(members)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member, data in members.items():
            target.writestr(member, data)


def _corrupt_crc(path: Path) -> None:
    data = bytearray(path.read_bytes())
    at = data.index(b"word/document.xml") + len(b"word/document.xml")  # the local header's name, then the data
    data[at + 200] ^= 0xFF
    path.write_bytes(bytes(data))


DEEP = (
    b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    + b"<w:body>"
    + b"<w:p>" * 5000
    + b"</w:p>" * 5000
    + b"</w:body></w:document>"
)
MALFORMED = {
    "bad xml": lambda m: m.__setitem__("word/document.xml", m["word/document.xml"][:-40]),
    "deep xml": lambda m: m.__setitem__("word/document.xml", DEEP),
    "no content types": lambda m: m.pop("[Content_Types].xml"),
    "no package relationships": lambda m: m.pop("_rels/.rels"),
    "no styles": lambda m: m.pop("word/styles.xml"),
    "wrong content type": lambda m: m.__setitem__(
        "[Content_Types].xml", m["[Content_Types].xml"].replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml2")
    ),
}


@pytest.mark.parametrize("damage", [*MALFORMED, "bad crc"])
def test_a_malformed_template_package_is_a_dutch_error(tmp_path, context, damage):
    from generator.dossier import rendering
    from generator.errors import IaoError

    path = _template(tmp_path, "Tekst van {{ academie.naam }}.")
    if damage == "bad crc":
        _corrupt_crc(path)
    else:
        _rewrite(path, MALFORMED[damage])
    with pytest.raises(IaoError, match="academiereglement.docx"):
        rendering.render(path, context)


@pytest.mark.parametrize("field", ["academie.naam", "schoolbestuur.naam", "verwerker.naam", "schoolbestuur.burgemeester"])
def test_a_line_break_in_a_name_does_not_break_the_calendar(field):
    from icalendar import Calendar

    from generator.dossier.calendar import ics
    from tests.dossier import variant

    profiel = profile_from_data(variant(**{field: "Eerste regel\nTweede regel"})).profiel
    calendar = Calendar.from_ical(ics(profiel))
    assert calendar.walk("VEVENT")
    if field == "academie.naam":
        assert calendar["x-wr-calname"] == "Stappenplan IAO Eerste regel Tweede regel 2027-2028"


# --- 9. No input reaches the user as a traceback ------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_any_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.dates() | st.text(max_size=30) | st.text(max_size=3000, alphabet=st.sampled_from("ab \n")),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)
_mutation = st.lists(st.tuples(st.sampled_from(LEAVES), _any_value), min_size=1, max_size=3)


def _mutated(tmp_path_factory, mutation) -> Path:
    data = reference_data()
    for path, value in mutation:
        data = _with(path, value, data)
    path = tmp_path_factory.mktemp("p") / "profiel.yaml"
    path.write_text(dump_profile(data), encoding="utf-8")
    return path


def _no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutation=_mutation)
def test_no_profile_reaches_check_as_a_traceback(tmp_path_factory, mutation):
    from click.testing import CliRunner

    from generator.cli import cli

    result = CliRunner().invoke(cli, ["check", str(_mutated(tmp_path_factory, mutation))])
    _no_traceback(result)
    assert result.exit_code in (0, 1, 2)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutation=_mutation)
def test_no_profile_reaches_generate_as_a_traceback(tmp_path_factory, mutation):
    from click.testing import CliRunner

    from generator.cli import cli

    path = _mutated(tmp_path_factory, mutation)
    result = CliRunner().invoke(cli, ["generate", str(path), "-o", str(path.parent / "uit")])
    _no_traceback(result)
    assert result.exit_code in (0, 1, 2)


@pytest.mark.parametrize("encoding", ["ascii", "utf-8"])
def test_a_console_that_cannot_show_a_character_gets_no_traceback(tmp_path, encoding):
    import subprocess
    import sys

    name = os.fsdecode(b"profiel-\xff\xc3\xa9.yaml")  # an undecodable byte: a lone surrogate in the name
    broken = tmp_path / name
    broken.write_text("schooljaar: [\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(broken)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode == 2 and b"Traceback" not in result.stderr + result.stdout
    assert b"niet in orde" in result.stdout


def test_a_control_character_or_surrogate_in_auteur_is_refused(tmp_path):
    from click.testing import CliRunner

    from generator.cli import cli

    for auteur in ("Jan\x01", "Jan\udc80"):
        result = CliRunner().invoke(
            cli, ["amend", "inputs/voorbeeld.yaml", "bestaand.docx", "--reglement", "academiereglement", "-o", str(tmp_path / "uit.docx"), "--auteur", auteur]
        )
        assert result.exit_code == 2 and "--auteur" in result.output and "Word-document" in result.output
        assert isinstance(result.exception, SystemExit)
