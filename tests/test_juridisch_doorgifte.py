"""Issue 24, sections 1, 2 and 5, read back from the documents of contrasting profiles:
a processor that is itself outside the EEA (adequacy decision or standard contractual
clauses), a US recipient under the Data Privacy Framework, pupils who may record, the
DPIA decided by the controller after the DPO's advice, and the EEA claim as the
provider's statement."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from generator.profile import rules
from generator.profile.loading import profile_from_data
from tests.dossier import assert_clean, contrasting, open_docx, text_and_docx

AGREEMENT, SCREENING = "verwerkersovereenkomst", "platformscreening"
# every document that describes the transfer, the consent form and the principle decision included
DESCRIBING = ["academiereglement", "informatiebrief", "toestemming-opnames", "principebeslissing", "gemeenteraadsbesluit", AGREEMENT, SCREENING]


def _rows(docx: bytes) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in open_docx(docx).tables for row in table.rows]


def _highlighted(docx: bytes, fragment: str) -> bool:
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    return any(fragment in run and "w:highlight" in run for run in re.findall(r"<w:r>.*?</w:r>", xml))


def _with_recordings(data: dict) -> dict:
    data["opnames"]["leerlingen"] = "enkel_met_toestemming"  # so the consent form is in the dossier
    return data


# --- 1. the processor itself outside the EEA ---------------------------------------------------


@pytest.mark.parametrize("kind", DESCRIBING)
def test_all_data_go_to_the_processor_outside_the_eea_in_every_document(kind):
    text, _ = text_and_docx(kind, _with_recordings(contrasting("verwerker_vk_adequaat")))
    assert_clean(text)
    assert (
        "De gemeente Voorbeeldstad geeft alle persoonsgegevens die voor het interactief afstandsonderwijs verwerkt worden door naar een land "
        "buiten de Europese Economische Ruimte (EER) (artikel 44 van de AVG): de aanbieder van het platform verwerkt ze als verwerker in een derde land "
        "(Verenigd Koninkrijk), op grond van het adequaatheidsbesluit voor het Verenigd Koninkrijk, Uitvoeringsbesluit (EU) 2021/1772, vernieuwd bij"
    ) in text
    assert "(artikel 45 van de AVG)" in text
    assert "Een deel van de persoonsgegevens" not in text


def test_the_renewal_of_the_uk_decision_stays_highlighted():
    text, docx = text_and_docx(AGREEMENT, contrasting("verwerker_vk_adequaat"))
    assert (
        "vernieuwd bij [in te vullen: nummer en datum van het uitvoeringsbesluit dat het adequaatheidsbesluit voor het Verenigd Koninkrijk vernieuwt]" in text
    )
    assert _highlighted(docx, "[in te vullen: nummer en datum van het uitvoeringsbesluit")
    assert not _highlighted(docx, "2021/1772")  # the number itself is verified


def test_the_agreement_does_not_instruct_the_processor_to_transfer_to_itself():
    text, docx = text_and_docx(AGREEMENT, contrasting("verwerker_vk_adequaat"))
    assert_clean(text)
    assert "geeft de verwerker de instructie om persoonsgegevens alleen aan de volgende" not in text
    assert not any(r and r[0] == "Lesplatform Ltd" for r in _rows(docx))
    assert "De verwerker is gevestigd in een derde land (Verenigd Koninkrijk) en verwerkt daar alle persoonsgegevens" in text
    # the DPO checks that the decision is in force; module two when it lapses, not only a suspension
    assert "gaat de functionaris voor gegevensbescherming van de verwerkingsverantwoordelijke vóór de ondertekening van deze overeenkomst" in text
    assert "na of het besluit nog van kracht is en of het de ontvanger dekt" in text
    assert (
        "Vervalt het adequaatheidsbesluit voor het land van de verwerker, of wordt het opgeschort of ingetrokken, dan ondertekenen de partijen "
        "vóór die datum, of anders onverwijld, de standaardcontractbepalingen van Uitvoeringsbesluit (EU) 2021/914, module twee"
    ) in text
    assert "schort hij de doorgifte op tot een andere grond" not in text


def test_a_foreign_processor_is_identified_by_its_own_register():
    text, _ = text_and_docx(AGREEMENT, contrasting("verwerker_vk_adequaat"))
    assert (
        "Lesplatform Ltd, met zetel te 1 Example Street, London EC1A 1AA, ingeschreven in Companies House (Verenigd Koninkrijk) onder het nummer 01234567"
        in text
    )
    assert "Kruispuntbank van Ondernemingen onder het nummer [in te vullen" not in text
    rows = _rows(text_and_docx(SCREENING, contrasting("verwerker_vk_adequaat"))[1])
    assert ["Inschrijving", "ingeschreven in Companies House (Verenigd Koninkrijk) onder het nummer 01234567"] in rows
    # a Belgian processor keeps its KBO number
    assert "ingeschreven in de Kruispuntbank van Ondernemingen onder het nummer 0876.543.270" in text_and_docx(AGREEMENT, contrasting("referentie"))[0]


def test_the_kbo_check_applies_to_belgian_numbers_only():
    foreign = contrasting("verwerker_vk_adequaat")
    foreign["verwerker"]["ondernemingsnummer"] = "01234567"  # a UK company number, no KBO check digits
    assert not [f for f in rules.check(profile_from_data(foreign)) if f.rule.id == "W4"]
    belgian = contrasting("referentie")
    belgian["verwerker"]["ondernemingsnummer"] = "01234567"
    assert [f.field for f in rules.check(profile_from_data(belgian)) if f.rule.id == "W4"] == ["verwerker.ondernemingsnummer"]


def test_under_the_clauses_module_two_and_where_a_copy_can_be_obtained():
    data = _with_recordings(contrasting("verwerker_buiten_eer_scc"))
    text, _ = text_and_docx(AGREEMENT, data)
    assert_clean(text)
    assert (
        "op grond van de standaardcontractbepalingen van Uitvoeringsbesluit (EU) 2021/914, module twee (doorgifte van verwerkingsverantwoordelijke aan verwerker)"
        in text
    )
    assert "Bijlage 4. Standaardcontractbepalingen voor de doorgifte aan de verwerker" in text
    assert "transfer impact assessment" in text
    kopie = "Een kopie van de standaardcontractbepalingen kan opgevraagd worden bij de functionaris voor gegevensbescherming (dpo@voorbeeldstad.be) (artikel 13, lid 1, f), van de AVG)."
    for kind in ("academiereglement", "informatiebrief", "toestemming-opnames"):
        assert kopie in text_and_docx(kind, data)[0], kind
    # an adequacy decision needs no copy of clauses
    assert "Een kopie van de standaardcontractbepalingen" not in text_and_docx("informatiebrief", contrasting("verwerker_vk_adequaat"))[0]


def test_an_unknown_adequacy_country_gets_a_placeholder_for_its_decision():
    data = contrasting("verwerker_vk_adequaat")
    data["verwerker"]["doorgiften"][0]["land"] = "Japan"
    text, _ = text_and_docx("academiereglement", data)
    assert (
        "een adequaatheidsbesluit van de Europese Commissie voor dat land, [in te vullen: nummer van het adequaatheidsbesluit voor Japan] (artikel 45 van de AVG)"
        in text
    )


def test_a_us_recipient_under_the_dpf_is_checked_for_certification():
    data = contrasting("vs_dpf_leerlingen_opnemen")
    text, docx = text_and_docx(AGREEMENT, data)
    assert_clean(text)
    assert [
        "Globale Video Inc.",
        "Verenigde Staten",
        "het adequaatheidsbesluit voor het EU-VS-gegevensprivacykader, Uitvoeringsbesluit (EU) 2023/1795, "
        "voor zover de ontvanger op de lijst van het EU-VS-gegevensprivacykader staat (artikel 45 van de AVG)",
    ] in _rows(docx)
    assert (
        "De functionaris voor gegevensbescherming heeft de lijst nagekeken op [in te vullen: datum en resultaat van de controle van de certificering]" in text
    )
    screening = text_and_docx(SCREENING, data)[0]
    assert "Staat Globale Video Inc. op de lijst van het EU-VS-gegevensprivacykader" in screening
    # the principle decision is no longer silent on the transfer
    assert (
        "Een deel van de persoonsgegevens wordt doorgegeven naar een land buiten de Europese Economische Ruimte (EER)"
        in text_and_docx("principebeslissing", data)[0]
    )


def test_the_transfer_assessment_gives_no_encryption_advice_a_video_relay_cannot_follow():
    # stad_college_buiten_eer: a US video provider (a live relay) under the clauses
    data = contrasting("stad_college_buiten_eer")
    for kind in (AGREEMENT, SCREENING):
        text = text_and_docx(kind, data)[0]
        assert "versleuteling waarvan alleen de verwerker of de verwerkingsverantwoordelijke de sleutels beheert" not in text
        assert "de aanbieder de sleutel heeft)" not in text
    agreement = text_and_docx(AGREEMENT, data)[0]
    assert "is zo'n maatregel alleen voor gegevens die de ontvanger enkel opslaat of doorstuurt zonder ze te moeten lezen." in agreement
    assert (
        "zoals een dienst die de live verbindingen tot stand brengt of doorgeeft, dan beschrijft de beoordeling welke andere maatregelen "
        "de toegang van overheidsinstanties voldoende beperken, of stelt ze vast dat de doorgifte niet kan gebeuren." in agreement
    )
    screening = text_and_docx(SCREENING, data)[0]
    assert "een ontvanger die de live verbindingen tot stand brengt of doorgeeft, moet beeld en geluid kunnen verwerken" in screening


def test_a_us_recipient_under_the_clauses_is_asked_whether_it_is_dpf_certified():
    data = contrasting("stad_college_buiten_eer")
    agreement = text_and_docx(AGREEMENT, data)[0]
    assert "De verwerker vermeldt in de beoordeling of die ontvanger op de lijst van het EU-VS-gegevensprivacykader staat." in agreement
    assert (
        "kan de doorgifte aan die ontvanger steunen op het adequaatheidsbesluit voor het EU-VS-gegevensprivacykader, Uitvoeringsbesluit (EU) 2023/1795"
        in agreement
    )
    screening = text_and_docx(SCREENING, data)[0]
    assert "Staat Globale Video Inc. op de lijst van het EU-VS-gegevensprivacykader? Zo ja" in screening
    # a recipient outside the US under the clauses gets no such question
    india = contrasting("verwerker_buiten_eer_scc")
    for kind in (AGREEMENT, SCREENING):
        assert "EU-VS-gegevensprivacykader" not in text_and_docx(kind, india)[0]


# --- 2. recordings by pupils, and the teacher who is recorded -----------------------------------


def test_pupils_record_only_with_the_platform_under_the_academys_control():
    data = contrasting("vs_dpf_leerlingen_opnemen")
    regulation = text_and_docx("academiereglement", data)[0]
    assert "nooit met een eigen toestel of een ander programma, zoals een smartphone" in regulation
    assert "de academie wist de opname uiterlijk 30 dagen na de les, met de instellingen van het platform." in regulation
    letter = text_and_docx("informatiebrief", data)[0]
    assert "Hij neemt alleen op met de opnamefunctie van het platform van de academie, nooit met een eigen toestel" in letter
    consent = text_and_docx("toestemming-opnames", data)[0]
    assert "Hij neemt alleen op met de opnamefunctie van het platform van de academie, nooit met een eigen toestel zoals een smartphone." in consent
    screening = text_and_docx(SCREENING, data)[0]
    assert (
        "Kan de academie voor een opname door een leerling zelf bepalen wie ze kan bekijken, dat ze niet gedownload wordt en dat ze na 30 dagen automatisch gewist wordt?"
        in screening
    )
    assert "de opname blijft op het platform, onder het beheer van de academie (opslag, toegang, bewaring en wissen)" in screening


def test_a_teacher_may_refuse_being_recorded_and_knows_what_happens_to_the_image():
    data = contrasting("vs_dpf_leerlingen_opnemen")  # only pupils record: the teacher is the one recorded
    text, _ = text_and_docx("arbeidsreglement", data)
    assert_clean(text)
    assert "Geen personeelslid is verplicht zich te laten opnemen." in text
    assert "vrij weigeren en een gegeven instemming altijd intrekken, zonder dat het daarvoor verantwoording moet afleggen en zonder enig nadeel" in text
    assert "Beeld en stem van een personeelslid op een opname worden alleen gebruikt om de leerlingen van de klasgroep de les te laten herbekijken." in text
    assert "wordt uiterlijk 30 dagen na de les gewist en wordt niet gebruikt om het personeelslid te beoordelen of te controleren" in text
    # nobody records: nothing to refuse
    assert "Geen personeelslid is verplicht" not in text_and_docx("arbeidsreglement", contrasting("zonder_remediering"))[0]


def test_the_consent_form_asks_the_pupil_from_12_beside_the_parent():
    text, docx = text_and_docx("toestemming-opnames", contrasting("vs_dpf_leerlingen_opnemen"))
    assert (
        "Een meerderjarige leerling tekent alleen. Voor een minderjarige leerling tekent een ouder, en een leerling van 12 jaar of ouder tekent daarnaast zelf"
        in text
    )
    assert ["De leerling (meerderjarig, of minderjarig vanaf 12 jaar)", "Een ouder (voor een minderjarige leerling)"] in _rows(docx)


# --- 5. the DPIA and the EEA claim ----------------------------------------------------------------


def test_the_controller_decides_on_a_dpia_after_the_dpos_advice():
    text, docx = text_and_docx(SCREENING, contrasting("referentie"))
    assert (
        "Of er een DPIA komt, beslist de verwerkingsverantwoordelijke, de gemeente Voorbeeldstad (artikel 35 van de AVG), nadat de DPO daarover advies gegeven heeft (artikel 39, lid 1, c), van de AVG)."
        in text
    )
    assert "Advies van de DPO: ☐ DPIA uitvoeren" in text
    assert "Beslissing van de verwerkingsverantwoordelijke na dat advies" in text
    assert "De DPO beslist" not in text and "Beslissing van de DPO" not in text
    assert "lijst bekend van het soort verwerkingen waarvoor een DPIA verplicht is (artikel 10/4, § 3, van het e-govdecreet)" in text
    criteria = [r[0] for r in _rows(docx) if re.match(r"\d\. ", r[0])]
    assert len(criteria) == 9 and criteria[0] == "1. Evaluatie of scoring" and criteria[6] == "7. Gegevens over kwetsbare betrokkenen"
    # the WP248 criteria are seen only on secondary sources: highlighted in the register, cited by name
    assert "Volgens de richtsnoeren WP 248 van de Groep gegevensbescherming artikel 29" in text


@pytest.mark.parametrize("kind", ["academiereglement", "informatiebrief", "gemeenteraadsbesluit", "collegebesluit", "principebeslissing"])
def test_storage_in_the_eea_is_the_providers_statement_until_the_screening_confirms_it(kind):
    text, _ = text_and_docx(
        kind, contrasting("stad_college_buiten_eer" if kind == "collegebesluit" else "referentie") if kind != "collegebesluit" else _eea_college()
    )
    assert (
        "Volgens de aanbieder van het platform worden de persoonsgegevens uitsluitend binnen de Europese Economische Ruimte (EER) opgeslagen en verwerkt "
        "en worden er geen persoonsgegevens doorgegeven naar een land buiten de EER. De screening van het platform heeft dat bevestigd op "
        "[in te vullen: datum van de bevestiging in de screening]."
    ) in text


def _eea_college() -> dict:
    data = contrasting("gemeente_raad")
    data["schoolbestuur"]["verwerkersovereenkomst_gesloten_door"] = "college"
    return data


def test_the_screening_asks_the_provider_to_prove_the_eea_claim():
    text, _ = text_and_docx(SCREENING, contrasting("referentie"))
    assert "Dat is een verklaring van de aanbieder, geen vaststelling: ze geldt pas als de screening ze bevestigt" in text
    assert "Bevestigd door de DPO op: [in te vullen: datum]." in text
