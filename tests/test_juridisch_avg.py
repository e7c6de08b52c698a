"""Issue 11, the processing agreement (or addendum) and the platform screening read back
over the contrasting profiles: the VTC as supervisory authority, transfers outside the EEA
per recipient with their tool and a transfer impact assessment, signatories per deciding
body (art. 279 of the decree on local government), recipients in the annexes, the platform
named, and variants that say only what applies."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from generator.dossier.context import build_context
from generator.profile.loading import profile_from_data
from tests.dossier import CONTRASTING, assert_clean, comments_of, contrasting, open_docx, text_and_docx, variant

AGREEMENT = "verwerkersovereenkomst"
SCREENING = "platformscreening"
PROFILES = ["referentie", *CONTRASTING]


def _rows(docx: bytes) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in open_docx(docx).tables for row in table.rows]


def _all_text(docx: bytes) -> str:
    """Paragraphs and table cells: everything a reader sees."""
    return "\n".join([p.text for p in open_docx(docx).paragraphs] + ["\t".join(r) for r in _rows(docx)])


def _doorgifte_zin(data: dict) -> str:
    return str(build_context(profile_from_data(data).profiel)["doorgifte"]["zin"])


def _plain(xml_sentence: str) -> str:
    """A sentence that may contain highlighted runs, as the reader sees it."""
    return re.sub(r"<[^>]+>", "", xml_sentence)


def _highlighted(docx: bytes, fragment: str) -> bool:
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    runs = re.findall(r"<w:r>.*?</w:r>", xml)
    return any(fragment in run and "w:highlight" in run for run in runs)


# --- 1. the supervisory authority is the VTC --------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", [AGREEMENT, SCREENING])
def test_the_supervisory_authority_is_the_vtc(kind, profile):
    text, docx = text_and_docx(kind, contrasting(profile))
    everything = _all_text(docx)
    assert_clean(everything)
    assert "Gegevensbeschermingsautoriteit" not in everything
    assert "Vlaamse Toezichtcommissie" in everything and "VTC" in everything


def test_the_agreement_has_breaches_reported_to_the_vtc():
    text, _ = text_and_docx(AGREEMENT, contrasting("referentie"))
    assert "gemeld wordt aan de toezichthoudende autoriteit, de VTC" in text
    assert "de voorafgaande raadpleging van de toezichthoudende autoriteit, de VTC." in text
    assert "toezichthoudende autoriteit: de Vlaamse Toezichtcommissie voor de verwerking van persoonsgegevens" in text


def test_the_screening_has_breaches_and_complaints_go_to_the_vtc():
    rows = _rows(text_and_docx(SCREENING, contrasting("referentie"))[1])
    melding = next(r[1] for r in rows if r[0] == "Melding van een datalek")
    assert "aan de VTC, zo mogelijk binnen 72 uur" in melding
    autoriteit = next(r[1] for r in rows if r[0] == "Toezichthoudende autoriteit")
    assert "Vlaamse Toezichtcommissie" in autoriteit and "klacht indienen bij de VTC" in autoriteit


# --- 2. transfers outside the EEA ---------------------------------------------------------


def test_outside_the_eea_the_agreement_names_recipient_country_and_module_three():
    data = contrasting("stad_college_buiten_eer")
    text, docx = text_and_docx(AGREEMENT, data)
    assert_clean(text)
    assert [
        "Globale Video Inc.",
        "Verenigde Staten",
        "de standaardcontractbepalingen van Uitvoeringsbesluit (EU) 2021/914, module drie (doorgifte van verwerker aan verwerker)",
    ] in _rows(docx)
    assert "sluit de verwerker met die subverwerker, vóór de eerste doorgifte, de standaardcontractbepalingen" in text
    assert "module twee" not in text and "Bijlage 4" not in text
    # the transfer impact assessment: an obligation in the article and a line in annex 1
    assert (
        "bezorgt de verwerker de verwerkingsverantwoordelijke vóór de ondertekening van dit addendum "
        "een schriftelijke beoordeling van de gevolgen van de doorgifte (transfer impact assessment)" in text
    )
    assert "De functionaris voor gegevensbescherming van de verwerkingsverantwoordelijke geeft advies over die beoordeling" in text
    tia = next(r[1] for r in _rows(docx) if r[0] == "Beoordeling van de doorgifte")
    assert "advies van de functionaris voor gegevensbescherming van [in te vullen: datum]" in tia
    # the recipient in the sub-processor annex, with its country and the transfer
    assert any(r[:3] == ["Globale Video Inc.", "videoverbindingen", "Verenigde Staten"] and r[3].startswith("ja, op grond van") for r in _rows(docx))
    assert ["Voorbeeld Cloud Diensten BV", "hosting en opslag", "Nederland", "nee"] in _rows(docx)
    # no free placeholder for the country and no "geheel of gedeeltelijk"
    assert "[in te vullen: land" not in _all_text(docx) and "geheel of gedeeltelijk" not in text


def test_module_two_when_the_processor_itself_is_outside_the_eea():
    data = contrasting("stad_college_buiten_eer")
    data["verwerker"]["doorgiften"] = [{"ontvanger": "Leerplatform Vlaanderen NV", "land": "Zwitserland", "mechanisme": "standaardcontractbepalingen"}]
    text, docx = text_and_docx(AGREEMENT, data)
    assert_clean(text)
    # the processor is not instructed to transfer to itself: the controller transfers all data to it
    assert not any(r[0] == "Leerplatform Vlaanderen NV" for r in _rows(docx))
    assert "De verwerker is gevestigd in een derde land (Zwitserland) en verwerkt daar alle persoonsgegevens" in text
    assert "geeft alle persoonsgegevens die voor het interactief afstandsonderwijs verwerkt worden door naar een land buiten de" in text
    assert "module twee (doorgifte van verwerkingsverantwoordelijke aan verwerker)" in text
    assert "Voor de doorgifte aan de verwerker zelf sluiten de partijen" in text
    assert "Bijlage 4. Standaardcontractbepalingen voor de doorgifte aan de verwerker" in text
    assert "transfer impact assessment" in text
    assert "module drie" not in text


def test_an_adequacy_decision_needs_no_transfer_impact_assessment():
    data = contrasting("stad_college_buiten_eer")
    data["verwerker"]["doorgiften"][0]["mechanisme"] = "adequaatheidsbesluit"
    text, docx = text_and_docx(AGREEMENT, data)
    assert_clean(text)
    assert "Voor een doorgifte op grond van een adequaatheidsbesluit gaat de functionaris voor gegevensbescherming" in text
    assert "na of het besluit nog van kracht is" in text
    assert "transfer impact assessment" not in _all_text(docx)
    # a US recipient: the DPF decision by its number, and the question whether it is certified
    assert "Uitvoeringsbesluit (EU) 2023/1795, voor zover de ontvanger op de lijst van het EU-VS-gegevensprivacykader staat" in text
    assert "Globale Video Inc. is alleen gedekt als hij op de lijst van het EU-VS-gegevensprivacykader staat" in text
    # the fallback for a sub-processor: module three, else the transfer is suspended
    assert "sluit de verwerker met die subverwerker vóór die datum de standaardcontractbepalingen van Uitvoeringsbesluit (EU) 2021/914, module drie" in text


@pytest.mark.parametrize("profile", PROFILES)
def test_every_document_uses_the_one_transfer_sentence(profile):
    data = contrasting(profile)
    doorgifte = build_context(profile_from_data(data).profiel)["doorgifte"]
    # the agreement binds the processor; the screening checks the provider's statement
    verbintenis, verklaring = _plain(str(doorgifte["verbintenis"])), _plain(str(doorgifte["verklaring"]))
    assert verbintenis in text_and_docx(AGREEMENT, data)[0]
    assert verklaring in text_and_docx(SCREENING, data)[0]
    rows = _rows(text_and_docx(AGREEMENT, data)[1])
    assert next(r[1] for r in rows if r[0] == "Plaats van de verwerking") == verbintenis


@pytest.mark.parametrize("profile", ["referentie", "gemeente_raad", "zonder_remediering"])
def test_inside_the_eea_no_transfer_text(profile):
    text, docx = text_and_docx(AGREEMENT, contrasting(profile))
    everything = _all_text(docx)
    assert "uitsluitend binnen de Europese Economische Ruimte (EER)" in text
    for absent in (
        "Doorgifte van persoonsgegevens buiten de EER",
        "standaardcontractbepalingen",
        "transfer impact assessment",
        "adequaatheidsbesluit",
        "Beoordeling van de doorgifte",
    ):
        assert absent not in everything, absent
    screening = text_and_docx(SCREENING, contrasting(profile))[0]
    assert "standaardcontractbepalingen" not in screening and "transfer impact assessment" not in screening


def test_the_screening_lists_the_transfer_and_asks_the_dpo_for_the_assessment():
    text, docx = text_and_docx(SCREENING, contrasting("stad_college_buiten_eer"))
    assert_clean(text)
    assert any(r[:2] == ["Globale Video Inc.", "Verenigde Staten"] and "module drie" in r[2] for r in _rows(docx))
    assert "Beoordeling van de gevolgen van de doorgifte (transfer impact assessment)" in text
    assert "Advies van de DPO: [in te vullen: door de DPO te beantwoorden]" in text
    assert "Daarbij komt de doorgifte buiten de EER (Verenigde Staten), die de DPO mee weegt." in text


# --- 4. signatories per deciding body -------------------------------------------------------

SIGNATORIES = {
    "referentie": ["Karel De Smet", "burgemeester", "Els Claes", "algemeen directeur"],
    "gemeente_raad": ["Jan Janssens", "voorzitter van de gemeenteraad", "Els Claes", "algemeen directeur"],
    "stad_college_buiten_eer": ["Karel De Smet", "burgemeester", "Els Claes", "algemeen directeur"],
    "zonder_remediering": ["Els Claes", "algemeen directeur"],
    "verwerker_vk_adequaat": ["Karel De Smet", "burgemeester", "Els Claes", "algemeen directeur"],
    "verwerker_buiten_eer_scc": ["Karel De Smet", "burgemeester", "Els Claes", "algemeen directeur"],
    "vs_dpf_leerlingen_opnemen": ["Karel De Smet", "burgemeester", "Els Claes", "algemeen directeur"],
    "vrije_tekst_fragmenten": ["Karel De Smet", "burgemeester", "Els Claes", "algemeen directeur"],
    "vrije_tekst_lijsten": ["Karel De Smet", "burgemeester", "Els Claes", "algemeen directeur"],
    "thuis_algemeen_directeur": ["Els Claes", "algemeen directeur"],
}


@pytest.mark.parametrize("profile", PROFILES)
def test_the_agreement_is_signed_as_the_decree_designates(profile):
    data = contrasting(profile)
    text, docx = text_and_docx(AGREEMENT, data)
    naam = data["schoolbestuur"]["naam"]
    parties = [p.text for p in open_docx(docx).paragraphs if p.text.startswith(f"{naam}, met zetel te")]
    assert len(parties) == 1, "one parties paragraph for the school board"
    signatories = SIGNATORIES[profile]
    assert f"vertegenwoordigd door {signatories[0]}, {signatories[1]}" in parties[0]
    signature_cells = [c for r in _rows(docx) for c in r]
    assert [c for c in signature_cells if c in signatories] == signatories
    assert "namens het college" not in text.lower()


def test_the_decree_article_for_each_body():
    council = text_and_docx(AGREEMENT, contrasting("gemeente_raad"))
    assert (
        "overeenkomstig artikel 279, § 1, eerste lid, van het decreet van 22 december 2017 over het lokaal bestuur, "
        "ter uitvoering van het besluit van de gemeenteraad van 22 maart 2027" in council[0]
    )
    assert not _highlighted(council[1], "artikel 279, § 1")
    college = text_and_docx(AGREEMENT, contrasting("referentie"))
    assert "overeenkomstig artikel 279, § 2, van het decreet van 22 december 2017 over het lokaal bestuur" in college[0]
    assert _highlighted(college[1], "artikel 279, § 2"), "an unverified article number is highlighted"
    director, director_docx = text_and_docx(AGREEMENT, contrasting("zonder_remediering"))
    assert "ter uitvoering van het besluit van de algemeen directeur van [in te vullen: datum van het besluit van de algemeen directeur]" in director
    assert "artikel 279" not in director
    assert any(c.startswith("Noot voor de juridische dienst: de algemeen directeur sluit deze overeenkomst") for c in comments_of(director_docx))


# --- 8. recipients, 9. the platform's name -------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_annex_1_names_processor_and_subprocessors_as_recipients(profile):
    data = contrasting(profile)
    docx = text_and_docx(AGREEMENT, data)[1]
    recipients = next(r[1] for r in _rows(docx) if r[0] == "Ontvangers")
    assert recipients.startswith(f"De verwerker, {data['verwerker']['naam']}, en de subverwerkers die bijlage 3 vermeldt")
    for sub in data["verwerker"]["subverwerkers"]:
        assert sub["naam"] in recipients


def test_annex_1_without_subprocessors():
    docx = text_and_docx(AGREEMENT, variant(**{"verwerker.subverwerkers": []}))[1]
    recipients = next(r[1] for r in _rows(docx) if r[0] == "Ontvangers")
    assert "er zijn geen subverwerkers" in recipients


@pytest.mark.parametrize("kind", [AGREEMENT, SCREENING])
def test_the_platform_is_named(kind):
    assert "Microsoft Teams" in text_and_docx(kind, contrasting("referentie"))[0]


# --- 14/15. drafting conventions and variants --------------------------------------------


@pytest.mark.parametrize("kind", [AGREEMENT, SCREENING])
def test_a_stad_is_a_stad_everywhere(kind):
    everything = _all_text(text_and_docx(kind, contrasting("stad_college_buiten_eer"))[1])
    assert not re.search(r"\bgemeente\b", everything, re.IGNORECASE)
    assert "de stad" in everything


@pytest.mark.parametrize("kind", [AGREEMENT, SCREENING])
def test_articles_before_the_academy_name(kind):
    text = text_and_docx(kind, contrasting("referentie"))[0]
    bare = re.findall(r"\b(?:van|voor|in|richt) Academie voor", text)
    assert bare == []


def test_no_recordings_one_sentence_in_the_agreement():
    text, docx = text_and_docx(AGREEMENT, contrasting("zonder_remediering"))
    assert_clean(text)
    lines = [line for line in _all_text(docx).splitlines() if re.search("opname", line, re.IGNORECASE)]
    assert lines == [
        "Opnames van de lessen",
        "Niemand mag de lessen opnemen: de verwerker stelt het platform zo in, of stelt de "
        "verwerkingsverantwoordelijke in staat het zo in te stellen, dat de opnamefunctie voor alle "
        "deelnemers uitgeschakeld is.",
    ]


def test_no_recordings_in_the_screening():
    text, docx = text_and_docx(SCREENING, contrasting("zonder_remediering"))
    assert "Niemand mag de lessen opnemen." in text
    everything = _all_text(docx)
    for absent in ("Bewaartermijn van opnames", "Opnemen door leerlingen", "toegelaten opname", "met toestemming"):
        assert absent not in everything, absent


def test_recordings_with_consent_keep_their_rules():
    text, docx = text_and_docx(AGREEMENT, contrasting("stad_college_buiten_eer"))
    assert "leerlingen kunnen een les alleen opnemen met de opnamefunctie van het platform, als de leerkracht" in text
    assert "automatisch gewist 30 dagen nadat ze gemaakt zijn" in text
    screening = _rows(text_and_docx(SCREENING, contrasting("stad_college_buiten_eer"))[1])
    assert any(r[0] == "Bewaartermijn van opnames" for r in screening)
