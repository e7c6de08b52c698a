"""The preparation-phase documents: principebeslissing, personeelsoverleg, platformscreening
and beginanalyse-personeel (voorbereiding, steps 1, 2, 3 and 5 of the step plan).

Each test renders a template for the reference profile or a variant and reads the text
back: the facts of the profile, the conditional parts, the styles, no template debris.
"""

from __future__ import annotations

import pytest

from generator.dossier import documents
from generator.profile.loading import profile_from_data
from tests.dossier import assert_clean, comments_of, open_docx, reference_data, styles_of, text_and_docx, variant

KINDS = ("principebeslissing", "personeelsoverleg", "platformscreening", "beginanalyse-personeel")
SPECIAL = 'Academie "De Kunst" & <Co> {{ x }}'
VAKKEN = ("Muziekcultuur", "Literair atelier", "Kunst- en cultuurbeschouwing")
STRUCTUUR = ("3de graad", "2de graad volwassenen", "4de graad", "kortlopende studierichting")


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[str, bytes]]:
    return {kind: text_and_docx(kind) for kind in KINDS}


# ------------------------------------------------------------------ registration


def test_registered_first_in_the_preparation_phase():
    profiel = profile_from_data(reference_data()).profiel
    kinds = documents.kinds_for(profiel)
    assert [k.kind for k in kinds[:4]] == list(KINDS)
    expected = {
        "principebeslissing": "Nota principebeslissing college",
        "personeelsoverleg": "Agenda en verslag personeelsoverleg",
        "platformscreening": "AVG-screening van het platform",
        "beginanalyse-personeel": "Beginanalyse personeel",
    }
    for k in kinds[:4]:
        assert k.phase == "voorbereiding"
        assert k.title == expected[k.kind]
        assert k.filename(profiel) == f"{k.kind}-2027-2028.docx"


def test_stappenplan_links_the_preparation_steps_to_their_files():
    text, _ = text_and_docx("stappenplan")
    for kind in KINDS:
        assert documents.KINDS[kind].title in text


# ------------------------------------------------------------------ all four


@pytest.mark.parametrize("kind", KINDS)
def test_clean_styled_and_with_the_profile_facts(rendered, kind):
    text, docx = rendered[kind]
    assert_clean(text)
    styles = styles_of(docx)
    assert styles.count("Title") == 1
    assert "Heading 1" in styles
    for fact in ("Academie voor Muziek, Woord en Dans Voorbeeldstad", "Gemeente Voorbeeldstad", "Microsoft Teams", *VAKKEN, *STRUCTUUR):
        assert fact in text, fact


@pytest.mark.parametrize("kind", KINDS)
def test_special_characters_come_out_literally(kind):
    data = variant(
        **{
            "academie.naam": SPECIAL,
            "afstandsonderwijs.platform": 'Les & Co <live> "{{ y }}"',
            "verwerker.naam": "Platform <B&V> {% if %}",
            "schoolbestuur.functionaris_gegevensbescherming.naam": 'Zoë "DPO" & <Zn>',
        }
    )
    text, _ = text_and_docx(kind, data)
    assert SPECIAL in text
    assert 'Les & Co <live> "{{ y }}"' in text
    if kind in ("principebeslissing", "platformscreening"):
        assert "Platform <B&V> {% if %}" in text
    if kind != "personeelsoverleg":
        assert 'Zoë "DPO" & <Zn>' in text


# ------------------------------------------------------------------ principebeslissing


def test_principebeslissing(rendered):
    text, docx = rendered["principebeslissing"]
    for fact in (
        "An Peeters",
        "Sofie Maes",
        "Leerplatform Vlaanderen NV",
        "Pieter Wouters",
        "10 februari 2027",
        "22 maart 2027",
        "3 mei 2027",
        "1 september 2027",
        "vanuit de academie of van thuis uit",
        "Een rustige werkplek",
        "Twee nascholingsmomenten",
        "Hoofdvestiging Kunstlaan en Filiaal Dorpsplein",
        "2024",
        "hybride onderwijs",
        "Het college van burgemeester en schepenen beslist:",
        "nieuwe overeenkomst",
        "remediërende leeractiviteiten",
        "Karel De Smet",
        "Els Claes",
    ):
        assert fact in text, fact
    assert [p.style.name for p in open_docx(docx).paragraphs].count("Artikel") == 4
    table = open_docx(docx).tables[1]  # tables[0]: agenda item and reference
    assert [c.text for c in table.rows[1].cells] == ["Muziekcultuur", "muziek", "3de graad", "25\u00a0%", "ja"]
    assert len(table.rows) == 5


def test_principebeslissing_variants():
    text, _ = text_and_docx(
        "principebeslissing",
        variant(**{"personeel.inzet": "academie", "afstandsonderwijs.remediering.toegestaan": False, "verwerker.bestaande_overeenkomst": True}),
    )
    assert_clean(text)
    assert "vanuit de academie" in text and "van thuis uit lesgeeft" not in text
    assert "Een rustige werkplek" not in text
    assert "remediërende" not in text
    assert "addendum" in text and "nieuwe overeenkomst" not in text
    text, _ = text_and_docx("principebeslissing", variant(**{"personeel.inzet": None}))
    assert_clean(text)
    assert "[in te vullen: vanuit de academie, van thuis uit" in text


def test_principebeslissing_council_agenda_follows_the_delegations():
    text, _ = text_and_docx(
        "principebeslissing",
        variant(**{"schoolbestuur.arbeidsreglement_vastgesteld_door": "college", "schoolbestuur.verwerkersovereenkomst_gesloten_door": "gemeenteraad"}),
    )
    assert_clean(text)
    # the college prepares and communicates; the voorzitter of the gemeenteraad draws up the agenda
    assert (
        "Het college bereidt het ontwerp van wijziging van het academiereglement en het ontwerp van "
        "verwerkersovereenkomst voor en deelt ze, als punten voor de zitting van 22 maart 2027, mee aan de "
        "voorzitter van de gemeenteraad, die de agenda van de gemeenteraad opstelt."
    ) in text
    assert "De wijziging van het arbeidsreglement en het aangepaste professionaliseringsplan stelt het college" in text
    assert "neemt" not in text.split("Ontwerpbeslissing", 1)[1]
    text, _ = text_and_docx("principebeslissing")
    assert (
        "Het college bereidt het ontwerp van wijziging van het academiereglement en het ontwerp van wijziging van het arbeidsreglement voor en deelt ze"
    ) in text
    assert "stelt het college" not in text


# ------------------------------------------------------------------ personeelsoverleg


def test_personeelsoverleg(rendered):
    text, docx = rendered["personeelsoverleg"]
    for fact in (
        "☐ bevestigd ☐ gewijzigd",
        "25\u00a0%",
        "75\u00a0%",
        "40\u00a0%",
        "60\u00a0%",
        "artistiek-pedagogisch project",
        "nooit volledig",
        "De leerling vraagt het zelf aan",
        "vanuit de academie of van thuis uit",
        "Een rustige werkplek",
        "10 februari 2027",
        "22 maart 2027",
        "Verslag van het overleg",
        "[in te vullen: datum en uur]",
        "[in te vullen: namen van de aanwezige leerkrachten]",
        "Beslissingen per punt",
        "Opmerkingen",
        "Volgende stappen",
    ):
        assert fact in text, fact
    tables = open_docx(docx).tables
    evaluatie = [[c.text for c in row.cells] for row in tables[2].rows]
    assert evaluatie[1][:3] == ["Muziekcultuur", "3de graad", "ja"]
    assert evaluatie[2][:3] == ["Muziekcultuur", "2de graad volwassenen", "nee"]


def test_personeelsoverleg_without_remediation_and_from_the_academy():
    text, _ = text_and_docx("personeelsoverleg", variant(**{"afstandsonderwijs.remediering.toegestaan": False, "personeel.inzet": "academie"}))
    assert_clean(text)
    assert "niet gebruikt voor remediëring" in text
    assert "De leerling vraagt het zelf aan" not in text
    assert "de leerkrachten geven het interactief afstandsonderwijs vanuit de academie." in text
    assert "Een rustige werkplek" not in text


# ------------------------------------------------------------------ platformscreening


def test_platformscreening(rendered):
    text, docx = rendered["platformscreening"]
    for fact in (
        "Pieter Wouters",
        "dpo@voorbeeldstad.be",
        "Leerplatform Vlaanderen NV",
        "Stationsstraat 40, 9000 Gent",
        "0876.543.270",
        "Voorbeeld Cloud Diensten BV",
        "hosting en opslag",
        "Nederland",
        "binnen de Europese Economische Ruimte (EER)",
        "Beeld",
        "Geluid",
        "Chat",
        "Gedeelde bestanden",
        "Verbindingsgegevens en logbestanden",
        "minderjarig",
        "24 uur",
        "30 dagen",
        "Versleuteling",
        "Meervoudige authenticatie",
        "Logging",
        "Wachtruimte",
        "artikel 35 van de AVG",
        "Innovatief gebruik of toepassing van nieuwe technologische of organisatorische oplossingen",
        "kwetsbare betrokkenen",
        "[in te vullen: door de DPO te beantwoorden]",
        "[in te vullen: antwoord van de aanbieder]",
        "☐ gunstig ☐ gunstig met voorwaarden ☐ ongunstig",
        "Het ontwerp staat in het dossier.",
        "Evaluatiegegevens",
        "Opnames",
    ):
        assert fact in text, fact
    assert "hoofdstuk V" not in text


def test_platformscreening_outside_the_eea_with_an_existing_agreement():
    data = variant(
        **{
            "verwerker.opslaglocatie": "buiten_EER",
            "verwerker.bestaande_overeenkomst": True,
            "opnames.leerkrachten": "verboden",
            "afstandsonderwijs.remediering.toegestaan": False,
        }
    )
    text, docx = text_and_docx("platformscreening", data)
    assert_clean(text)
    assert "buiten de Europese Economische Ruimte (EER)" in text
    assert "hoofdstuk V van de AVG" in text and "standaardcontractbepalingen" in text
    assert "doorgifte buiten de EER" in text
    assert "addendum" in text and "verwerkersovereenkomst-nieuw" not in text
    assert "Niemand mag de lessen opnemen." in text
    assert "remediërende" not in text


def test_platformscreening_without_subprocessors_or_evaluation():
    data = reference_data()
    data["verwerker"]["subverwerkers"] = []
    for v in data["afstandsonderwijs"]["vakken"]:
        v["geevalueerd"] = False
    text, docx = text_and_docx("platformscreening", data)
    assert_clean(text)
    assert any("nog geen subverwerkers opgegeven" in comment for comment in comments_of(docx))  # a note, shown as a comment
    assert "Evaluatiegegevens" not in text


# ------------------------------------------------------------------ beginanalyse-personeel


def test_beginanalyse_personeel(rendered):
    text, _ = rendered["beginanalyse-personeel"]
    for fact in (
        "☐ 1 ☐ 2 ☐ 3 ☐ 4",
        "Het platform",
        "Camera, microfoon en geluid",
        "Interactie en didactiek",
        "Klasmanagement online",
        "Digitaal lesmateriaal",
        "Auteursrecht en portretrecht",
        "Privacy (AVG)",
        "Materiaal en verbinding thuis",  # numbered 2. by Word
        "Een rustige werkplek",
        "3. Lesgeven vanuit de academie",
        "4. Professionalisering",
        "Twee nascholingsmomenten",
        "Pieter Wouters",
        "An Peeters",
        "16 december 2026",
        "niet gebruikt om u te evalueren",
    ):
        assert fact in text, fact


def test_beginanalyse_personeel_by_deployment():
    text, _ = text_and_docx("beginanalyse-personeel", variant(**{"personeel.inzet": "academie"}))
    assert_clean(text)
    assert "Materiaal en verbinding thuis" not in text and "Een rustige werkplek" not in text
    assert "2. Lesgeven vanuit de academie" in text and "3. Professionalisering" in text
    text, _ = text_and_docx("beginanalyse-personeel", variant(**{"personeel.inzet": "thuis", "personeel.professionalisering_nodig": False}))
    assert_clean(text)
    # teaching from home keeps a fallback to a room of the academy (issue 11, point 11)
    assert "Materiaal en verbinding thuis" in text and "lokaal van de academie" in text
    assert "Professionalisering" in text and "Twee nascholingsmomenten" not in text
