"""Hostile input (issue 15, points 3, 4, 5, 7, 8, 9, 12): every value Word cannot
hold is refused by name, input and templates are bounded, templates cannot change
the data or leak their own properties, and no input reaches the user as a traceback."""

from __future__ import annotations

import datetime
import os
import time

import pytest

from generator import yamlsource
from generator.errors import ProfileError
from generator.profile import GROEP, LIJST, OPSOMMING, Profiel, load_profile, profile_from_data, velden
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


def _with(path: tuple, value) -> dict:
    data = reference_data()
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
    assert {"academie.naam", "schooljaar", "afstandsonderwijs.vakken[0].domein",
            "afstandsonderwijs.vestigingsplaatsen[0].infrastructuur[0]", "planning.vakanties[0].van",
            "verwerker.meldtermijn_datalek_uren"} <= fields
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
    from generator.generation import build_dossier

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
