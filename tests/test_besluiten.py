"""The decision documents: ontwerpbesluit gemeenteraad, collegebesluit, vakbondsonderhandeling.

Rendered from the real templates for the reference profile and variants; every assertion is on
the text read back from the .docx.
"""

from __future__ import annotations

import json
import re

import pytest

from generator.dossier import documents, filters, rendering
from generator.dossier.bronnen import load_register
from generator.dossier.context import doorgifte
from generator.profile.loading import profile_from_data
from tests.dossier import (
    assert_clean,
    comments_of,
    contrasting,
    kind,
    open_docx,
    reference_data,
    render_kind,
    text_and_docx,
    text_of,
    variant,
)

RAAD, COLLEGE, ONDERHANDELING, PROTOCOL = "gemeenteraadsbesluit", "collegebesluit", "onderhandeling", "protocol"
BESLUITEN = (RAAD, COLLEGE, ONDERHANDELING, PROTOCOL)
UNIONS = ("ACOD Onderwijs", "COC", "VSOA Onderwijs")
TRICKY = 'Academie "De Kunst" & <Co> {{ x }}'

VARIANTS = {
    "referentie": {},
    "arbeidsreglement_college": {"schoolbestuur.arbeidsreglement_vastgesteld_door": "college"},
    "alles_raad": {"schoolbestuur.verwerkersovereenkomst_gesloten_door": "gemeenteraad"},
    "addendum_raad": {"schoolbestuur.verwerkersovereenkomst_gesloten_door": "gemeenteraad", "verwerker.bestaande_overeenkomst": True},
    "geen_professionalisering": {"personeel.professionalisering_nodig": False, "personeel.professionalisering": None},
    "stad": {"schoolbestuur.soort": "stad", "schoolbestuur.naam": "Stad Sint-Niklaas"},
    "enkel_academie": {"personeel.inzet": "academie", "opnames.leerkrachten": "verboden"},
    "buiten_eer": {"verwerker.opslaglocatie": "buiten_EER"},
    "ontbrekend": {"schoolbestuur.voorzitter_gemeenteraad": None, "schoolbestuur.algemeen_directeur": None, "planning.gemeenteraad": None},
    "lastige_namen": {"academie.naam": TRICKY, "schoolbestuur.naam": "Gemeente Hélécine-Émile & Zonen"},
}


def _rendered(name: str, variant_name: str) -> bytes:
    return text_and_docx(name, variant(**VARIANTS[variant_name]))[1]


def text(name: str, variant_name: str = "referentie") -> str:
    return text_of(_rendered(name, variant_name))


def paragraphs(name: str, variant_name: str = "referentie", style: str | None = None) -> list[str]:
    document = open_docx(_rendered(name, variant_name))
    return [p.text for p in document.paragraphs if style is None or p.style.name == style]


def profiel(variant_name: str):
    return profile_from_data(variant(**VARIANTS[variant_name])).profiel


def doorgifte_zin(data: dict) -> str:
    """The transfer sentence as text (highlighted article numbers are Word runs in the Markup)."""
    zin = doorgifte(profile_from_data(data).profiel, load_register())["zin"]
    return filters.PLACEHOLDER.sub("", re.sub(r"<[^>]+>", "", str(zin))).replace("&amp;", "&")


# ------------------------------------------------------------------ registration


def test_kinds_are_registered_with_their_file_names():
    p = profiel("referentie")
    assert kind(RAAD).filename(p) == "gemeenteraadsbesluit-ontwerp-2027-2028.docx"
    assert kind(COLLEGE).filename(p) == "collegebesluit-ontwerp-2027-2028.docx"
    assert kind(ONDERHANDELING).filename(p) == "onderhandeling-2027-2028.docx"
    assert kind(COLLEGE).title == "Ontwerpbesluit college van burgemeester en schepenen"
    assert all(kind(k).phase == "besluitvorming" for k in BESLUITEN)


@pytest.mark.parametrize(
    "variant_name, college",
    [
        ("referentie", True),  # verwerkersovereenkomst door het college
        ("arbeidsreglement_college", True),
        ("alles_raad", False),  # beide door de gemeenteraad: geen collegebesluit
    ],
)
def test_collegebesluit_only_when_the_college_decides(variant_name, college):
    names = [k.kind for k in documents.kinds_for(profiel(variant_name))]
    assert (COLLEGE in names) is college
    assert RAAD in names and ONDERHANDELING in names


def test_collegebesluit_absent_when_the_algemeen_directeur_signs():
    data = variant(**{"schoolbestuur.verwerkersovereenkomst_gesloten_door": "algemeen_directeur"})
    assert COLLEGE not in [k.kind for k in documents.kinds_for(profile_from_data(data).profiel)]


# ------------------------------------------------------------------ gemeenteraadsbesluit


def test_raad_heading_session_and_people():
    t = text(RAAD)
    assert "Besluit van de gemeenteraad" in paragraphs(RAAD, style="Title")
    assert "Gemeente Voorbeeldstad" in t
    assert "Zitting van maandag 22 maart 2027" in t
    assert "Jan Janssens, voorzitter van de gemeenteraad" in t
    assert "Els Claes, algemeen directeur" in t
    assert "Onderwerp:" in t


def test_raad_structure_and_styles():
    headings = paragraphs(RAAD, style="Heading 1")
    assert headings == ["Motivering", "Besluit", "Bijlagen"]
    assert paragraphs(RAAD, style="Heading 2") == ["Aanleiding en context", "Juridische grond", "Argumentatie", "Financiële gevolgen"]
    # Eight articles in the reference: academiereglement, arbeidsreglement, professionaliseringsplan,
    # protocol, staff and inspectorate, publication, entry into force, execution (the college
    # concludes the verwerkersovereenkomst).
    assert len(paragraphs(RAAD, style="Artikel")) == 8
    assert len(paragraphs(RAAD, "alles_raad", style="Artikel")) == 9
    assert len(paragraphs(RAAD, "geen_professionalisering", style="Artikel")) == 7
    assert not paragraphs(RAAD, style="Noot")
    assert any(c.startswith("Noot voor de juridische dienst") for c in comments_of(_rendered(RAAD, "referentie")))


def test_raad_legal_grounds():
    t = text(RAAD)
    for ground in (
        "Gelet op het decreet van 9 maart 2018 betreffende het deeltijds kunstonderwijs",
        "Gelet op het decreet van 22 december 2017 over het lokaal bestuur, in het bijzonder artikel 40",
        "Gelet op de Verordening (EU) 2016/679",
        "Gelet op de wet van 30 juli 2018",
        "Gelet op de wet van 8 april 1965 tot instelling van de arbeidsreglementen",
        "Gelet op de wet van 19 december 1974 tot regeling van de betrekkingen tussen de overheid en de vakbonden "
        "van haar personeel en het koninklijk besluit van 28 september 1984 tot uitvoering van de wet",
        "Gelet op het protocol van de onderhandeling in het afzonderlijk bijzonder onderhandelingscomité (ABOC) van 10 februari 2027",
        "laatst vastgesteld door de gemeenteraad op 24 juni 2024",
    ):
        assert ground in t, ground


def test_raad_context_follows_the_profile():
    t = text(RAAD)
    data = reference_data()
    for vak in data["afstandsonderwijs"]["vakken"]:
        assert vak["vak"] in t and vak["structuuronderdeel"] in t
    for share in ("25\u00a0%", "20\u00a0%", "30\u00a0%", "40\u00a0%"):
        assert share in t
    for site in data["afstandsonderwijs"]["vestigingsplaatsen"]:
        assert site["naam"] in t and site["adres"] in t
    assert "Microsoft Teams" in t and "Leerplatform Vlaanderen NV" in t and "Pieter Wouters" in t
    assert "gemeentelijke academie" in t
    assert "remediërende leeractiviteiten" in t
    assert "uitsluitend binnen de Europese Economische Ruimte (EER)" in t


def test_raad_articles_reference():
    t = text(RAAD)
    assert "De gemeenteraad stelt de wijziging van het academiereglement van de Academie voor Muziek, Woord en Dans Voorbeeldstad vast" in t
    assert "De gemeenteraad stelt de wijziging van het arbeidsreglement" in t
    assert "neemt kennis van het protocol" in t
    assert "bij de inschrijving vanaf 3 mei 2027" in t
    assert "Decreet over het lokaal bestuur" in t.split("Besluit\n", 1)[1]
    assert "treden in werking op 1 september 2027" in t
    # The college concludes the verwerkersovereenkomst: the council does not approve it.
    assert "De gemeenteraad keurt" not in t
    assert "verwerkersovereenkomst-nieuw" not in t


def test_raad_when_the_college_adopts_the_arbeidsreglement():
    t = text(RAAD, "arbeidsreglement_college")
    assert "De gemeenteraad stelt de wijziging van het arbeidsreglement" not in t
    assert "Gelet op de wet van 8 april 1965" not in t
    # the council neither takes note of nor adopts what it delegated: one sentence in the motivation
    assert "kennis" not in t and "arbeidsreglement-wijziging" not in t and "protocol" not in t
    assert "aan het college van burgemeester en schepenen toevertrouwd" in t and "Dit besluit regelt ze daarom niet." in t
    assert "De wijziging van het academiereglement treedt in werking op 1 september 2027" in t
    assert "en van het arbeidsreglement – vaststelling" not in t


def test_raad_approves_the_verwerkersovereenkomst_when_it_concludes_it():
    t = text(RAAD, "alles_raad")
    assert "De gemeenteraad keurt de verwerkersovereenkomst met Leerplatform Vlaanderen NV, Stationsstraat 40, 9000 Gent, goed" in t
    assert "\nBijlagen\n1. Ontwerp van wijziging van het academiereglement\n" in t and "\nVerwerkersovereenkomst\n" not in t
    assert re.search(r"\n\d\. Verwerkersovereenkomst\n", t)
    t = text(RAAD, "addendum_raad")
    assert "De gemeenteraad keurt het addendum bij de verwerkersovereenkomst" in t
    assert re.search(r"\n\d\. Addendum bij de verwerkersovereenkomst\n", t)


def test_raad_annexes_are_named_by_their_title():
    """Issue 22: by title, never by file name (a file is renamed when it is saved)."""
    annexes = text(RAAD).split("\nBijlagen\n", 1)[1].split("\nNamens", 1)[0].splitlines()
    assert annexes[:2] == ["1. Ontwerp van wijziging van het academiereglement", "2. Ontwerp van wijziging van het arbeidsreglement"]


def test_stad_and_gemeente():
    t = text(RAAD, "stad")
    assert "De stad is het schoolbestuur" in t and "stedelijke academie" in t
    assert "gemeentelijke" not in t
    assert "Stad Sint-Niklaas" in t
    assert "ondertekenen" not in t  # the college signs the verwerkersovereenkomst
    c = text(COLLEGE, "stad")
    assert "namens de stad" in c and "register van de verwerkingsactiviteiten van de stad" in c
    assert "namens de gemeente" in text(COLLEGE)


def test_missing_facts_are_highlighted_placeholders():
    t = text(RAAD, "ontbrekend")
    assert "Zitting van [in te vullen: datum van de gemeenteraad]" in t
    assert "[in te vullen: naam van de voorzitter], voorzitter van de gemeenteraad" in t
    assert "[in te vullen: naam van de algemeen directeur], algemeen directeur" in t
    assert rendering.placeholders_in(rendering.document_texts(_rendered(RAAD, "ontbrekend")))


def test_storage_outside_the_eea_uses_the_one_transfer_sentence():
    data = contrasting("stad_college_buiten_eer")
    zin = doorgifte_zin(data)
    assert "Globale Video Inc." in zin
    for name in (RAAD, COLLEGE):
        assert zin in text_and_docx(name, data)[0], name


# ------------------------------------------------------------------ collegebesluit


def test_college_adopts_the_arbeidsreglement_under_delegation():
    t = text(COLLEGE, "arbeidsreglement_college")
    assert "Besluit van het college van burgemeester en schepenen" in paragraphs(COLLEGE, "arbeidsreglement_college", style="Title")
    assert "Zitting van [in te vullen: datum van de zitting van het college]" in t
    assert "Het college stelt de wijziging van het arbeidsreglement voor het personeel van de Academie voor Muziek, Woord en Dans Voorbeeldstad vast" in t
    assert "na onderhandeling in het afzonderlijk bijzonder onderhandelingscomité (ABOC) van 10 februari 2027" in t
    assert "Gelet op het besluit van de gemeenteraad van [in te vullen: datum van het delegatiebesluit]" in t
    assert "Gelet op de wet van 8 april 1965 tot instelling van de arbeidsreglementen" in t
    assert "het koninklijk besluit van 28 september 1984" in t
    assert "treedt in werking op 1 september 2027" in t
    # and, in the same profile, the verwerkersovereenkomst (college by default)
    assert "Het college keurt de verwerkersovereenkomst met Leerplatform Vlaanderen NV" in t
    assert "Pieter Wouters" in t
    # arbeidsreglement, professionaliseringsplan, staff and inspectorate, entry into force;
    # agreement, signatories, register; publication
    assert len(paragraphs(COLLEGE, "arbeidsreglement_college", style="Artikel")) == 8


def test_college_only_decides_what_is_delegated():
    t = text(COLLEGE)  # reference: council adopts the arbeidsreglement, college the overeenkomst
    assert "Het college stelt de wijziging van het arbeidsreglement" not in t
    assert "Gelet op de wet van 8 april 1965" not in t
    assert "Het college keurt de verwerkersovereenkomst met Leerplatform Vlaanderen NV, Stationsstraat 40, 9000 Gent" in t
    assert "Gelet op de Verordening (EU) 2016/679" in t and "in het bijzonder artikel 28" in t
    assert "na advies van de functionaris voor gegevensbescherming" in t
    assert "Karel De Smet, burgemeester-voorzitter" in t
    assert len(paragraphs(COLLEGE, style="Artikel")) == 4  # agreement, signatories, register, publication
    assert (
        "Onderwerp: Academie voor Muziek, Woord en Dans Voorbeeldstad – interactief afstandsonderwijs vanaf het schooljaar 2027-2028 – goedkeuring van de verwerkersovereenkomst met Leerplatform Vlaanderen NV"
        in t
    )


def test_college_addendum():
    t = text(COLLEGE, "arbeidsreglement_college")
    data = variant(**{"verwerker.bestaande_overeenkomst": True})
    a = text_of(render_kind(COLLEGE, data))
    assert "het addendum bij de verwerkersovereenkomst" in a and re.search(r"\n\d\. Addendum bij de verwerkersovereenkomst\n", a)
    assert re.search(r"\n\d\. Verwerkersovereenkomst\n", t)


# ------------------------------------------------------------------ onderhandeling


def test_agendanota():
    t = text(ONDERHANDELING)
    assert paragraphs(ONDERHANDELING, style="Title") == ["Agendanota"]
    assert "Vergadering van woensdag 10 februari 2027" in t
    assert "onderhandelingscomité (ABOC)" in t
    assert "vanuit de academie, in een lokaal dat de directeur daarvoor aanwijst, of van thuis uit" in t
    assert "Voorwaarden voor lesgeven van thuis uit: het schoolbestuur stelt het volgende voor.\nEen rustige werkplek" in t
    assert "met voorafgaande toestemming van de directeur en van alle deelnemers; de opname wordt na 30 dagen gewist" in t
    assert "Daarna stelt de gemeenteraad ze vast, in de zitting van 22 maart 2027" in t
    assert "Punt 2. Aanpassing van het professionaliseringsplan" in paragraphs(ONDERHANDELING, style="Heading 1")
    assert "Twee nascholingsmomenten" in t
    assert "De volledige tekst staat in het ontwerp van wijziging van het arbeidsreglement." in t


def test_agendanota_without_professionalisation_or_home_work():
    t = text(ONDERHANDELING, "geen_professionalisering")
    assert "professionaliseringsplan" not in t
    assert "professionaliseringsplan" not in text(RAAD, "geen_professionalisering")
    t = text(ONDERHANDELING, "enkel_academie")
    assert "van thuis uit" not in t
    assert "de leerkrachten nemen de lessen niet op" in t
    assert "Daarna stelt het college van burgemeester en schepenen ze vast, uiterlijk op 15 maart 2027." in text(ONDERHANDELING, "arbeidsreglement_college")


def test_protocol():
    document = open_docx(_rendered(PROTOCOL, "referentie"))
    t = text(PROTOCOL)
    for union in UNIONS:
        assert t.count(union) >= 3, union  # parties, positions, signatures
    assert t.count("☐") == 2  # agreement, or each delegation's position
    assert "☐ Akkoord." in t and "☐ Geen akkoord." in t
    assert "met opmerkingen" not in t
    assert "Afvaardiging van het schoolbestuur (Gemeente Voorbeeldstad)" in t
    assert "met toepassing van de wet van 19 december 1974" in t and "koninklijk besluit van 28 september 1984" in t
    assert "Opgemaakt te [in te vullen: plaats] op 10 februari 2027" in t
    assert any(t.style.name == "Handtekeningtabel" for t in document.tables)
    assert any(t.style.name == "Gegevenstabel" for t in document.tables)
    # The protocol is a document of its own (tests/test_afdruk.py).
    assert kind(PROTOCOL).filename(profiel("referentie")) == "protocol-onderhandeling-2027-2028.docx"


# ------------------------------------------------------------------ every variant


@pytest.mark.parametrize("name", BESLUITEN)
@pytest.mark.parametrize("variant_name", [v for v in VARIANTS if v != "lastige_namen"])
def test_no_debris(name, variant_name):
    assert_clean(text(name, variant_name))


@pytest.mark.parametrize("name", BESLUITEN)
def test_special_characters_come_out_literally(name):
    t = text(name, "lastige_namen")
    assert TRICKY in t
    assert "Gemeente Hélécine-Émile & Zonen" in t
    assert "&amp;" not in t and "&lt;" not in t and "&quot;" not in t
    assert_clean(t.replace(TRICKY, ""))
    properties = open_docx(_rendered(name, "lastige_namen")).core_properties
    assert properties.author == "Gemeente Hélécine-Émile & Zonen"


def test_variants_are_valid_profiles():
    # Every variant used here is a profile the checker accepts as data (not a rule test).
    for name in VARIANTS:
        assert profiel(name).schooljaar == "2027-2028", json.dumps(VARIANTS[name])


def test_the_decision_annexes_the_protocol_as_its_own_document():
    assert re.search(r"\n\d\. Protocol van de vakbondsonderhandeling\n", text(RAAD))
    assert re.search(r"\n\d\. Protocol van de vakbondsonderhandeling\n", text(COLLEGE, "arbeidsreglement_college"))
    assert "onderhandeling-2027-2028.docx)" not in text(RAAD).replace("protocol-onderhandeling-2027-2028.docx)", "")


@pytest.mark.parametrize("profile", ["referentie", "stad_college_buiten_eer", "thuis_algemeen_directeur"])
@pytest.mark.parametrize("name", [k.kind for k in documents.KINDS])
def test_a_document_cites_another_by_its_title_never_by_its_file_name(profile, name):
    """Issue 22: "bijlage 1: de wijziging van het academiereglement", not a file name that
    changes when the secretariat saves or renames the document."""
    text, _ = text_and_docx(name, contrasting(profile))
    assert ".docx" not in text
