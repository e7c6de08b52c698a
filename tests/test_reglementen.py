"""The amending regulations: academiereglement and arbeidsreglement.

Each test renders a template for the reference profile or a variant and reads
the text back: the facts of the profile, the conditional parts, the styles.
"""

from __future__ import annotations

import pytest

from tests.dossier import assert_clean, comments_of, open_docx, reference_data, styles_of, text_and_docx, variant

NBSP = "\u00a0"
SPECIAL = 'Academie "De Kunst" & <Co> {{ x }}'


@pytest.fixture(scope="module")
def academie() -> tuple[str, bytes]:
    return text_and_docx("academiereglement")


@pytest.fixture(scope="module")
def arbeid() -> tuple[str, bytes]:
    return text_and_docx("arbeidsreglement")


# ------------------------------------------------------------ both regulations

REGLEMENTEN = ("academiereglement", "arbeidsreglement")


@pytest.mark.parametrize("kind", REGLEMENTEN)
def test_missing_chapter_numbers_are_placeholders(kind):
    text, _ = text_and_docx(kind)
    assert "na hoofdstuk [in te vullen: nummer van het hoofdstuk waarna ingevoegd wordt]" in text
    assert "“Hoofdstuk [in te vullen: nummer van het nieuwe hoofdstuk]. Interactief afstandsonderwijs" in text


@pytest.mark.parametrize("kind, new, after", [("academiereglement", "5bis", "5"), ("arbeidsreglement", "XII", "XI")])
def test_chapter_numbers_given(kind, new, after):
    text, _ = text_and_docx(kind, variant(**{f"reglementen.{kind}.nieuw_hoofdstuk": new, f"reglementen.{kind}.invoegen_na_hoofdstuk": after}))
    assert f"wordt na hoofdstuk {after} een hoofdstuk {new} ingevoegd" in text
    assert f"“Hoofdstuk {new}. Interactief afstandsonderwijs" in text
    assert (
        "[in te vullen: nummer van het nieuwe hoofdstuk" not in text
        and "[in te vullen: nummer van het hoofdstuk waarna" not in text
        and "hoofdstuk [in te vullen" not in text
    )
    assert_clean(text)


@pytest.mark.parametrize("kind", REGLEMENTEN)
def test_stad(kind):
    text, _ = text_and_docx(kind, variant(**{"schoolbestuur.soort": "stad", "schoolbestuur.naam": "Stad Voorbeeldstad"}))
    assert "functionaris voor gegevensbescherming van het stadsbestuur" in text
    assert "gemeentebestuur" not in text
    assert_clean(text)


# ------------------------------------------------------------ academiereglement


def test_academiereglement_stad_is_controller():
    text, _ = text_and_docx("academiereglement", variant(**{"schoolbestuur.soort": "stad", "schoolbestuur.naam": "Stad Voorbeeldstad"}))
    assert "de verwerkingsverantwoordelijke is de stad Voorbeeldstad, het schoolbestuur van de academie" in text


def test_academiereglement_reference_facts(academie):
    text, _ = academie
    data = reference_data()
    assert_clean(text)
    assert "Wijziging van het academiereglement" in text
    assert data["academie"]["naam"] in text
    assert "Gemeente Voorbeeldstad" in text
    assert "decreet van 9 maart 2018 betreffende het deeltijds kunstonderwijs" in text
    for vak in data["afstandsonderwijs"]["vakken"]:
        assert vak["vak"] in text
        assert vak["structuuronderdeel"] in text
        assert f"{vak['aandeel_procent']}{NBSP}%" in text
    for plaats in data["afstandsonderwijs"]["vestigingsplaatsen"]:
        for key in ("naam", "adres", "lokaal", "toezicht"):
            assert plaats[key] in text
        for item in plaats["infrastructuur"]:
            assert item in text
    # the platform and its provider are named in the letter, not in the regulation
    assert "Microsoft Teams" not in text and "Leerplatform Vlaanderen NV" not in text
    assert "Pieter Wouters" in text and "dpo@voorbeeldstad.be" in text
    assert "laatst vastgesteld door de gemeenteraad op 24 juni 2024" in text
    assert "22 maart 2027" in text
    assert "voor het schooljaar 2027-2028 is dat 1 september 2027" in text
    assert "treedt in werking op 1 september 2027" in text
    assert "academie@voorbeeldstad.be" in text
    assert "Els Claes" in text and "Jan Janssens" in text
    assert "gemeentebestuur" in text and "stadsbestuur" not in text
    assert "Geen enkel vak wordt volledig als interactief afstandsonderwijs georganiseerd" in text
    assert "orde- en tuchtmaatregelen" in text
    assert "Noot voor de juridische dienst" not in text
    assert len(comments_of(academie[1])) == 3 and all(c.startswith("Noot voor de juridische dienst") for c in comments_of(academie[1]))
    assert text.count("“") == 1 and text.count("”") == 1


def test_academiereglement_evaluation_per_subject(academie):
    text, _ = academie
    assert "Muziekcultuur (3de graad): ze worden geëvalueerd;" in text
    assert "Muziekcultuur (2de graad volwassenen): ze worden niet geëvalueerd;" in text
    assert "Literair atelier (4de graad): ze worden geëvalueerd;" in text
    assert "Kunst- en cultuurbeschouwing (kortlopende studierichting): ze worden niet geëvalueerd." in text


def test_academiereglement_table(academie):
    _, docx = academie
    table = open_docx(docx).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Vak", "Structuuronderdeel", "Aandeel IAO", "Geëvalueerd"]
    assert rows[1] == ["Muziekcultuur", "3de graad (muziek)", f"ten hoogste 25{NBSP}%", "ja"]
    assert rows[2] == ["Muziekcultuur", "2de graad volwassenen (muziek)", f"ten hoogste 20{NBSP}%", "nee"]
    assert len(rows) == 5


def test_academiereglement_styles(academie):
    _, docx = academie
    styles = styles_of(docx, nonempty=False)
    assert styles.count("Title") == 1
    assert styles.count("Heading 1") == 2
    assert styles.count("Artikel") == 2
    assert styles.count("Ingevoegd artikel") == 9  # with remediation
    assert "Ingevoegde tekst" in styles and "Ingevoegde opsomming" in styles and "Noot" not in styles  # notes are comments
    props = open_docx(docx).core_properties
    assert "Academie voor Muziek, Woord en Dans Voorbeeldstad" in props.title


def test_academiereglement_missing_date_is_placeholder():
    text, _ = text_and_docx("academiereglement", variant(**{"reglementen.academiereglement.laatst_vastgesteld_op": None}))
    assert "laatst vastgesteld door de gemeenteraad op [in te vullen: datum van de laatste vaststelling" in text
    assert_clean(text)


def test_academiereglement_without_remediation():
    text, docx = text_and_docx("academiereglement", variant(**{"afstandsonderwijs.remediering": {"toegestaan": False}}))
    assert "Remediëring" not in text and "remediërende" not in text
    assert "gewettigd met een attest" not in text
    assert styles_of(docx, nonempty=False).count("Ingevoegd artikel") == 8
    assert_clean(text)


def test_academiereglement_remediation_conditions(academie):
    text, _ = academie
    assert "Remediëring bij gewettigde afwezigheid" in text
    assert "de afwezigheid is gewettigd met een attest" in text


def test_academiereglement_recording_forbidden(academie):
    text, _ = academie
    # the reference: only teachers may record (with consent), pupils may not, spreading is forbidden
    assert "Een leerling mag de lessen niet opnemen" in text
    assert "Een leerkracht mag een les geheel of gedeeltelijk opnemen" in text
    assert "te verspreiden, met anderen te delen of openbaar te maken" in text


def test_academiereglement_recording_with_consent():
    text, _ = text_and_docx(
        "academiereglement",
        variant(
            **{
                "opnames.leerlingen": "enkel_met_toestemming",
                "opnames.verspreiden": "enkel_met_toestemming",
                "opnames.bewaartermijn_dagen": 14,
            }
        ),
    )
    assert "Een leerling mag een les geheel of gedeeltelijk opnemen" in text
    assert "de academie wist de opname uiterlijk 14 dagen na de les" in text
    assert "Een leerling mag de lessen niet opnemen" not in text
    assert "mogen alleen verspreid, met anderen gedeeld of openbaar gemaakt worden" in text
    assert "Het is verboden om opnames" not in text
    assert "orde- of tuchtmaatregel" in text
    assert_clean(text)


def test_academiereglement_evaluation_unknown_is_placeholder():
    data = reference_data()
    data["afstandsonderwijs"]["vakken"][0]["geevalueerd"] = None
    text, _ = text_and_docx("academiereglement", data)
    assert "Muziekcultuur (3de graad): [in te vullen: worden ze geëvalueerd of niet];" in text
    assert "[in te vullen: ja of nee]" in text
    assert_clean(text)


def test_academiereglement_special_characters():
    data = variant(**{"academie.naam": SPECIAL, "schoolbestuur.functionaris_gegevensbescherming.naam": "Zoë D'Hondt & Co"})
    data["afstandsonderwijs"]["vakken"][0]["vak"] = "Geschiedenis <muziek> & «cultuur»"
    data["afstandsonderwijs"]["vestigingsplaatsen"][1]["naam"] = 'Filiaal "Het Plein" & <Noord>'
    text, docx = text_and_docx("academiereglement", data)
    assert SPECIAL in text
    assert "Zoë D'Hondt & Co" in text
    assert "Geschiedenis <muziek> & «cultuur»" in text
    assert 'Filiaal "Het Plein" & <Noord>' in text
    assert_clean(text.replace(SPECIAL, ""))
    assert SPECIAL in open_docx(docx).core_properties.title


def test_academiereglement_without_dpo_or_platform():
    data = variant(**{"schoolbestuur.functionaris_gegevensbescherming": None, "afstandsonderwijs.platform": None})
    text, _ = text_and_docx("academiereglement", data)
    assert "[in te vullen: naam en e-mailadres van de DPO]" in text
    assert "naam van het platform" not in text  # the regulation does not name it
    assert_clean(text)


# ------------------------------------------------------------- arbeidsreglement


def test_arbeidsreglement_reference_facts(arbeid):
    text, _ = arbeid
    data = reference_data()
    assert_clean(text)
    assert "Wijziging van het arbeidsreglement" in text
    assert data["academie"]["naam"] in text
    assert "wet van 8 april 1965 tot instelling van de arbeidsreglementen" in text
    assert "onderhandelingscomité (ABOC) op 10 februari 2027" in text
    assert "De wijziging wordt vastgesteld door de gemeenteraad." in text
    assert "laatst vastgesteld op 20 december 2021" in text
    assert "Aldus vastgesteld door de gemeenteraad in zitting van 22 maart 2027." in text
    assert "Jan Janssens" in text and "Els Claes" in text
    assert "treedt in werking op 1 september 2027" in text
    assert "Microsoft Teams" not in text
    assert "Pieter Wouters, dpo@voorbeeldstad.be" in text
    assert "gemeentebestuur" in text
    # academie_of_thuis: both places, and the conditions for home
    assert "vanuit de academie, in een lokaal dat de directeur daarvoor aanwijst, of van thuis uit" in text
    assert "Voorwaarden voor het werk van thuis uit" in text
    assert data["personeel"]["voorwaarden_thuiswerk"] in text
    # staff may record with consent, retention 30 days; spreading forbidden
    assert "Een personeelslid mag een les geheel of gedeeltelijk opnemen" in text
    assert "het personeelslid wist de opname uiterlijk 30 dagen na de les" in text
    assert "Het is verboden opnames" in text
    assert "tuchtmaatregel" in text
    assert "Toezicht in een vestigingsplaats" in text
    assert "Een lestijd interactief afstandsonderwijs telt als een gewone lestijd" in text
    # professionalisation
    assert "Professionalisering" in text
    assert data["personeel"]["professionalisering"] in text
    assert text.count("“") == 1 and text.count("”") == 1


def test_arbeidsreglement_styles(arbeid):
    _, docx = arbeid
    styles = styles_of(docx, nonempty=False)
    assert styles.count("Title") == 1
    assert styles.count("Heading 1") == 2
    assert styles.count("Artikel") == 3  # insertion, entry into force, publication and copy to the inspectorate
    assert styles.count("Ingevoegd artikel") == 10
    assert "Noot" not in styles and "Ingevoegde opsomming" in styles
    assert len(comments_of(docx)) >= 5  # the notes, as Word comments


def test_arbeidsreglement_college():
    text, _ = text_and_docx("arbeidsreglement", variant(**{"schoolbestuur.arbeidsreglement_vastgesteld_door": "college"}))
    assert "vastgesteld door het college van burgemeester en schepenen, op grond van de delegatie door de gemeenteraad" in text
    assert "Ontwerp voor: het college van burgemeester en schepenen" in text
    assert "Aldus vastgesteld door het college van burgemeester en schepenen in zitting van [in te vullen: datum van de collegezitting]" in text
    assert "Karel De Smet" in text
    assert "Namens het college" in text
    assert "Jan Janssens" not in text and "Namens de gemeenteraad" not in text
    assert_clean(text)


def test_arbeidsreglement_inzet_academie():
    text, docx = text_and_docx("arbeidsreglement", variant(**{"personeel.inzet": "academie"}))
    assert "Interactief afstandsonderwijs geven van thuis uit is niet toegestaan." in text
    assert "Voorwaarden voor het werk van thuis uit" not in text
    assert reference_data()["personeel"]["voorwaarden_thuiswerk"] not in text
    assert styles_of(docx, nonempty=False).count("Ingevoegd artikel") == 9
    assert_clean(text)


def test_arbeidsreglement_inzet_thuis():
    text, _ = text_and_docx("arbeidsreglement", variant(**{"personeel.inzet": "thuis"}))
    assert "geeft het interactief afstandsonderwijs van thuis uit" in text
    assert "Voorwaarden voor het werk van thuis uit" in text
    assert reference_data()["personeel"]["voorwaarden_thuiswerk"] in text
    assert_clean(text)


def test_arbeidsreglement_thuis_without_conditions_is_placeholder():
    text, _ = text_and_docx("arbeidsreglement", variant(**{"personeel.inzet": "thuis", "personeel.voorwaarden_thuiswerk": None}))
    assert "[in te vullen: voorwaarden voor thuiswerk]" in text
    assert_clean(text)


def test_arbeidsreglement_recording_forbidden_for_staff():
    text, _ = text_and_docx("arbeidsreglement", variant(**{"opnames.leerkrachten": "verboden"}))
    assert "Niemand mag de lessen opnemen." in text  # pupils may not record either
    assert "dagen na de les" not in text
    assert_clean(text)


def test_arbeidsreglement_without_professionalisation():
    text, docx = text_and_docx("arbeidsreglement", variant(**{"personeel.professionalisering_nodig": False}))
    assert "Professionalisering" not in text and "professionaliseringsplan" not in text
    assert text.count("“") == 1 and text.count("”") == 1
    assert "wordt daarvan op de hoogte gebracht.”" in text  # the staff member's own data close the chapter
    assert styles_of(docx, nonempty=False).count("Ingevoegd artikel") == 9
    assert_clean(text)


def test_arbeidsreglement_special_characters():
    data = variant(**{"academie.naam": SPECIAL, "schoolbestuur.naam": "Stad Zoë & <Ève>"})
    text, docx = text_and_docx("arbeidsreglement", data)
    assert SPECIAL in text
    assert "Stad Zoë & <Ève>" in text
    assert_clean(text.replace(SPECIAL, ""))
    assert open_docx(docx).core_properties.author == "Stad Zoë & <Ève>"
