"""The data processing agreement (verwerkersovereenkomst, art. 28 AVG) or its addendum:
the text read back from the rendered .docx follows the profile."""

import pytest

from tests.dossier import assert_clean, comments_of, contrasting, open_docx, reference_data, render_kind, text_and_docx, text_of, variant

KIND = "verwerkersovereenkomst"

# Article 28(3) AVG, (a) to (h): the lead-in of each letter and a phrase of its content.
ART_28_3 = {
    "a) Schriftelijke instructies.": "doorgifte van persoonsgegevens aan een derde land of een internationale organisatie",
    "b) Vertrouwelijkheid.": "zich tot vertrouwelijkheid verbonden hebben",
    "c) Beveiliging van de verwerking.": "artikel 32 van de AVG",
    "d) Subverwerkers.": "voorafgaande specifieke of algemene schriftelijke toestemming",
    "e) Bijstand bij de rechten van de betrokkenen.": "hoofdstuk III van de AVG",
    "f) Bijstand bij de beveiliging, de meldingen en de effectbeoordeling.": "artikelen 32 tot en met 36 van de AVG",
    "g) Wissing of terugbezorging.": "bestaande kopieën te verwijderen",
    "h) Informatie en audits.": "met inbegrip van inspecties",
}


def _render(changes: dict) -> bytes:
    return text_and_docx(KIND, variant(**changes))[1]


def _text(**changes) -> str:
    return text_of(_render(changes))


def _doc(**changes):
    return open_docx(_render(changes))


def _styled(doc, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == style]


def _signature_text(doc) -> str:
    tables = [t for t in doc.tables if t.style is not None and t.style.name == "Handtekeningtabel"]
    assert len(tables) == 1
    return "\n".join(c.text for row in tables[0].rows for c in row.cells)


def _paragraph_after(doc, lead_in: str) -> str:
    return next(p.text for p in doc.paragraphs if p.text.startswith(lead_in))


def test_reference_agreement_has_parties_facts_and_structure():
    doc = _doc()
    text = _text()
    assert_clean(text)
    assert _styled(doc, "Title") == ["Verwerkersovereenkomst"]
    headings = _styled(doc, "Heading 1")
    for heading in (
        "Partijen",
        "Bijlage 1. Beschrijving van de verwerking",
        "Bijlage 2. Technische en organisatorische maatregelen",
        "Bijlage 3. Subverwerkers",
    ):
        assert heading in headings
    articles = _styled(doc, "Artikel")
    for title in (
        "Begripsbepalingen",
        "Voorwerp, aard en doel van de verwerking",
        "Categorieën van betrokkenen en van persoonsgegevens",
        "Verplichtingen van de verwerker",
        "Melding van een inbreuk in verband met persoonsgegevens",
        "Plaats van de verwerking",
        "Opnames van de lessen",
        "Aansprakelijkheid",
        "Duur en beëindiging",
        "Toepasselijk recht en bevoegde rechtbanken",
        "Contactpersonen",
    ):
        assert title in articles
    # Parties: the schoolbestuur as controller, represented as the delegation says; the processor.
    parties = _paragraph_after(doc, "Gemeente Voorbeeldstad, met zetel te Markt 1, 9999 Voorbeeldstad")
    assert "0207.654.333" in parties and "het college van burgemeester en schepenen" in parties
    assert "Karel De Smet, burgemeester, en Els Claes, algemeen directeur" in parties
    assert "als schoolbestuur van de Academie voor Muziek, Woord en Dans Voorbeeldstad" in parties
    processor = _paragraph_after(doc, "Leerplatform Vlaanderen NV, met zetel te Stationsstraat 40, 9000 Gent")
    assert "0876.543.270" in processor
    assert "hierna “de verwerkingsverantwoordelijke” genoemd" in text and "hierna “de verwerker” genoemd" in text
    # Platform, DPO, data subjects and categories.
    assert "via het digitale platform Microsoft Teams" in text
    assert "Pieter Wouters (dpo@voorbeeldstad.be)" in text
    for subject in ("de leerlingen van de academie", "de ouders of voogden van minderjarige leerlingen", "de personeelsleden van de academie"):
        assert subject in text
    for category in (
        "identificatie- en contactgegevens",
        "accountgegevens",
        "beeld en geluid van de betrokkenen tijdens de live lessen",
        "chatberichten en gedeelde bestanden",
        "verbindings- en loggegevens",
    ):
        assert category in text
    assert "namelijk die van Muziekcultuur (3de graad) en Literair atelier (4de graad)." in text
    assert "de eerste lesdag is 1 september 2027" in text
    assert "voordat de verwerker daarvoor persoonsgegevens verwerkt" in text
    assert "beheerst door het Belgische recht" in text
    assert "[in te vullen: plaats] op [in te vullen: datum]" in text
    # Storage in the EEA: the one transfer sentence, no transfer article, no transfer note.
    assert "De verwerker verwerkt en bewaart de persoonsgegevens uitsluitend binnen de Europese Economische Ruimte (EER)" in text
    assert "Doorgifte van persoonsgegevens buiten de EER" not in articles
    assert "standaardcontractbepalingen" not in text
    # Recordings as the profile says.
    assert "de opnamefunctie is uitgeschakeld voor leerlingen" in text
    assert "automatisch gewist 30 dagen nadat ze gemaakt zijn" in text


def test_every_element_of_article_28_3_is_recognisable():
    doc = _doc()
    # lettered a) to h) by Word numbering (style "Lijst letters"), not typed
    paragraphs = [p for p in doc.paragraphs if p.style.name == "Lijst letters"]
    assert len(paragraphs) == len(ART_28_3) == 8
    for paragraph, (lead_in, phrase) in zip(paragraphs, ART_28_3.items()):
        lead_in = lead_in[3:]
        assert paragraph.text.startswith(lead_in)
        assert phrase in paragraph.text, lead_in
        # The lead-in is bold (character style Strong), so the letter stands out.
        assert paragraph.runs[0].style.name == "Strong" and paragraph.runs[0].text == lead_in


def test_breach_notification_term_and_contents():
    text = _text()
    assert "zonder onredelijke vertraging en uiterlijk binnen 24 uur nadat hij de inbreuk ontdekt heeft" in text
    assert "artikel 33, lid 3, van de AVG" in text
    for item in (
        "de aard van de inbreuk",
        "de waarschijnlijke gevolgen van de inbreuk",
        "de naam en de contactgegevens van de functionaris voor gegevensbescherming",
    ):
        assert item in text
    text48 = _text(**{"verwerker.meldtermijn_datalek_uren": 48})
    assert "uiterlijk binnen 48 uur" in text48 and "termijn van 48 uur" in text48
    assert "24 uur" not in text48


def test_subverwerkers_table_and_empty_list():
    doc = _doc()
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["Naam", "Dienst", "Land"] in rows
    assert ["Voorbeeld Cloud Diensten BV", "hosting en opslag", "Nederland"] in rows
    data = reference_data()
    data["verwerker"]["subverwerkers"] = [
        {"naam": "Eerste BV", "dienst": "hosting", "locatie": "België"},
        {"naam": "Tweede NV", "dienst": "e-mail", "locatie": None},
    ]
    rows = [[c.text for c in row.cells] for t in open_docx(render_kind(KIND, data)).tables for row in t.rows]
    assert ["Eerste BV", "hosting", "België"] in rows
    assert ["Tweede NV", "e-mail", "[in te vullen: land]"] in rows
    empty = _text(**{"verwerker.subverwerkers": []})
    assert_clean(empty)
    assert "doet de verwerker geen beroep op subverwerkers" in empty
    assert "Voorbeeld Cloud Diensten BV" not in empty


def test_an_objection_to_a_new_subprocessor_opens_a_right_to_terminate():
    # Art. 28(2) AVG gives the right to object; the agreement says what follows from it.
    for name, deze in (("referentie", "deze overeenkomst"), ("stad_college_buiten_eer", "dit addendum")):
        subverwerkers = _paragraph_after(open_docx(text_and_docx(KIND, contrasting(name))[1]), "Subverwerkers.")
        assert "bezwaar kan maken, zoals artikel 28, lid 2, van de AVG bepaalt." in subverwerkers
        assert "dan schakelt de verwerker die subverwerker voor deze verwerking niet in." in subverwerkers
        assert (
            f"dan kan de verwerkingsverantwoordelijke {deze} en de hoofdovereenkomst, voor zover die het interactief afstandsonderwijs "
            "betreft, schriftelijk beëindigen met ingang van de dag waarop de subverwerker ingeschakeld zou worden." in subverwerkers
        )
        assert "Hij is daarvoor geen vergoeding verschuldigd" in subverwerkers


def test_the_processor_does_not_indemnify_administrative_fines():
    # A municipality is not fined under art. 83 AVG (art. 83(7) AVG, art. 221, § 2, of the law
    # of 30 July 2018): the agreement has no indemnity for fines, and the note says why.
    text, docx = text_and_docx(KIND)
    assert "administratieve geldboeten of andere sancties" not in text
    assert "vrijwaart de verwerkingsverantwoordelijke voor vorderingen van derden, met inbegrip van betrokkenen, die het gevolg zijn" in text
    assert "Een administratieve geldboete draagt de partij aan wie ze opgelegd is" in text
    note = next(c for c in comments_of(docx) if "geldboeten" in c)
    assert "Volgens artikel 83, lid 7, van de AVG kan elke lidstaat bepalen" in note
    assert "artikel 221, § 2, van de wet van 30 juli 2018 betreffende de bescherming van natuurlijke personen" in note
    assert "Of de VTC aan een lokaal bestuur een geldboete kan opleggen, is niet nagekeken" in note


def test_addendum_when_an_agreement_exists():
    doc = _doc(**{"verwerker.bestaande_overeenkomst": True})
    text = _text(**{"verwerker.bestaande_overeenkomst": True})
    assert_clean(text)
    titles = _styled(doc, "Title")
    assert titles == ["Addendum bij de verwerkersovereenkomst"]
    assert "Verwerkersovereenkomst" not in titles
    articles = _styled(doc, "Artikel")
    assert articles[0] == "Wijziging van de bestaande verwerkersovereenkomst"
    assert "[in te vullen: datum van de bestaande verwerkersovereenkomst]" in text
    assert "gewijzigd en aangevuld met de bepalingen van dit addendum" in text
    assert "blijven alle bepalingen van de bestaande overeenkomst ongewijzigd van toepassing" in text
    assert "Dit addendum eindigt van rechtswege" in text
    assert "Deze overeenkomst eindigt" not in text
    # The Art. 28(3) elements are in the addendum too.
    for lead_in in ART_28_3:
        assert lead_in[3:] in text


def test_storage_outside_the_eea_adds_a_transfer_article():
    data = contrasting("stad_college_buiten_eer")
    text, docx = text_and_docx(KIND, data)
    assert_clean(text)
    assert "Doorgifte van persoonsgegevens buiten de EER" in _styled(open_docx(docx), "Artikel")
    assert "standaardcontractbepalingen" in text and "transfer impact assessment" in text
    assert "uitsluitend binnen de Europese Economische Ruimte" not in text
    assert "[in te vullen: land of landen" not in text and "geheel of gedeeltelijk" not in text


@pytest.mark.parametrize(
    "door, signatories, absent",
    [
        ("college", ["Karel De Smet", "burgemeester", "Els Claes", "algemeen directeur"], ["Jan Janssens"]),
        ("gemeenteraad", ["Jan Janssens", "voorzitter van de gemeenteraad", "Els Claes", "algemeen directeur"], ["Karel De Smet"]),
        ("algemeen_directeur", ["Els Claes", "algemeen directeur"], ["Jan Janssens", "Karel De Smet", "burgemeester"]),
    ],
)
def test_signatories_follow_the_deciding_body(door, signatories, absent):
    changes = {"schoolbestuur.verwerkersovereenkomst_gesloten_door": door}
    doc = _doc(**changes)
    assert_clean(_text(**changes))
    signatures = _signature_text(doc)
    assert "Voor de verwerkingsverantwoordelijke, Gemeente Voorbeeldstad" in signatures
    assert "Voor de verwerker, Leerplatform Vlaanderen NV" in signatures
    assert "[in te vullen: naam van de ondertekenaar]" in signatures
    assert "namens" not in signatures.lower()
    # the signatories in order: the first signs, the algemeen directeur co-signs
    lines = [line for line in signatures.splitlines() if line in signatories]
    assert lines == signatories
    for name in absent:
        assert name not in signatures, name
    # The parties clause names the same representatives, in one paragraph.
    parties = _paragraph_after(doc, "Gemeente Voorbeeldstad, met zetel te")
    assert f"vertegenwoordigd door {signatories[0]}, {signatories[1]}" in parties
    for name in absent:
        assert name not in parties


def test_no_evaluation_data_when_nothing_is_evaluated():
    changes = {f"afstandsonderwijs.vakken.{i}.geevalueerd": False for i in range(4)}
    text = _text(**changes)
    assert_clean(text)
    assert "evaluatiegegevens" not in text.lower()
    assert "Evaluatiegegevens" not in text


def test_recordings_allowed_for_students_with_consent_and_forbidden_for_all():
    text = _text(**{"opnames.leerlingen": "enkel_met_toestemming"})
    assert "leerlingen kunnen een les alleen opnemen met de opnamefunctie van het platform, als de leerkracht" in text
    none = _text(**{"opnames.leerlingen": "verboden", "opnames.leerkrachten": "verboden"})
    assert_clean(none)
    assert "Niemand mag de lessen opnemen: de verwerker stelt het platform zo in" in none
    assert "automatisch gewist" not in none and "met toestemming" not in none
    assert "Opname-instellingen" not in none and "toegelaten opname" not in none


def test_names_with_markup_characters_come_out_literally():
    odd = 'Academie "De Kunst" & <Co> {{ x }}'
    verwerker = 'Platform & Zonen <NV> "Live" {% raw %}'
    sub = "Sub & Co <BV> {{ y }}"
    data = variant(
        **{
            "academie.naam": odd,
            "verwerker.naam": verwerker,
            "verwerker.subverwerkers": [{"naam": sub, "dienst": "opslag & back-up", "locatie": "België"}],
            "schoolbestuur.functionaris_gegevensbescherming.naam": "Zoë D'Hondt-Çelik",
        }
    )
    docx = render_kind(KIND, data)
    text = text_of(docx)
    assert odd in text and verwerker in text and sub in text
    assert "Zoë D'Hondt-Çelik (dpo@voorbeeldstad.be)" in text
    rows = [[c.text for c in row.cells] for t in open_docx(docx).tables for row in t.rows]
    assert [sub, "opslag & back-up", "België"] in rows
    assert_clean(text.replace(odd, "").replace(verwerker, "").replace(sub, ""))


def test_missing_facts_become_placeholders():
    data = reference_data()
    data["verwerker"]["naam"] = None
    data["verwerker"]["adres"] = None
    data["schoolbestuur"]["functionaris_gegevensbescherming"] = None
    text = text_of(render_kind(KIND, data))
    assert_clean(text)
    assert "[in te vullen: naam van de verwerker]" in text
    assert "[in te vullen: adres van de verwerker]" in text
    assert "[in te vullen: naam en e-mailadres van de functionaris voor gegevensbescherming]" in text


def test_the_footer_names_the_variant():
    new = open_docx(_render({})).sections[0].footer.paragraphs[0].text
    addendum = open_docx(_render({"verwerker.bestaande_overeenkomst": True})).sections[0].footer.paragraphs[0].text
    assert new.startswith("Verwerkersovereenkomst – 2027-2028")
    assert addendum.startswith("Addendum bij de verwerkersovereenkomst – 2027-2028")
