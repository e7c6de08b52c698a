"""Issue 24, section 4, read back from the documents: what a body adopts is in the dossier. The
amended professionaliseringsplan is a document of its own, built from the profile, and the
algemeen directeur who concludes the processing agreement has a draft decision."""

from __future__ import annotations

import pytest

from generator.dossier import documents, stappenplan, steps
from generator.profile.loading import profile_from_data
from tests.dossier import assert_clean, comments_of, contrasting, open_docx, text_and_docx, variant

PLAN, DECISION = "professionaliseringsplan", "besluit-algemeen-directeur"


def _kinds(data: dict) -> list[str]:
    return [k.kind for k in documents.kinds_for(profile_from_data(data).profiel)]


def _highlighted(docx: bytes) -> list[str]:
    return [run.text for p in open_docx(docx).paragraphs for run in p.runs if run.font.highlight_color is not None]


# --- the professionaliseringsplan ----------------------------------------------------------------


def test_the_plan_is_in_the_dossier_only_when_professionalisation_is_needed():
    assert PLAN in _kinds(contrasting("referentie"))
    assert PLAN not in _kinds(contrasting("zonder_remediering"))
    p = profile_from_data(contrasting("referentie")).profiel
    assert f"{PLAN}-2027-2028.docx" in stappenplan.document_names(steps.BY_KEY["besluitvorming-4"], p)


def test_the_plan_is_built_from_the_profile():
    text, _ = text_and_docx(PLAN, contrasting("vrije_tekst_lijsten"))
    assert_clean(text)
    assert "Onderhandeld: in het afzonderlijk bijzonder onderhandelingscomité (ABOC) van 10 februari 2027" in text
    assert "Vastgesteld: door de gemeenteraad, in de zitting van 22 maart 2027, als bijlage bij het besluit" in text
    # the profile's list, numbered after a sentence ending in a colon
    assert (
        "De academie plant de volgende professionalisering:\n1° een nascholing over synchroon lesgeven;\n2° een sessie over veilig gebruik van het platform."
        in text
    )
    assert "Muziekcultuur\n3de graad\n25\u00a0%" in text
    assert "waarvan de antwoorden uiterlijk op 16 december 2026 binnen zijn" in text
    # teaching from home and evaluated IAO content are goals only where the profile has them
    assert "van thuis uit lesgeven met een werkplek" in text
    assert "evalueren waar het academiereglement dat bepaalt" in text
    academie = text_and_docx(PLAN, variant(**{"personeel.inzet": "academie", "personeel.voorwaarden_thuiswerk": None}))[0]
    assert "van thuis uit lesgeven" not in academie


def test_the_college_adopts_the_plan_when_it_adopts_the_arbeidsreglement():
    text = text_and_docx(PLAN, contrasting("stad_college_buiten_eer"))[0]
    assert "Vastgesteld: door het college van burgemeester en schepenen, op 15 maart 2027" in text
    assert "opnieuw in het onderhandelingscomité onderhandeld voordat het college van burgemeester en schepenen ze vaststelt." in text


def test_the_decisions_and_the_negotiation_point_to_the_plan_not_to_the_agenda_note():
    for kind, name in (("gemeenteraadsbesluit", "referentie"), ("collegebesluit", "stad_college_buiten_eer")):
        text = text_and_docx(kind, contrasting(name))[0]
        assert "Aangepast professionaliseringsplan van de academie\n" in text
        assert "punt 2 van de agendanota" not in text
    negotiation = text_and_docx("onderhandeling", contrasting("referentie"))[0]
    assert "Het ontwerp van die aanvulling ligt ter onderhandeling voor: het beschrijft" in negotiation
    protocol = text_and_docx("protocol", contrasting("referentie"))[0]
    assert (
        "Aanpassing van het professionaliseringsplan van de Academie voor Muziek, Woord en Dans Voorbeeldstad: interactief "
        "afstandsonderwijs vanaf het schooljaar 2027-2028\n" in protocol
    )


# --- the decision of the algemeen directeur -----------------------------------------------------


@pytest.mark.parametrize("name, present", [("thuis_algemeen_directeur", True), ("zonder_remediering", True), ("referentie", False), ("gemeente_raad", False)])
def test_a_draft_decision_when_the_algemeen_directeur_concludes(name, present):
    assert (DECISION in _kinds(contrasting(name))) is present
    p = profile_from_data(contrasting(name)).profiel
    names = stappenplan.document_names(steps.BY_KEY["besluitvorming-3"], p)
    assert (f"{DECISION}-ontwerp-2027-2028.docx" in names) is present


def test_the_decision_of_the_algemeen_directeur_reads_as_a_decision():
    text, docx = text_and_docx(DECISION, contrasting("thuis_algemeen_directeur"))
    assert_clean(text)
    assert "De algemeen directeur, Els Claes," in text
    # the legal basis in the local delegation rules stays for the legal service to fill in
    assert (
        "Gelet op de lokale bevoegdheidsregeling, namelijk [in te vullen: het besluit van de gemeenteraad of van het college dat het "
        "sluiten van deze overeenkomst aan de algemeen directeur toewijst" in text
    )
    assert "De algemeen directeur sluit de verwerkersovereenkomst met Leerplatform Vlaanderen NV" in text
    assert "De algemeen directeur ondertekent de overeenkomst namens de gemeente." in text
    assert "\nBijlage\nVerwerkersovereenkomst\n" in text
    # the signature rule is highlighted for the legal service, the unverified publication articles too
    note = next(c for c in comments_of(docx) if "ondertekening" in c)
    assert "is niet nagekeken" in note and "artikelen 281 en 283 van dat decreet" in note
    assert "artikelen 285 tot en met 288" in _highlighted(docx)


def test_the_decision_of_the_algemeen_directeur_for_an_addendum_and_a_transfer():
    data = contrasting("thuis_algemeen_directeur")
    data["verwerker"].update(contrasting("stad_college_buiten_eer")["verwerker"])
    text = text_and_docx(DECISION, data)[0]
    assert "sluiten van het addendum bij de verwerkersovereenkomst met" in text
    assert "Het addendum wordt gesloten voordat de verwerker" in text
    assert "Een deel van de persoonsgegevens wordt doorgegeven naar een land buiten de Europese Economische Ruimte (EER)" in text
