"""The implementation-phase documents: informatiebrief, afsprakennota, bevraging,
the arrangements for following IAO at a site (vestigingsplaatsen) and the jaarplanning.

Each test renders a template for the reference profile or a variant and reads the
text back: the facts of the profile, the conditional parts, the styles.
"""

from __future__ import annotations

import datetime
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.dossier import documents, jaarplanning
from generator.profile import schoolkalender
from generator.profile.loading import profile_from_data
from tests.dossier import (
    assert_clean,
    comments_of,
    open_docx,
    reference_data,
    styles_of,
    text_and_docx,
    variant,
)

NBSP = "\u00a0"
SPECIAL = 'Academie "De Kunst" & <Co> {{ x }}'
KINDS = ("informatiebrief", "afsprakennota", "bevraging", "vestigingsplaatsen")
DERDE = {
    "naam": 'Atelier "Oude Brouwerij" & <Zuid>',
    "adres": "Brouwerijstraat 7, 9997 Voorbeeldstad-Zuid",
    "lokaal": "polyvalente zaal (lokaal 2.03)",
    "infrastructuur": ["desktopcomputer", "headset met ruisonderdrukking", "glasvezelverbinding"],
    "toezicht": "de conciërge van het atelier",
}


def _table_rows(docx: bytes, index: int) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in open_docx(docx).tables[index].rows]


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[str, bytes]]:
    return {kind: text_and_docx(kind) for kind in KINDS}


@pytest.fixture(scope="module")
def derde_plaats() -> dict[str, tuple[str, bytes]]:
    data = reference_data()
    data["afstandsonderwijs"]["vestigingsplaatsen"].append(DERDE)
    return {kind: text_and_docx(kind, data) for kind in ("informatiebrief", "vestigingsplaatsen", "bevraging")}


# ------------------------------------------------------------------ all four


def test_registered_in_the_implementation_phase():
    kinds = {k.kind: k for k in documents.KINDS}
    profiel = profile_from_data(reference_data()).profiel
    expected = {
        "informatiebrief": ("informatiebrief-leerlingen-ouders-2027-2028.docx", "Informatiebrief voor leerlingen en ouders"),
        "afsprakennota": ("afsprakennota-iao-2027-2028.docx", "Afsprakennota voor leerlingen en leerkrachten"),
        "bevraging": ("bevraging-beginsituatie-leerlingen-2027-2028.docx", "Bevraging beginsituatie leerlingen"),
        "vestigingsplaatsen": ("vestigingsplaatsen-afspraken-2027-2028.docx", "Afspraken voor het volgen van IAO in een vestigingsplaats"),
        "toestemming-opnames": ("toestemming-opnames-2027-2028.docx", "Toestemmingsformulier voor opnames van lessen"),
    }
    for kind, (filename, title) in expected.items():
        assert kinds[kind].phase == "implementatie"
        assert kinds[kind].title == title
        assert kinds[kind].filename(profiel) == filename
        assert kinds[kind].applies(profiel)


@pytest.mark.parametrize("kind", KINDS)
def test_clean_and_styled(rendered, kind):
    text, docx = rendered[kind]
    assert_clean(text)
    styles = styles_of(docx)
    assert styles.count("Title") == 1
    assert "Heading 1" in styles and "Heading 2" in styles
    assert "Academie voor Muziek, Woord en Dans Voorbeeldstad" in text
    assert "Microsoft Teams" in text
    props = open_docx(docx).core_properties
    assert props.author == "Gemeente Voorbeeldstad"
    assert "Academie voor Muziek, Woord en Dans Voorbeeldstad" in props.title


@pytest.mark.parametrize("kind", KINDS)
def test_special_characters_come_out_literally(kind):
    data = variant(**{"academie.naam": SPECIAL, "schoolbestuur.functionaris_gegevensbescherming.naam": "Zoë D'Hondt & Co"})
    data["afstandsonderwijs"]["vakken"][0]["vak"] = "Geschiedenis <muziek> & «cultuur»"
    data["afstandsonderwijs"]["vestigingsplaatsen"][1]["naam"] = 'Filiaal "Het Plein" & <Noord> {{ y }}'
    data["afstandsonderwijs"]["vestigingsplaatsen"][1]["infrastructuur"] = ['laptop & scherm <27">']
    text, docx = text_and_docx(kind, data)
    assert SPECIAL in text
    assert SPECIAL in open_docx(docx).core_properties.title
    if kind in ("informatiebrief", "bevraging"):  # the documents that list the subjects
        assert "Geschiedenis <muziek> & «cultuur»" in text
    if kind != "afsprakennota":  # the agreements name no site
        assert 'Filiaal "Het Plein" & <Noord> {{ y }}' in text
        assert 'laptop & scherm <27">' in text
    if kind != "vestigingsplaatsen":  # the site arrangements do not name the DPO
        assert "Zoë D'Hondt & Co" in text
    assert_clean(text.replace(SPECIAL, "").replace("{{ y }}", ""))


# ------------------------------------------------------------ informatiebrief


def test_informatiebrief_reference_facts(rendered):
    text, _ = rendered["informatiebrief"]
    data = reference_data()
    for vak in data["afstandsonderwijs"]["vakken"]:
        assert vak["vak"] in text and vak["structuuronderdeel"] in text
    for plaats in data["afstandsonderwijs"]["vestigingsplaatsen"]:
        for key in ("naam", "adres", "lokaal", "toezicht"):
            assert plaats[key] in text
        for item in plaats["infrastructuur"]:
            assert item in text
    assert "vanaf 3 mei 2027" in text
    assert "U krijgt de jaarplanning op de eerste lesdag, 1 september 2027." in text
    assert "De gemeenteraad heeft op 22 maart 2027 het academiereglement aangepast." in text
    assert "Met de inschrijving verklaart u" in text and "akkoord" in text
    assert "live, op het lesmoment zelf, via Microsoft Teams" in text
    assert "Geen enkel vak wordt volledig op afstand gegeven" in text
    assert "De verwerkingsverantwoordelijke is de gemeente Voorbeeldstad, het schoolbestuur van de academie" in text
    assert "Leerplatform Vlaanderen NV" in text and "(als verwerker)" in text
    assert "gemeentebestuur: Pieter Wouters, dpo@voorbeeldstad.be." in text
    assert "buiten de Europese Economische Ruimte" not in text
    assert "An Peeters" in text
    assert "academie@voorbeeldstad.be" in text and "https://academie.voorbeeldstad.be" in text
    # recording: forbidden for students, spreading forbidden
    assert "Leerlingen mogen de lessen niet opnemen" in text
    assert "mogen nooit gedeeld, verspreid of online gezet worden" in text
    assert "orde- of tuchtmaatregelen krijgen die het academiereglement bepaalt" in text
    # remediation allowed, with its conditions
    assert "Lessen inhalen na een gewettigde afwezigheid" in text
    assert data["afstandsonderwijs"]["remediering"]["voorwaarden"] in text
    # evaluation: both kinds of subject present
    assert "Staat er “ja”" in text and "Staat er “nee”" in text


def test_informatiebrief_table(rendered):
    _, docx = rendered["informatiebrief"]
    rows = _table_rows(docx, 0)
    assert rows[0] == ["Vak", "Voor wie", "Aandeel IAO", "Geëvalueerd"]
    assert rows[1] == ["Muziekcultuur", "3de graad", f"25{NBSP}%", "ja"]
    assert rows[2] == ["Muziekcultuur", "2de graad volwassenen", f"20{NBSP}%", "nee"]
    assert rows[4] == ["Kunst- en cultuurbeschouwing", "kortlopende studierichting", f"40{NBSP}%", "nee"]
    assert len(rows) == 5


def test_informatiebrief_site_headings(rendered):
    _, docx = rendered["informatiebrief"]
    headings = [p.text for p in open_docx(docx).paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Hoofdvestiging Kunstlaan", "Filiaal Dorpsplein"]


def test_informatiebrief_without_remediation():
    text, _ = text_and_docx("informatiebrief", variant(**{"afstandsonderwijs.remediering": {"toegestaan": False}}))
    assert "remedi" not in text.lower()
    assert "inhalen" not in text
    assert "gewettigd met een attest" not in text
    assert_clean(text)


def test_informatiebrief_recording_with_consent():
    text, _ = text_and_docx(
        "informatiebrief",
        variant(
            **{
                "opnames.leerlingen": "enkel_met_toestemming",
                "opnames.verspreiden": "enkel_met_toestemming",
                "opnames.bewaartermijn_dagen": 14,
            }
        ),
    )
    assert "alleen opnemen, in beeld of in geluid, als de directeur en de leerkracht dat vooraf toestaan" in text
    assert "wist ze uiterlijk 14 dagen na de les" in text
    assert "Leerlingen mogen de lessen niet opnemen" not in text
    assert "mogen alleen gedeeld of verspreid worden als" in text
    assert_clean(text)


def test_informatiebrief_only_evaluated_subjects():
    data = reference_data()
    for vak in data["afstandsonderwijs"]["vakken"]:
        vak["geevalueerd"] = True
    text, _ = text_and_docx("informatiebrief", data)
    assert "Staat er “ja”" in text and "Staat er “nee”" not in text
    assert_clean(text)


def test_informatiebrief_third_site(derde_plaats):
    text, docx = derde_plaats["informatiebrief"]
    for key in ("naam", "adres", "lokaal", "toezicht"):
        assert DERDE[key] in text
    assert "desktopcomputer, headset met ruisonderdrukking en glasvezelverbinding" in text
    headings = [p.text for p in open_docx(docx).paragraphs if p.style.name == "Heading 2"]
    assert headings[-1] == DERDE["naam"]
    assert_clean(text.replace("{{", "").replace("}}", ""))


def test_informatiebrief_stad_outside_eea_without_dpo():
    data = variant(
        **{
            "schoolbestuur.soort": "stad",
            "schoolbestuur.naam": "Stad Voorbeeldstad",
            "verwerker.opslaglocatie": "buiten_EER",
            "verwerker.doorgiften": [{"ontvanger": "Leerplatform Vlaanderen NV", "land": "Zwitserland", "mechanisme": "adequaatheidsbesluit"}],
            "schoolbestuur.functionaris_gegevensbescherming": None,
            "academie.directeur": None,
        }
    )
    text, _ = text_and_docx("informatiebrief", data)
    assert "stadsbestuur: [in te vullen: naam en e-mailadres van de DPO]" in text
    assert "gemeentebestuur" not in text
    assert "buiten de Europese Economische Ruimte" in text
    assert "[in te vullen: naam van de directeur]" in text
    assert_clean(text)


# -------------------------------------------------------------- afsprakennota


def test_afsprakennota_reference_facts(rendered):
    text, docx = rendered["afsprakennota"]
    headings1 = [p.text for p in open_docx(docx).paragraphs if p.style.name == "Heading 1"]
    assert headings1 == ["Deel 1. Afspraken voor leerlingen", "Deel 2. Afspraken voor leerkrachten"]
    headings2 = [p.text for p in open_docx(docx).paragraphs if p.style.name == "Heading 2"]
    for part in ("Privacy (AVG)", "Auteursrecht en portretrecht", "Opnemen en verspreiden", "Als een afspraak niet nageleefd wordt", "Voor ontvangst"):
        assert headings2.count(part) == 2, part
    assert "wachtruimte" in text
    assert "link van de les, de code van de vergadering en je wachtwoord aan niemand door" in text
    assert "je achtergrond altijd vervagen" in text and "neutrale of vervaagde achtergrond" in text
    assert text.count("boek XI van het Wetboek van economisch recht") == 2
    assert "camera" in text and "microfoon" in text and "chat" in text
    # students: recording forbidden; staff: with consent, retention 30 days
    assert "Je neemt de les op geen enkele manier op" in text
    assert "Je neemt een les alleen op als de directeur dat vooraf toestaat en elke leerling" in text
    assert "wist ze uiterlijk 30 dagen na de les" in text
    # breaches
    assert "orde- of tuchtmaatregelen krijgen die het academiereglement bepaalt" in text
    assert "sanctie krijgen volgens het tuchtstatuut en het arbeidsreglement" in text
    assert "onmiddellijk aan de directeur (An Peeters) en aan de functionaris voor gegevensbescherming (Pieter Wouters, dpo@voorbeeldstad.be)" in text
    # working from home is allowed in the reference profile
    assert reference_data()["personeel"]["voorwaarden_thuiswerk"] in text
    # signature parts per role
    signatures = [t for t in open_docx(docx).tables]
    assert len(signatures) == 2
    assert _table_rows(docx, 0)[0] == ["Leerling", "Ouder (voor een minderjarige leerling)"]
    assert _table_rows(docx, 1)[0] == ["Leerkracht", "Voor de academie: de directeur"]


def test_afsprakennota_students_may_record_with_consent():
    text, _ = text_and_docx(
        "afsprakennota",
        variant(
            **{
                "opnames.leerlingen": "enkel_met_toestemming",
                "opnames.leerkrachten": "verboden",
                "opnames.bewaartermijn_dagen": 7,
                "personeel.inzet": "academie",
            }
        ),
    )
    assert "Je neemt een les alleen op, in beeld of in geluid, als de directeur en je leerkracht dat vooraf toestaan" in text
    assert "je wist ze uiterlijk 7 dagen na de les" in text
    assert "Je neemt de lessen niet op, niet in beeld en niet in geluid" in text  # staff
    assert "zij kunnen alleen opnemen als jij en de directeur dat toestaan" in text
    assert "zij kunnen niet opnemen" not in text
    assert "Je neemt de les op geen enkele manier op" not in text
    assert "Geef je les van thuis uit" not in text
    assert_clean(text)


def test_afsprakennota_missing_recording_rules_are_placeholders():
    text, _ = text_and_docx("afsprakennota", variant(**{"opnames.leerlingen": None, "opnames.leerkrachten": None, "opnames.verspreiden": None}))
    assert "[in te vullen: regel voor het opnemen van de lessen door leerlingen" in text
    assert "[in te vullen: regel voor het opnemen van de lessen door personeelsleden" in text
    assert text.count("[in te vullen: regel voor het verspreiden") == 2
    assert_clean(text)


# ------------------------------------------------------------------ bevraging


def test_bevraging_reference_facts(rendered):
    text, docx = rendered["bevraging"]
    data = reference_data()
    for vak in data["afstandsonderwijs"]["vakken"]:
        assert vak["vak"] in text
    for plaats in data["afstandsonderwijs"]["vestigingsplaatsen"]:
        assert plaats["naam"] in text and plaats["lokaal"] in text
        for item in plaats["infrastructuur"]:
            assert item in text
    for topic in ("camera", "microfoon", "rustige plek", "wifi", "stabiel", "scherm delen", "geluidsinstellingen", "kennismaking met Microsoft Teams"):
        assert topic in text, topic
    assert text.count("☐\u00a0ja ☐\u00a0nee") >= 15
    assert "Naam en voornaam van de leerling" in text and "Klasgroep" in text
    assert "tot het einde van het schooljaar 2027-2028" in text
    assert "Pieter Wouters, dpo@voorbeeldstad.be" in text
    assert "De verwerkingsverantwoordelijke is de gemeente Voorbeeldstad" in text
    rows = _table_rows(docx, 1)
    assert rows[0] == ["Vak", "Voor wie", "Aandeel IAO", "Ik volg dit vak"]
    assert rows[1] == ["Muziekcultuur", "3de graad", f"25{NBSP}%", "☐\u00a0ja ☐\u00a0nee"]
    assert len(rows) == 5


def test_bevraging_third_site(derde_plaats):
    text, _ = derde_plaats["bevraging"]
    assert DERDE["naam"] in text and DERDE["lokaal"] in text
    assert text.count("☐\u00a0altijd ☐\u00a0soms ☐\u00a0nee") == 3


# --------------------------------------------------------- vestigingsplaatsen


def test_vestigingsplaatsen_reference_facts(rendered):
    text, docx = rendered["vestigingsplaatsen"]
    data = reference_data()
    document = open_docx(docx)
    headings2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    for plaats in data["afstandsonderwijs"]["vestigingsplaatsen"]:
        assert plaats["naam"] in headings2
        assert f"Adres: {plaats['adres']}" in bullets
        assert f"Lokaal: {plaats['lokaal']}" in bullets
        assert f"Toezicht: {plaats['toezicht']}" in bullets
        for item in plaats["infrastructuur"]:
            assert item in bullets
        assert f"Registratieblad – {plaats['naam']}" in text
    assert "academie@voorbeeldstad.be) of bij de directeur, ten minste [in te vullen: aantal] werkdagen vóór de les" in text
    for rule in ("hoofdtelefoon", "eigen account", "Meld je na de les af", "Reinig"):
        assert rule in text, rule
    assert "Taken van de toezichter" in text
    assert "Checklist vóór de eerste les op afstand" in text
    assert "Het schooljaar begint op 1 september 2027." in text
    assert "Noot voor de juridische dienst" not in text  # a note is a Word comment, never body text
    assert any(c.startswith("Noot voor de juridische dienst") for c in comments_of(docx))
    # checklist plus one booking sheet per site
    tables = document.tables
    assert len(tables) == 3
    assert [c.text for c in tables[1].rows[0].cells] == ["Datum", "Uur", "Leerling", "Vak", "Toezichter"]
    assert len(tables[1].rows) == 18  # header and 17 write-in rows of 1 cm: one page, also in a house style


def test_vestigingsplaatsen_third_site(derde_plaats):
    text, docx = derde_plaats["vestigingsplaatsen"]
    document = open_docx(docx)
    headings2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings2[-1] == DERDE["naam"]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    for item in DERDE["infrastructuur"]:
        assert item in bullets
    assert f"Lokaal: {DERDE['lokaal']}" in bullets
    assert f"Registratieblad – {DERDE['naam']}" in text
    assert len(document.tables) == 4


def test_vestigingsplaatsen_missing_details_are_placeholders():
    data = reference_data()
    data["afstandsonderwijs"]["vestigingsplaatsen"][0].update(infrastructuur=[], toezicht=None, lokaal=None)
    text, _ = text_and_docx("vestigingsplaatsen", data)
    assert "[in te vullen: uitrusting van het lokaal" in text
    assert "Toezicht: [in te vullen: wie houdt toezicht]" in text
    assert "Lokaal: [in te vullen: lokaal]" in text
    assert_clean(text)


def test_vestigingsplaatsen_recording_rule_follows_profile():
    text, _ = text_and_docx("vestigingsplaatsen", variant(**{"opnames.leerlingen": "enkel_met_toestemming"}))
    assert "Neem de les alleen op als de directeur en de leerkracht dat vooraf toestaan" in text
    assert "Neem de les niet op" not in text
    assert_clean(text)


# ---------------------------------------------------------------- jaarplanning
# Holidays and free days of 2027-2028 are checked against published dates in
# tests/test_schoolkalender.py; here: the plan and the document built on them.

D = datetime.date
MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
HOLIDAY_MONDAYS_2027 = {D(2027, 11, 1), D(2027, 12, 27), D(2028, 1, 3), D(2028, 2, 28), D(2028, 4, 3), D(2028, 4, 10)}


def _datum(text: str) -> datetime.date:
    """'8 november 2027' -> date(2027, 11, 8)."""
    day, month, year = text.split()
    return D(int(year), MAANDEN.index(month) + 1, int(day))


def _weeks_in_table(docx: bytes, index: int) -> list[tuple[int, datetime.date, str]]:
    """(week, Monday, lesson) of one subject table, read back from the document."""
    cells = [(row[0], row[1], row[2]) for row in _table_rows(docx, index)[1:]]
    cells += [(row[4], row[5], row[6]) for row in _table_rows(docx, index)[1:]]
    return sorted((int(nr), _datum(maandag), les) for nr, maandag, les in cells if nr)


def test_jaarplanning_skips_holiday_weeks():
    p = profile_from_data(reference_data()).profiel
    plan = jaarplanning.jaarplanning(p)
    vrij = schoolkalender.vrije_dagen(2027)
    for entry in plan["vakken"]:
        mondays = [w["maandag"] for w in entry["lijst"]]
        assert mondays[0] == D(2027, 8, 30) and mondays[-1] == D(2028, 6, 26)
        assert len(mondays) == entry["aantal_weken"] == 44 - 6  # herfst 1, kerst 2, krokus 1, paas 2 weeks
        assert not HOLIDAY_MONDAYS_2027 & set(mondays)
        for monday in mondays:  # at most 3 of the 7 days of a lesson week are free
            assert sum(monday + datetime.timedelta(days=i) in vrij for i in range(7)) <= 3
        shown = [cell for row in entry["weken"] for cell in (row["a"], row["b"]) if cell["nr"] != ""]
        assert sorted(shown, key=lambda w: w["nr"]) == entry["lijst"]  # the compact table holds every week once


def test_jaarplanning_document_has_no_lesson_in_a_holiday():
    text, docx = text_and_docx("jaarplanning")
    assert_clean(text)
    holidays = _table_rows(docx, 0)
    assert holidays[0] == ["Vakantie of vrije dag", "Van", "Tot en met"]
    assert holidays[1:] == [
        ["Herfstvakantie", "maandag 1 november 2027", "zondag 7 november 2027"],
        ["Wapenstilstand", "donderdag 11 november 2027", "—"],
        ["Kerstvakantie", "maandag 27 december 2027", "zondag 9 januari 2028"],
        ["Krokusvakantie", "maandag 28 februari 2028", "zondag 5 maart 2028"],
        ["Paasvakantie", "maandag 3 april 2028", "maandag 17 april 2028"],
        ["Dag van de Arbeid", "maandag 1 mei 2028", "—"],
        ["Hemelvaartsdag", "donderdag 25 mei 2028", "—"],
        ["Pinkstermaandag", "maandag 5 juni 2028", "—"],
        ["Zomervakantie", "zaterdag 1 juli 2028", "donderdag 31 augustus 2028"],
    ]
    # no lessons: the school calendar, and the days of week 1 before the first lesson day (1 September)
    vrij = schoolkalender.vrije_dagen(2027) | {D(2027, 8, 30), D(2027, 8, 31)}
    tables = open_docx(docx).tables
    assert len(tables) == 1 + len(reference_data()["afstandsonderwijs"]["vakken"])
    for index in range(1, len(tables)):
        weeks = _weeks_in_table(docx, index)
        assert [nr for nr, _, _ in weeks] == list(range(1, 39))
        for _, monday, les in weeks:
            assert monday.weekday() == 0 and monday not in HOLIDAY_MONDAYS_2027
            free = sum(monday + datetime.timedelta(days=i) in vrij for i in range(7))
            assert les.endswith(" *") == (free > 0)  # a week with a free day is marked
    assert all(len(t.rows) == 1 + 19 for t in tables[1:])  # 38 weeks in two blocks
    headings = [p.text for p in open_docx(docx).paragraphs if p.style.name == "Heading 1"]
    assert headings[-4:] == [
        "Muziekcultuur – 3de graad",
        "Muziekcultuur – 2de graad volwassenen",
        "Literair atelier – 4de graad",
        "Kunst- en cultuurbeschouwing – kortlopende studierichting",
    ]
    for fact in ("1 september 2027", "APP", "Microsoft Teams", "zaterdag en zondag"):
        assert fact in text, fact
    assert any("vergelijk deze vakanties en vrije dagen met de schoolkalender van de academie" in c for c in comments_of(docx))  # the note for the academy
    assert "De schoolvakanties zijn niet ingevuld" not in text


def test_jaarplanning_marks_a_single_free_day():
    text, docx = text_and_docx("jaarplanning")
    week10 = next(w for w in _weeks_in_table(docx, 1) if w[0] == 10)
    assert week10[1] == D(2027, 11, 8) and week10[2].endswith(" *")
    assert "week 10 (Wapenstilstand: donderdag 11 november 2027), week 28 (Paasmaandag: maandag 17 april 2028)" in text
    assert "week 33 (Hemelvaartsdag: donderdag 25 mei 2028)" in text


def test_jaarplanning_share_is_a_ceiling():
    text, _ = text_and_docx("jaarplanning")
    assert f"ten hoogste 25{NBSP}% van de lestijden" in text
    # the number of IAO weeks is rounded down (40 % of 38 weeks: 15.2 gives 15); the share it gives is rounded
    assert f"38 lesweken, waarvan 9 IAO en 29 contactonderwijs: 23,7{NBSP}% IAO, binnen het maximum van 25{NBSP}%" in text  # 23.68 %
    assert f"38 lesweken, waarvan 15 IAO en 23 contactonderwijs: 39,5{NBSP}% IAO" in text  # 39.47 %


def test_jaarplanning_marks_the_days_of_week_1_before_the_first_lesson_day():
    # 1 September 2027 is a Wednesday: Monday and Tuesday of week 1 are the end of the summer holiday
    text, docx = text_and_docx("jaarplanning")
    week1 = next(w for w in _weeks_in_table(docx, 1) if w[0] == 1)
    assert week1[1] == D(2027, 8, 30) and week1[2] == "contact *"
    assert "Lesweken met een vrije dag (*): week 1 (Zomervakantie: maandag 30 augustus 2027 en dinsdag 31 augustus 2027), week 10" in text
    # a first lesson day after 1 September: the days of September before it are named as such
    later = text_and_docx("jaarplanning", variant(**{"planning.eerste_lesdag": D(2027, 9, 3)}))[0]
    assert (
        "week 1 (Zomervakantie: maandag 30 augustus 2027 en dinsdag 31 augustus 2027; "
        "Vóór de eerste lesdag: woensdag 1 september 2027 en donderdag 2 september 2027)" in later
    )


def test_the_printed_share_is_rounded_but_never_above_the_ceiling():
    assert jaarplanning._procent(9, 38, 25) == 23.7  # 23.68 %: rounded, not truncated
    assert jaarplanning._procent(1, 8, 12.5) == 12.5
    assert jaarplanning._procent(247, 2000, 12.36) == 12.3  # 12.35 % would round to 12.4 %, above 12.36 %
    assert jaarplanning._procent(0, 0, 25) == 0.0


@given(weken=st.integers(3, 60), aandeel=st.floats(0.5, 99.5))
def test_the_printed_share_is_the_nearest_tenth_at_or_below_the_ceiling(weken, aandeel):
    iao = jaarplanning.aantal_iao(weken, aandeel)
    printed = jaarplanning._procent(iao, weken, aandeel)
    assert printed <= aandeel and abs(Fraction(printed) - Fraction(100 * iao, weken)) <= Fraction(1, 10)


def test_the_jaarplanning_speaks_of_the_academys_calendar_not_of_the_tool():
    for data in (variant(), variant(**{"planning.vakanties": [{"naam": "Herfstvakantie", "van": D(2027, 10, 25), "tot": D(2027, 11, 7)}]})):
        text, docx = text_and_docx("jaarplanning", data)
        for word in ("academieprofiel", "planning.vakanties", "profiel", "dossier"):
            assert word not in text and not any(word in c for c in comments_of(docx)), word


@pytest.mark.parametrize("kind", [k.kind for k in documents.KINDS])
def test_no_document_names_the_tools_profile(kind):
    data = variant(**{"afstandsonderwijs.vakken": []}) if kind == "personeelsoverleg" else variant()
    text, docx = text_and_docx(kind, data)
    for word in ("academieprofiel", "planning.vakanties"):
        assert word not in text and not any(word in c for c in comments_of(docx)), word


@given(weken=st.integers(1, 60), aandeel=st.floats(0.5, 99.5))
def test_iao_weeks_never_exceed_the_share(weken, aandeel):
    vormen = jaarplanning.verdeling(weken, aandeel)
    iao = vormen.count("IAO")
    assert len(vormen) == weken and vormen[0] == vormen[-1] == "contact"
    assert iao / weken * 100 <= aandeel and Fraction(iao, weken) * 100 <= Fraction(aandeel)
    assert iao == (min(math.floor(Fraction(weken) * Fraction(aandeel) / 100), weken - 2) if weken >= 3 else 0)


def test_jaarplanning_follows_the_profile_holidays():
    eigen = [
        {"naam": "Herfstvakantie", "van": D(2027, 10, 25), "tot": D(2027, 11, 7)},
        {"naam": "Facultatieve verlofdag", "van": D(2027, 9, 24), "tot": D(2027, 9, 24)},
        {"naam": "Kerstvakantie", "van": D(2027, 12, 27), "tot": D(2028, 1, 9)},
    ]
    text, docx = text_and_docx("jaarplanning", variant(**{"planning.vakanties": eigen}))
    assert_clean(text)
    names = [row[0] for row in _table_rows(docx, 0)[1:]]
    assert names == [
        "Facultatieve verlofdag",
        "Herfstvakantie",
        "Wapenstilstand",
        "Kerstvakantie",
        "Paasmaandag",
        "Dag van de Arbeid",
        "Hemelvaartsdag",
        "Pinkstermaandag",
    ]  # no computed krokus/paas/zomer
    mondays = [monday for _, monday, _ in _weeks_in_table(docx, 1)]
    assert D(2027, 10, 25) not in mondays and D(2027, 11, 1) not in mondays
    assert D(2028, 2, 28) in mondays and D(2028, 4, 3) in mondays  # the computed holidays are replaced
    assert "week 4 (Facultatieve verlofdag: vrijdag 24 september 2027)" in text
    assert "De vakanties volgen de eigen schoolkalender van de academie" in text
