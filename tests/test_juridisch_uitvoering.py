"""Issue 11, the implementation-phase documents: what a legal adviser and a DPO check in the
information letter, the afsprakennota, the questionnaire, the site arrangements and the
consent form for recordings, read back from the documents for the contrasting profiles.
"""

from __future__ import annotations

import html
import re

import pytest

from generator.dossier import documents, stappenplan, steps
from generator.dossier.context import build_context
from generator.profile.loading import profile_from_data
from tests.dossier import CONTRASTING, assert_clean, contrasting, open_docx, styles_of, text_and_docx

PROFIELEN = ("referentie", *CONTRASTING)
VOOR_OUDERS = ("informatiebrief", "afsprakennota", "bevraging", "toestemming-opnames")
FORMULIER = "toestemming-opnames"


def _profiel(name: str):
    return profile_from_data(contrasting(name)).profiel


def _text(kind: str, name: str) -> str:
    return text_and_docx(kind, contrasting(name))[0]


def _applies(kind: str, name: str) -> bool:
    return documents.KINDS[kind].applies(_profiel(name))


def _plain(markup) -> str:
    """A context value as it reads in Word: without run XML, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", str(markup)))


def _sections(docx: bytes) -> list[tuple[str, str]]:
    """(the heading above it, text) for every paragraph with text."""
    heading, found = "", []
    for paragraph in open_docx(docx).paragraphs:
        if paragraph.style.name.startswith("Heading") or paragraph.style.name == "Title":
            heading = paragraph.text
        elif paragraph.text.strip():
            found.append((heading, paragraph.text))
    return found


def _nobody_records(name: str) -> bool:
    opnames = contrasting(name)["opnames"]
    return opnames["leerlingen"] == opnames["leerkrachten"] == "verboden"


# --------------------------------------------------- 1. the Vlaamse Toezichtcommissie


@pytest.mark.parametrize("name", PROFIELEN)
@pytest.mark.parametrize("kind", VOOR_OUDERS)
def test_complaints_go_to_the_vtc_after_the_dpo(kind, name):
    if not _applies(kind, name):
        pytest.skip("geen toestemmingsformulier als niemand mag opnemen")
    text = _text(kind, name)
    assert "Vlaamse Toezichtcommissie" in text
    assert "Gegevensbeschermingsautoriteit" not in text and "GBA" not in text
    complaint = next(line for line in text.splitlines() if "klacht indienen bij de Vlaamse Toezichtcommissie" in line)
    assert "DPO" in complaint and complaint.index("DPO") < complaint.index("klacht indienen")


@pytest.mark.parametrize("name", PROFIELEN)
def test_data_breaches_are_reported_to_the_vtc(name):
    text = _text("afsprakennota", name)
    assert "zo mogelijk binnen 72 uur melden aan de Vlaamse Toezichtcommissie (VTC), zoals artikel 33 van de AVG voorschrijft" in text
    assert "toezichthoudende autoriteit (" not in text


# --------------------------------------------------------------- 7. recordings


@pytest.mark.parametrize("name", PROFIELEN)
def test_consent_form_only_where_recordings_are_allowed(name):
    allowed = not _nobody_records(name)
    profiel = _profiel(name)
    assert (FORMULIER in [k.kind for k in documents.kinds_for(profiel)]) is allowed
    informeren = steps.BY_KEY["implementatie-1"]
    assert ("toestemming-opnames-2027-2028.docx" in stappenplan.document_names(informeren, profiel)) is allowed
    assert documents.KINDS[FORMULIER].phase == "implementatie"


def test_consent_form_for_pupils_and_teachers_recording():
    text, docx = text_and_docx(FORMULIER, contrasting("stad_college_buiten_eer"))
    assert_clean(text)
    for fact in (
        "vraagt de Academie voor Muziek, Woord en Dans Voorbeeldstad uw toestemming",
        "Als schoolbestuur is de stad Voorbeeldstad verantwoordelijk voor de opnames",
        "Opname door de leerkracht. De leerkracht van het vak mag een les opnemen",
        "De opname dient alleen om de leerlingen van de klasgroep de les te laten herbekijken en verder te laten oefenen.",
        "alleen de leerkracht en de leerlingen van de klasgroep kunnen ze bekijken",
        "Opname door een leerling. Een andere leerling van de klasgroep mag een les opnemen als de directeur en de leerkracht dat toestaan",
        "alleen die leerling kan ze bekijken of beluisteren, hij kan ze niet downloaden of doorsturen",
        "Niemand mag een opname delen, verspreiden of online zetten",
        "Elke opname wordt uiterlijk 30 dagen na de les gewist.",
        "U geeft uw toestemming vrij.",
        "Weigeren heeft geen enkel gevolg voor de leerling",
        "U kunt uw toestemming altijd intrekken",
        "Wie geen toestemming geeft, wordt niet opgenomen.",
        "een bestaande opname wordt zo snel mogelijk gewist of de leerling wordt eruit verwijderd",
        "artikel 6, lid 1, a), van de AVG",
        "functionaris voor gegevensbescherming (DPO) van het stadsbestuur: Pieter Wouters, dpo@voorbeeldstad.be",
        "Een meerderjarige leerling tekent alleen. Voor een minderjarige leerling tekent een ouder, en een leerling van 12 jaar of ouder tekent daarnaast zelf",
    ):
        assert fact in text, fact
    assert text.count("☐\u00a0Ik geef toestemming dat") == 2
    tables = open_docx(docx).tables
    assert [row.cells[0].text for row in tables[1].rows][1:] == [v["vak"] for v in contrasting("stad_college_buiten_eer")["afstandsonderwijs"]["vakken"]]
    assert all(row.cells[2].text == "☐\u00a0ja ☐\u00a0nee" for row in tables[1].rows[1:])
    signatures = [[c.text for c in row.cells] for row in tables[2].rows]
    assert signatures[0] == ["De leerling (meerderjarig, of minderjarig vanaf 12 jaar)", "Een ouder (voor een minderjarige leerling)"]
    assert all(cell.startswith("Naam: …") for cell in signatures[1])  # write-in lines
    assert "gemeente" not in text.lower()
    assert styles_of(docx).count("Title") == 1


def test_consent_form_when_only_teachers_record():
    text, _ = text_and_docx(FORMULIER)
    assert "mag de leerkracht een les alleen opnemen" in text
    assert "Opname door de leerkracht." in text
    assert "Opname door een leerling" not in text and "om zelf te oefenen" not in text
    assert text.count("☐\u00a0Ik geef toestemming dat") == 1
    assert "de gemeente Voorbeeldstad" in text


def test_consent_form_when_spreading_needs_consent():
    data = contrasting("stad_college_buiten_eer")
    data["opnames"]["verspreiden"] = "enkel_met_toestemming"
    text, _ = text_and_docx(FORMULIER, data)
    assert "Dit formulier geeft die toestemming niet." in text
    assert "Niemand mag een opname delen" not in text


@pytest.mark.parametrize("kind", ("informatiebrief", "afsprakennota", "vestigingsplaatsen"))
def test_nobody_records_in_one_plain_sentence(kind):
    text = _text(kind, "zonder_remediering")
    assert "Niemand mag de lessen opnemen." in text
    for stray in ("toestemmingsformulier", "Opnames,", "alleen opnemen", "bewaartermijn", "dagen na de les"):
        assert stray not in text, stray
    assert_clean(text)


@pytest.mark.parametrize("name", ("referentie", "stad_college_buiten_eer"))
def test_permitted_recordings_point_to_the_consent_form(name):
    for kind in ("informatiebrief", "afsprakennota"):
        text = _text(kind, name)
        assert "Niemand mag de lessen opnemen" not in text
        assert "toestemmingsformulier" in text
        assert "uiterlijk 30 dagen na de les" in text  # the same retention as the consent form


# ------------------------------------------------ 8. information to pupils and parents


@pytest.mark.parametrize("name", PROFIELEN)
def test_information_letter_gives_what_article_13_requires(name):
    text, _ = text_and_docx("informatiebrief", contrasting(name))
    assert_clean(text)
    data = contrasting(name)
    context = build_context(_profiel(name))
    soort = data["schoolbestuur"]["soort"]
    assert f"De verwerkingsverantwoordelijke is de {soort} Voorbeeldstad, het schoolbestuur van de academie, Markt 1, 9999 Voorbeeldstad." in text
    assert f"DPO van het {soort}{'s' if soort == 'stad' else ''}bestuur: Pieter Wouters, dpo@voorbeeldstad.be" in text
    assert "Waarvoor. Om de lessen op afstand te organiseren en te geven" in text
    assert (
        "een taak van algemeen belang die het decreet van 9 maart 2018 betreffende het deeltijds kunstonderwijs regelt (artikel 6, lid 1, e), van de AVG)"
    ) in text
    assert f"aangeboden door {data['verwerker']['naam']}, die de gegevens alleen in opdracht van het schoolbestuur verwerkt" in text
    for sub in data["verwerker"]["subverwerkers"]:
        assert sub["naam"] in text
    assert f"Doorgifte. {_plain(context['doorgifte']['zin'])}" in text
    assert "Bewaartermijnen. Beeld en geluid van een les worden niet bewaard" in text
    assert "U hebt het recht om uw gegevens in te zien en te laten verbeteren" in text
    assert "bezwaar te maken" in text
    assert "privacyverklaring" not in text.lower()


def test_letter_names_each_sub_processor_with_its_service_and_country():
    text = _text("informatiebrief", "stad_college_buiten_eer")
    assert (
        "De verwerker schakelt daarvoor subverwerkers in: Voorbeeld Cloud Diensten BV (hosting en opslag, Nederland) "
        "en Globale Video Inc. (videoverbindingen, Verenigde Staten)."
    ) in text
    assert "Globale Video Inc." in text.split("Doorgifte.")[1]


@pytest.mark.parametrize("name", PROFIELEN)
def test_legal_basis_for_recordings_only_where_recordings_are_allowed(name):
    text = _text("informatiebrief", name)
    assert ("Voor een opname van een les steunt de academie op uw toestemming." in text) is (not _nobody_records(name))
    assert ("dagen na de les gewist" in text.split("Bewaartermijnen.")[1]) is (not _nobody_records(name))


# ------------------------------------------------------------ 9. the platform's name


@pytest.mark.parametrize("name", PROFIELEN)
def test_platform_name_only_in_practical_information(name):
    platform = contrasting(name)["afstandsonderwijs"]["platform"]
    _, letter = text_and_docx("informatiebrief", contrasting(name))
    assert {heading for heading, text in _sections(letter) if platform in text} == {"Wat is interactief afstandsonderwijs?"}
    _, nota = text_and_docx("afsprakennota", contrasting(name))
    assert {heading for heading, text in _sections(nota) if platform in text} == {"Afsprakennota interactief afstandsonderwijs"}
    nota_text = _text("afsprakennota", name)
    assert "Je gebruikt voor de lessen alleen het digitale platform en de accounts die het schoolbestuur" in nota_text


# ----------------------------------------------------- 10. supervision at a site


@pytest.mark.parametrize("name", PROFIELEN)
def test_supervision_assigned_by_the_director_never_to_a_teacher_who_teaches(name):
    text = _text("vestigingsplaatsen", name)
    assert "De directeur wijst voor elke vestigingsplaats het personeelslid aan dat toezicht houdt" in text
    assert "Het toezicht maakt deel uit van de opdracht van dat personeelslid." in text
    assert "Een leerkracht die op hetzelfde moment les geeft, wordt nooit als toezichter aangewezen." in text
    assert "zonder leerkrachten die op hetzelfde moment les geven" in text  # the roster in the checklist
    for plaats in contrasting(name)["afstandsonderwijs"]["vestigingsplaatsen"]:
        assert f"Toezicht: {plaats['toezicht']}" in text


# ------------------------------------------------------------ 12. afsprakennota


@pytest.mark.parametrize("name", PROFIELEN)
def test_afsprakennota_signed_for_receipt_with_sanctions_the_regulations_contain(name):
    text, docx = text_and_docx("afsprakennota", contrasting(name))
    headings = [p.text for p in open_docx(docx).paragraphs if p.style.name == "Heading 2"]
    assert headings.count("Voor ontvangst") == 2
    assert "akkoord" not in " ".join(headings).lower()
    assert "voor akkoord" not in text.lower()
    assert "Iedereen ondertekent het eigen deel voor ontvangst." in text
    assert "kan een van de orde- of tuchtmaatregelen krijgen die het academiereglement bepaalt" in text
    assert "kan een sanctie krijgen volgens het tuchtstatuut en het arbeidsreglement" in text
    assert not re.search(r"(artikel|hoofdstuk) \d+ van het (academie|arbeids)reglement", text)
    assert "Noot voor de juridische dienst" not in text


# ------------------------------------------------- 14/15. conventions and variants


@pytest.mark.parametrize("kind", (*VOOR_OUDERS, "vestigingsplaatsen"))
def test_a_stad_is_a_stad_everywhere(kind):
    text = _text(kind, "stad_college_buiten_eer")
    assert not re.search(r"\bgemeente(?!raad)", text, re.IGNORECASE), kind
    assert_clean(text)


def test_no_remediation_leaves_no_stray_sentence():
    text = _text("informatiebrief", "zonder_remediering")
    assert "remedi" not in text.lower() and "inhalen" not in text


def test_eea_only_gives_just_the_transfer_sentence():
    text = _text("informatiebrief", "referentie")
    assert "standaardcontractbepalingen" not in text and "adequaatheid" not in text
    assert text.count("Europese Economische Ruimte") == 1


@pytest.mark.parametrize("kind", ("informatiebrief", "bevraging"))
def test_article_before_the_academy_name_in_running_text(kind):
    text = _text(kind, "referentie")
    assert "directeur van de Academie voor Muziek, Woord en Dans Voorbeeldstad" in text
    assert "directeur van Academie" not in text


def test_recording_terms_are_the_same_in_the_regulations_and_the_documents_for_pupils():
    data = contrasting("stad_college_buiten_eer")
    texts = {kind: text_and_docx(kind, data)[0].lower() for kind in ("academiereglement", "arbeidsreglement", "informatiebrief", "afsprakennota", FORMULIER)}
    for kind, text in texts.items():
        assert "dient alleen om de leerlingen van de klasgroep de les te laten herbekijken en verder te laten oefenen" in text, kind
        assert "uiterlijk 30 dagen na de les" in text, kind
        assert "toestemmingsformulier" in text or kind == FORMULIER, kind
    for kind in ("academiereglement", "informatiebrief", FORMULIER):
        assert "wie geen toestemming geeft, wordt niet opgenomen" in texts[kind], kind
