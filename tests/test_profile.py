"""Reading a profile file: every way it can go wrong gives a Dutch ProfileError
that names the file, the line and the field; the reference profile loads."""

from __future__ import annotations

import datetime
import re
import time
import typing
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.errors import IaoError, Problem, ProfileError
from generator.profile.loading import LoadedProfile, load_profile, profile_from_data
from generator.profile.model import Profiel


def load_error(path) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    error = info.value
    assert error.problems, "a ProfileError names at least one problem"
    assert all(isinstance(p, Problem) for p in error.problems)
    return error


def only_problem(path) -> Problem:
    error = load_error(path)
    assert len(error.problems) == 1, str(error)
    problem = error.problems[0]
    assert problem.file == str(path)
    assert str(path) in str(error)
    return problem


def assert_located(problem: Problem, path, line: int, field: str, *parts: str):
    """The problem names file, line and field, and its message holds each part."""
    assert (problem.line, problem.field) == (line, field), str(problem)
    assert str(problem).startswith(f"{path}, regel {line}: {field}: "), str(problem)
    for part in parts:
        assert part in problem.message, problem.message


# --- The reference profile ------------------------------------------------------


def test_reference_profile_loads(reference_path, reference_text, line_of):
    loaded = load_profile(reference_path)
    assert isinstance(loaded, LoadedProfile)
    p = loaded.profiel
    assert p.schooljaar == "2027-2028" and p.startjaar == 2027
    assert p.academie.instellingsnummer == "129999"
    assert p.schoolbestuur.soort == "gemeente"
    assert p.schoolbestuur.ondernemingsnummer == "0207.654.333"
    assert p.schoolbestuur.functionaris_gegevensbescherming.naam == "Pieter Wouters"
    assert p.reglementen.academiereglement.laatst_vastgesteld_op == datetime.date(2024, 6, 24)
    assert [v.vak for v in p.afstandsonderwijs.vakken] == ["Muziekcultuur", "Muziekcultuur", "Literair atelier", "Kunst- en cultuurbeschouwing"]
    assert [v.aandeel_procent for v in p.afstandsonderwijs.vakken] == [25, 20, 30, 40]
    assert [v.geevalueerd for v in p.afstandsonderwijs.vakken] == [True, False, True, False]
    assert len(p.afstandsonderwijs.vestigingsplaatsen) == 2
    assert p.afstandsonderwijs.vestigingsplaatsen[1].infrastructuur == ["laptop", "webcam", "wifi"]
    assert p.afstandsonderwijs.remediering.toegestaan is True
    assert p.afstandsonderwijs.remediering.voorwaarden.startswith("De leerling vraagt het zelf aan")
    assert p.personeel.inzet == "academie_of_thuis"
    assert p.opnames.bewaartermijn_dagen == 30
    assert p.verwerker.bestaande_overeenkomst is False
    assert p.verwerker.opslaglocatie == "EER" and p.verwerker.meldtermijn_datalek_uren == 24
    assert p.verwerker.subverwerkers[0].locatie == "Nederland"
    planning = p.planning
    for value in (planning.onderhandelingscomite, planning.gemeenteraad, planning.start_inschrijvingen, planning.eerste_lesdag):
        assert type(value) is datetime.date
    assert planning.gemeenteraad == datetime.date(2027, 3, 22)
    assert planning.eerste_lesdag == datetime.date(2027, 9, 1)
    # positions: 1-based lines of the file, comments counted
    assert loaded.line(("planning", "gemeenteraad")) == line_of(reference_text, "gemeenteraad: 2027-03-22")
    assert loaded.line(("afstandsonderwijs", "vakken", 1, "structuuronderdeel")) == line_of(reference_text, "structuuronderdeel: 2de graad volwassenen")
    assert loaded.line(("afstandsonderwijs", "vakken", 3)) == line_of(reference_text, "- vak: Kunst- en cultuurbeschouwing")
    assert loaded.line(("schooljaar",)) == line_of(reference_text, "schooljaar: 2027-2028")
    # a path that is not in the file falls back to its nearest ancestor
    assert loaded.line(("afstandsonderwijs", "vakken", 1, "bestaat_niet")) == line_of(reference_text, "- vak: Muziekcultuur", 2)


def test_profile_is_frozen(reference_path):
    p = load_profile(reference_path).profiel
    with pytest.raises(ValidationError):
        p.schooljaar = "2030-2031"


def test_utf8_bom_is_accepted(reference_path, reference_text, write_profile, tmp_path):
    path = write_profile(tmp_path, b"\xef\xbb\xbf" + reference_text.encode("utf-8"))
    loaded = load_profile(path)
    assert loaded.profiel == load_profile(reference_path).profiel
    assert loaded.line(("schooljaar",)) == load_profile(reference_path).line(("schooljaar",))


def test_windows_line_endings_are_accepted(reference_path, reference_text, write_profile, tmp_path):
    path = write_profile(tmp_path, reference_text.replace("\n", "\r\n"))
    loaded = load_profile(path)
    assert loaded.profiel == load_profile(reference_path).profiel
    assert loaded.positions == load_profile(reference_path).positions


@pytest.mark.parametrize(
    "field, unquoted, expected",
    [
        ("ondernemingsnummer", "ondernemingsnummer: 0207.654.333", "0207654333"),
        ("instellingsnummer", 'instellingsnummer: "129999"', "012345"),
    ],
)
def test_number_with_leading_zero_stays_text(field, unquoted, expected, reference_text, write_profile, tmp_path):
    # YAML 1.1 reads 0207654333 as an octal integer; a profile means the identifier
    text = reference_text.replace(unquoted, f"{field}: {expected}")
    p = load_profile(write_profile(tmp_path, text)).profiel
    value = p.schoolbestuur.ondernemingsnummer if field == "ondernemingsnummer" else p.academie.instellingsnummer
    assert value == expected


def test_unquoted_instellingsnummer_without_leading_zero_is_text(reference_text, write_profile, tmp_path):
    text = reference_text.replace('instellingsnummer: "129999"', "instellingsnummer: 129999")
    assert load_profile(write_profile(tmp_path, text)).profiel.academie.instellingsnummer == "129999"


def test_profile_from_data(profile_data):
    loaded = profile_from_data(profile_data)
    assert isinstance(loaded.profiel, Profiel) and loaded.positions == {}
    assert loaded.line(("schooljaar",)) is None
    profile_data["schoolbestuur"]["soort"] = "provincie"
    with pytest.raises(ProfileError) as info:
        profile_from_data(profile_data, name="data")
    [problem] = info.value.problems
    assert (problem.file, problem.line, problem.field) == ("data", None, "schoolbestuur.soort")
    assert str(problem).startswith("data: schoolbestuur.soort: 'provincie' is geen toegelaten waarde")


# --- Reading the file -------------------------------------------------------------


def test_profile_error_is_a_user_error():
    assert issubclass(ProfileError, IaoError) and ProfileError.exit_code == 2


def test_missing_file(tmp_path):
    path = tmp_path / "bestaat-niet.yaml"
    problem = only_problem(path)
    assert problem.line is None and "bestaat niet" in problem.message


def test_file_name_too_long(tmp_path):
    problem = only_problem(tmp_path / ("a" * 300 + ".yaml"))
    assert problem.line is None and "kan niet geopend worden" in problem.message


def test_directory(tmp_path):
    problem = only_problem(tmp_path)
    assert problem.line is None and "map" in problem.message


@pytest.mark.parametrize(
    "content", ["", "\n\n", "# alleen commentaar\n# nog een regel\n", "   \n", "---\n"], ids=["leeg", "witregels", "commentaar", "spaties", "documentstart"]
)
def test_empty_file(content, write_profile, tmp_path):
    problem = only_problem(write_profile(tmp_path, content))
    assert "leeg" in problem.message and "iao init" in problem.message


@pytest.mark.parametrize(
    "content, line",
    [
        ("- schooljaar: 2027-2028\n- academie: x\n", 1),
        ("# commentaar\n\nhallo wereld\n", 3),
        ("42\n", 1),
        ("~\n", 1),
    ],
    ids=["lijst", "tekst", "getal", "null"],
)
def test_top_level_must_be_a_mapping(content, line, write_profile, tmp_path):
    path = write_profile(tmp_path, content)
    problem = only_problem(path)
    assert problem.line == line
    assert "geen losse waarde of opsomming" in problem.message
    assert str(problem).startswith(f"{path}, regel {line}: ")


def test_file_too_large_is_refused_before_parsing(write_profile, tmp_path):
    # an unterminated flow sequence: parsing it would fail differently (and slowly)
    path = write_profile(tmp_path, "a: [" + "1, " * 400_000)
    started = time.perf_counter()
    problem = only_problem(path)
    assert time.perf_counter() - started < 0.5
    assert "te groot" in problem.message and "1.000.000" in problem.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused(encoding, reference_text, write_profile, tmp_path):
    raw = reference_text.encode(encoding)
    if encoding != "utf-16":
        raw = ("\ufeff".encode(encoding)) + raw
    problem = only_problem(write_profile(tmp_path, raw))
    assert "UTF-16" in problem.message and "UTF-8" in problem.message


def test_nul_bytes_are_refused(write_profile, tmp_path):
    path = write_profile(tmp_path, b"schooljaar: 2027-2028\nacademie:\n  naam: a\x00b\n")
    problem = only_problem(path)
    assert problem.line == 3 and "binaire gegevens" in problem.message


def test_invalid_utf8_is_refused(write_profile, tmp_path):
    # Windows-1252: 'geëvalueerd' with e-diaeresis as the single byte 0xEB
    path = write_profile(tmp_path, b"schooljaar: 2027-2028\n# commentaar\nacademie:\n  naam: Academie Ge\xebvalueerd\n")
    problem = only_problem(path)
    assert problem.line == 4 and "geen geldige UTF-8" in problem.message


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x0c"])
def test_raw_control_character_is_refused(char, reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("directeur: An Peeters", f"directeur: An{char} Peeters")
    problem = only_problem(write_profile(tmp_path, text))
    assert problem.line == line_of(text, "directeur: An")
    assert f"U+{ord(char):04X}" in problem.message and "stuurteken" in problem.message


@pytest.mark.parametrize("escape, code", [("\\a", "U+0007"), ("\\e", "U+001B"), ("\\x01", "U+0001"), ("\\v", "U+000B")])
def test_control_character_in_quoted_value_is_refused(escape, code, reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("directeur: An Peeters", f'directeur: "An{escape} Peeters"')
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(problem, path, line_of(text, "directeur: "), "academie.directeur", code, "stuurteken")


def test_control_character_in_list_item_is_refused(reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("        - webcam", '        - "web\\acam"')
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(problem, path, line_of(text, "web\\acam"), "afstandsonderwijs.vestigingsplaatsen[1].infrastructuur[1]", "U+0007")


def test_values_are_stripped(reference_text, write_profile, tmp_path):
    text = reference_text.replace("directeur: An Peeters", 'directeur: "  An Peeters \\t"')
    assert load_profile(write_profile(tmp_path, text)).profiel.academie.directeur == "An Peeters"


# --- YAML structure ---------------------------------------------------------------


def test_tab_indentation_is_refused(reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("\n  directeur: An Peeters", "\n\tdirecteur: An Peeters")
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert problem.line == line_of(text, "\tdirecteur")
    assert "tab" in problem.message and "spaties" in problem.message


def test_broken_structure_names_the_line(reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("  platform: Microsoft Teams", '  platform: "Microsoft Teams')
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert problem.line is not None and problem.line >= line_of(text, "platform:")
    assert "YAML-opbouw klopt niet" in problem.message


def test_duplicate_key_names_both_lines(reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("  directeur: An Peeters\n", "  directeur: An Peeters\n  naam: Tweede naam\n")
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    first, second = line_of(text, "naam: Academie voor"), line_of(text, "naam: Tweede naam")
    assert_located(problem, path, second, "academie.naam", "dubbele sleutel 'naam'", f"regel {first}")


def test_duplicate_key_in_list_item(reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("      aandeel_procent: 30\n", "      aandeel_procent: 30\n      aandeel_procent: 35\n")
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(
        problem, path, line_of(text, "aandeel_procent: 35"), "afstandsonderwijs.vakken[2].aandeel_procent", f"regel {line_of(text, 'aandeel_procent: 30')}"
    )


def test_duplicate_top_level_section(reference_text, write_profile, tmp_path, line_of):
    text = reference_text + "\nplanning:\n  eerste_lesdag: 2027-09-02\n"
    problem = only_problem(write_profile(tmp_path, text))
    assert problem.field == "planning" and problem.line == line_of(text, "planning:", 2)
    assert f"regel {line_of(text, 'planning:')}" in problem.message


def test_alias_is_refused(reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("  adres: Kunstlaan 12, 9999 Voorbeeldstad\n  directeur", "  adres: &adres Kunstlaan 12, 9999 Voorbeeldstad\n  directeur", 1)
    text = text.replace("      adres: Kunstlaan 12, 9999 Voorbeeldstad", "      adres: *adres")
    problem = only_problem(write_profile(tmp_path, text))
    assert problem.line == line_of(text, "adres: *adres")
    assert "ankers en verwijzingen" in problem.message


def test_merge_key_is_refused(write_profile, tmp_path):
    text = "basis: &b\n  naam: x\nacademie:\n  <<: *b\n"
    problem = only_problem(write_profile(tmp_path, text))
    assert problem.line == 4 and "ankers en verwijzingen" in problem.message


def test_alias_bomb_fails_fast(write_profile, tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write_profile(tmp_path, "\n".join(lines) + "\n")
    started = time.perf_counter()
    problem = only_problem(path)
    assert time.perf_counter() - started < 1.0
    assert problem.line == 2 and "ankers en verwijzingen" in problem.message


def test_multiple_documents_are_refused(reference_text, write_profile, tmp_path, line_of):
    text = reference_text + "---\nschooljaar: 2028-2029\n"
    problem = only_problem(write_profile(tmp_path, text))
    assert problem.line == line_of(text, "---")
    assert "meer dan één YAML-document" in problem.message


@pytest.mark.parametrize(
    "value, tag",
    [
        ("!foo An Peeters", "!foo"),
        ("!!python/object:os.system ls", "!!python/object:os.system"),
        ("!!bool misschien", "!!bool"),
        ("!!int tien", "!!int"),
        ("!!float x", "!!float"),
    ],
)
def test_explicit_tags_are_refused(value, tag, reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("directeur: An Peeters", f"directeur: {value}")
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(problem, path, line_of(text, "directeur: "), "academie.directeur", f"label {tag}")


def test_impossible_date(reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("gemeenteraad: 2027-03-22", "gemeenteraad: 2027-02-30")
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(problem, path, line_of(text, "2027-02-30"), "planning.gemeenteraad", "'2027-02-30' is geen bestaande datum", "JJJJ-MM-DD")


@pytest.mark.parametrize("value", ["22/03/2027", "22 maart 2027", "'2027-13-01'"])
def test_date_in_other_form(value, reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("gemeenteraad: 2027-03-22", f"gemeenteraad: {value}")
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(problem, path, line_of(text, f"gemeenteraad: {value}"), "planning.gemeenteraad", "verwacht een datum JJJJ-MM-DD")


# --- Fields -------------------------------------------------------------------------


def test_unknown_key_suggests_the_close_one(reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("  vestigingsplaatsen:", "  vestigingsplaatsn:")
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(
        problem,
        path,
        line_of(text, "vestigingsplaatsn:"),
        "afstandsonderwijs.vestigingsplaatsn",
        "onbekend veld 'vestigingsplaatsn'",
        "Bedoelde je vestigingsplaatsen?",
    )


def test_unknown_key_in_list_item(reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("      aandeel_procent: 20", "      aandeelprocent: 20")
    path = write_profile(tmp_path, text)
    error = load_error(path)
    assert [(p.line, p.field) for p in error.problems] == [
        (line_of(text, "- vak: Muziekcultuur", 2), "afstandsonderwijs.vakken[1].aandeel_procent"),
        (line_of(text, "aandeelprocent: 20"), "afstandsonderwijs.vakken[1].aandeelprocent"),
    ]
    assert error.problems[0].message == "dit verplichte veld ontbreekt."
    assert "Bedoelde je aandeel_procent?" in error.problems[1].message


def test_unknown_top_level_key_lists_allowed_fields(reference_text, write_profile, tmp_path, line_of):
    text = reference_text + "\ncontactpersoon: Jan\n"
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(
        problem,
        path,
        line_of(text, "contactpersoon:"),
        "contactpersoon",
        "onbekend veld 'contactpersoon'",
        "Toegelaten velden hier: " + ", ".join(Profiel.model_fields) + ".",
    )
    assert "Bedoelde je" not in problem.message


@pytest.mark.parametrize("key", ["date", "str", "int", "a[b]", "function-after[x]"])
def test_unknown_key_with_a_technical_name(key, reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("  directeur: An Peeters\n", f"  directeur: An Peeters\n  {key}: x\n")
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(problem, path, line_of(text, f"  {key}: x"), f"academie.{key}", f"onbekend veld '{key}'")


def test_missing_required_field_points_at_its_section(reference_text, write_profile, tmp_path, line_of):
    text = reference_text.replace("  naam: Academie voor Muziek, Woord en Dans Voorbeeldstad\n", "")
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(problem, path, line_of(text, "academie:"), "academie.naam", "verplichte veld ontbreekt")


def test_missing_required_section_points_at_first_line(write_profile, tmp_path):
    path = write_profile(tmp_path, "# profiel\nschooljaar: 2027-2028\n")
    error = load_error(path)
    assert [(p.line, p.field) for p in error.problems] == [(2, "academie"), (2, "schoolbestuur")]


WRONG_TYPES = [
    ("aandeel_procent: 25", "aandeel_procent: vijfentwintig", "afstandsonderwijs.vakken[0].aandeel_procent", "'vijfentwintig': verwacht een getal"),
    ("aandeel_procent: 25", "aandeel_procent: 25%", "afstandsonderwijs.vakken[0].aandeel_procent", "verwacht een getal"),
    ("geevalueerd: true", "geevalueerd: misschien", "afstandsonderwijs.vakken[0].geevalueerd", "'misschien': verwacht true (ja) of false (nee)"),
    ("toegestaan: true", "toegestaan: 2", "afstandsonderwijs.remediering.toegestaan", "verwacht true (ja) of false (nee)"),
    ("bewaartermijn_dagen: 30", "bewaartermijn_dagen: dertig", "opnames.bewaartermijn_dagen", "verwacht een geheel getal"),
    ("bewaartermijn_dagen: 30", "bewaartermijn_dagen: 30.5", "opnames.bewaartermijn_dagen", "zonder komma"),
    ("bewaartermijn_dagen: 30", "bewaartermijn_dagen: -1", "opnames.bewaartermijn_dagen", "buiten het bereik; verwacht minstens 0"),
    ("meldtermijn_datalek_uren: 24", "meldtermijn_datalek_uren: 0", "verwerker.meldtermijn_datalek_uren", "minstens 1"),
    ("meldtermijn_datalek_uren: 24", "meldtermijn_datalek_uren: 1000", "verwerker.meldtermijn_datalek_uren", "hoogstens 720"),
    ("directeur: An Peeters", "directeur: true", "academie.directeur", "'True': verwacht tekst"),
    ("directeur: An Peeters", "directeur: [An, Peeters]", "academie.directeur", "een opsomming: verwacht tekst"),
    ("platform: Microsoft Teams", "platform: {naam: Teams}", "afstandsonderwijs.platform", "een groep velden: verwacht tekst"),
    ("schooljaar: 2027-2028", "schooljaar: 2027-28", "schooljaar", "verwacht een schooljaar als JJJJ-JJJJ"),
    ('instellingsnummer: "129999"', 'instellingsnummer: "12999"', "academie.instellingsnummer", "verwacht zes cijfers"),
    ("eerste_lesdag: 2027-09-01", "eerste_lesdag: 2027-09-01 10:00", "planning.eerste_lesdag", "zonder uur"),
]


@pytest.mark.parametrize("old, new, field, expected", WRONG_TYPES, ids=[w[1] for w in WRONG_TYPES])
def test_wrong_type(old, new, field, expected, reference_text, write_profile, tmp_path, line_of):
    assert old in reference_text
    text = reference_text.replace(old, new, 1)
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(problem, path, line_of(text, new), field, expected)


@pytest.mark.parametrize(
    "section, replacement, expected",
    [
        ("academie", "academie:\n  - naam: Academie Voorbeeldstad\n  - adres: Kunstlaan 12\n", "een opsomming: verwacht een groep velden"),
        ("opnames", "opnames: verboden\n", "'verboden': verwacht een groep velden"),
        ("personeel", "personeel:\n", "een lege waarde: verwacht een groep velden"),
    ],
)
def test_list_or_text_where_a_mapping_is_expected(section, replacement, expected, reference_text, write_profile, tmp_path, line_of):
    # replace the whole section, up to the next top-level key
    text = re.sub(rf"(?ms)^{section}:\n.*?(?=^\w)", replacement, reference_text)
    assert text != reference_text
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(problem, path, line_of(text, f"\n{section}:") + 1, section, expected)


def test_text_where_a_list_is_expected(reference_text, write_profile, tmp_path, line_of):
    old = "      infrastructuur:\n        - laptop\n        - webcam\n        - wifi\n"
    text = reference_text.replace(old, "      infrastructuur: laptop, webcam en wifi\n")
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    assert_located(
        problem, path, line_of(text, "infrastructuur: laptop, webcam"), "afstandsonderwijs.vestigingsplaatsen[1].infrastructuur", "verwacht een opsomming"
    )


VOCABULARIES = [
    ("soort: gemeente", "soort: provincie", "schoolbestuur.soort", ["gemeente", "stad"]),
    (
        "domein: woordkunst-drama",
        "domein: drama",
        "afstandsonderwijs.vakken[2].domein",
        ["muziek", "woordkunst-drama", "dans", "beeldende en audiovisuele kunsten"],
    ),
    (
        "structuuronderdeel: 4de graad",
        "structuuronderdeel: vierde graad",
        "afstandsonderwijs.vakken[2].structuuronderdeel",
        ["1ste graad", "2de graad jongeren", "2de graad volwassenen", "3de graad", "4de graad", "specialisatiegraad", "kortlopende studierichting"],
    ),
    ("inzet: academie_of_thuis", "inzet: beide", "personeel.inzet", ["academie", "thuis", "academie_of_thuis"]),
    ("leerlingen: verboden", "leerlingen: toegelaten", "opnames.leerlingen", ["verboden", "enkel_met_toestemming"]),
    ("leerkrachten: enkel_met_toestemming", "leerkrachten: enkel met toestemming", "opnames.leerkrachten", ["verboden", "enkel_met_toestemming"]),
    ("verspreiden: verboden", "verspreiden: nooit", "opnames.verspreiden", ["verboden", "enkel_met_toestemming"]),
    (
        "arbeidsreglement_vastgesteld_door: gemeenteraad",
        "arbeidsreglement_vastgesteld_door: burgemeester",
        "schoolbestuur.arbeidsreglement_vastgesteld_door",
        ["gemeenteraad", "college"],
    ),
    (
        "verwerkersovereenkomst_gesloten_door: college",
        "verwerkersovereenkomst_gesloten_door: directeur",
        "schoolbestuur.verwerkersovereenkomst_gesloten_door",
        ["gemeenteraad", "college", "algemeen_directeur"],
    ),
    ("opslaglocatie: EER", "opslaglocatie: eer", "verwerker.opslaglocatie", ["EER", "buiten_EER"]),
]


@pytest.mark.parametrize("old, new, field, allowed", VOCABULARIES, ids=[v[2] for v in VOCABULARIES])
def test_closed_vocabulary_shows_allowed_values(old, new, field, allowed, reference_text, write_profile, tmp_path, line_of):
    assert reference_text.count(old) == 1
    text = reference_text.replace(old, new)
    path = write_profile(tmp_path, text)
    problem = only_problem(path)
    bad = new.split(": ", 1)[1]
    assert_located(problem, path, line_of(text, new), field, f"'{bad}' is geen toegelaten waarde; kies uit: {', '.join(allowed)}.")


def test_several_problems_are_all_reported_in_file_order(reference_text, write_profile, tmp_path, line_of):
    text = (
        reference_text.replace("soort: gemeente", "soort: provincie")
        .replace("aandeel_procent: 30", "aandeel_procent: veel")
        .replace("  vestigingsplaatsen:", "  vestigingsplaatsn:")
        .replace("opslaglocatie: EER", "opslaglocatie: VS")
    )
    error = load_error(write_profile(tmp_path, text))
    assert [p.field for p in error.problems] == [
        "schoolbestuur.soort",
        "afstandsonderwijs.vakken[2].aandeel_procent",
        "afstandsonderwijs.vestigingsplaatsn",
        "verwerker.opslaglocatie",
    ]
    assert [p.line for p in error.problems] == [
        line_of(text, "provincie"),
        line_of(text, "veel"),
        line_of(text, "vestigingsplaatsn"),
        line_of(text, "opslaglocatie: VS"),
    ]
    assert str(error).count("\n") == 3


def test_problems_follow_the_file_not_the_model(reference_text, write_profile, tmp_path, line_of):
    # sections in another order than the model: problems still come in the order of the lines
    head, planning = reference_text.split("\nplanning:\n")
    text = "planning:\n" + planning.replace("eerste_lesdag: 2027-09-01", "eerste_lesdag: 1 september") + head
    text = text.replace("soort: gemeente", "soort: provincie")
    error = load_error(write_profile(tmp_path, text))
    assert [(p.line, p.field) for p in error.problems] == [
        (line_of(text, "eerste_lesdag"), "planning.eerste_lesdag"),
        (line_of(text, "provincie"), "schoolbestuur.soort"),
    ]


def test_optional_fields_may_be_added(reference_text, write_profile, tmp_path):
    text = reference_text.replace(
        "    laatst_vastgesteld_op: 2024-06-24",
        "    laatst_vastgesteld_op: 2024-06-24\n    nieuw_hoofdstuk: Hoofdstuk 9\n    invoegen_na_hoofdstuk: Hoofdstuk 8",
    )
    p = load_profile(write_profile(tmp_path, text)).profiel
    assert p.reglementen.academiereglement.nieuw_hoofdstuk == "9"  # the documents write "hoofdstuk" themselves


def test_loading_keeps_no_nodes_behind(reference_path):
    # the scalar constructor (one per thread) must not keep every node (and so every file's text) alive
    from generator.profile import yamlsource

    load_profile(reference_path)
    assert not yamlsource._constructor().constructed_objects
    assert not yamlsource._constructor().recursive_objects


# --- What is derived from the declaration -------------------------------------------


def test_readme_table_is_the_declared_one():
    from generator.profile.fields import profile_table

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert profile_table() in readme, "README.md: regenerate the profile table with generator.profile.fields.profile_table()"


def test_every_field_is_declared_and_described_in_the_schema():
    from generator.profile.fields import GROEP, LIJST, profile_schema, velden
    from generator.profile.model import Veld

    def walk(model):
        for veld in velden(model):
            assert isinstance(veld.veld, Veld) and veld.veld.beschrijving, veld.naam
            assert veld.veld.vraag or veld.soort == GROEP, f"{veld.naam}: no question for iao init"
            if veld.soort in (GROEP, LIJST):
                walk(veld.type)

    walk(Profiel)
    schema = profile_schema()
    assert schema["properties"]["schooljaar"]["description"] == "schooljaar waarin het IAO van start gaat"
    assert schema["$defs"]["Verwerker"]["properties"]["doorgiften"]["description"].startswith("doorgiften van gegevens buiten de EER")


def test_one_place_for_school_year_bodies_and_regulations(reference_path):
    from generator.profile.model import ORGANEN, REGLEMENTEN, GeslotenDoor

    p = load_profile(reference_path).profiel
    assert (p.schooljaar_start, p.schooljaar_einde) == (datetime.date(2027, 9, 1), datetime.date(2028, 8, 31))
    assert REGLEMENTEN == ("academiereglement", "arbeidsreglement")
    assert set(ORGANEN) == set(typing.get_args(GeslotenDoor))


def test_the_regulation_kinds_are_the_same_for_profile_and_amend():
    from generator.dossier.documents import KINDS
    from generator.profile.model import REGLEMENTEN

    assert [k.kind for k in KINDS.amended()] == list(REGLEMENTEN)


def test_profiles_read_in_parallel_threads_are_all_read_right():
    """The web form reads profiles in parallel requests: no thread disturbs another's
    reading (a constructor shared between threads refused valid profiles at random)."""
    from concurrent.futures import ThreadPoolExecutor

    from generator.profile import yamlsource
    from tests.conftest import REFERENCE_PATH

    text = REFERENCE_PATH.read_text(encoding="utf-8")
    expected, _ = yamlsource.load(text, "voorbeeld.yaml")

    def read(_):
        return [yamlsource.load(text, "voorbeeld.yaml")[0] == expected for _ in range(15)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = [ok for batch in pool.map(read, range(8)) for ok in batch]
    assert all(results)


@pytest.mark.parametrize("typed", ["9", "Hoofdstuk 9", "hoofdstuk 9.", "Hfdst. 9"])
def test_a_chapter_number_is_kept_without_the_word_hoofdstuk(typed):
    """The documents write "hoofdstuk" themselves: "Hoofdstuk Hoofdstuk 9" otherwise."""
    from tests.dossier import text_and_docx, variant

    data = variant(**{"reglementen.academiereglement.nieuw_hoofdstuk": typed, "reglementen.academiereglement.invoegen_na_hoofdstuk": "Hoofdstuk 8"})
    assert profile_from_data(data).profiel.reglementen.academiereglement.nieuw_hoofdstuk == "9"
    text, _ = text_and_docx("academiereglement", data)
    assert "na hoofdstuk 8 een hoofdstuk 9 ingevoegd" in text and "“Hoofdstuk 9. Interactief afstandsonderwijs" in text


def test_a_chapter_number_without_a_number_is_refused_in_dutch():
    from tests.dossier import variant

    with pytest.raises(ProfileError, match="geef het nummer van het hoofdstuk"):
        profile_from_data(variant(**{"reglementen.academiereglement.nieuw_hoofdstuk": "Hoofdstuk"}))
