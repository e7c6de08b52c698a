"""Issue 24, sections 4 and 9: the council decision's dates, the step plan's wording and the
privacy notices, read back from the documents of the contrasting profiles (tests/dossier.CONTRASTING).
"""

from __future__ import annotations

import pytest

from tests.dossier import contrasting, open_docx, text_and_docx

RECORDING_PUPILS = ("stad_college_buiten_eer", "vs_dpf_leerlingen_opnemen")


def text(kind: str, name: str) -> str:
    return text_and_docx(kind, contrasting(name))[0]


def step_rows(name: str) -> dict[str, list[str]]:
    """The rows of the step plan's decision table, by step number: what, who, when, ... (no-break spaces as spaces)"""
    table = open_docx(text_and_docx("stappenplan", contrasting(name))[1]).tables[1]
    return {row.cells[0].text: [cell.text.replace("\xa0", " ") for cell in row.cells[1:]] for row in table.rows[1:]}


# --- section 4: the council decision names the decisions and the advice it rests on ---------------


@pytest.mark.parametrize("name", ["referentie", "stad_college_buiten_eer", "thuis_algemeen_directeur"])
def test_the_council_decision_names_the_college_decision_and_the_dpo_advice(name):
    grounds = text("gemeenteraadsbesluit", name).split("\nBesluit\n", 1)[0]
    assert (
        "Gelet op de beslissing van het college van burgemeester en schepenen van [in te vullen: datum van de collegebeslissing "
        "die dit punt voorbereidde] om dit punt aan de gemeenteraad voor te leggen;"
    ) in grounds
    assert "Gelet op het advies van de functionaris voor gegevensbescherming van [in te vullen: datum van het advies van de DPO];" in grounds


@pytest.mark.parametrize("name, delegated", [("stad_college_buiten_eer", True), ("thuis_algemeen_directeur", True), ("referentie", False)])
def test_the_council_decision_names_the_delegation_where_the_college_adopts(name, delegated):
    grounds = text("gemeenteraadsbesluit", name).split("\nBesluit\n", 1)[0]
    delegation = (
        "Gelet op het besluit van de gemeenteraad van [in te vullen: datum van het delegatiebesluit] waarbij de vaststelling van het "
        "arbeidsreglement aan het college van burgemeester en schepenen werd toevertrouwd;"
    )
    assert (delegation in grounds) is delegated


# --- section 9: the step plan -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["referentie", "gemeente_raad", "stad_college_buiten_eer", "thuis_algemeen_directeur"])
def test_the_step_plan_says_who_adopts_with_its_verb_and_who_concludes(name):
    plan = text("stappenplan", name)
    assert "De gemeenteraad stelt de wijziging van het academiereglement vast" in plan
    assert "academiereglement;" not in plan  # the sentence that lacked its verb
    # the council approves an agreement, the municipality (or city) concludes it
    assert "gemeenteraad sluit" not in plan
    assert "de gemeente sluit ze" in plan or "de stad sluit ze" in plan


def test_the_college_adopts_the_arbeidsreglement_in_a_session_of_its_own():
    rows = step_rows("stad_college_buiten_eer")
    what, who, when = rows["2c"][:3]
    assert what == "Wijziging van het arbeidsreglement vaststellen"
    assert who == "college van burgemeester en schepenen"
    assert when == "uiterlijk 15 maart 2027"  # a week before the council of 22 March, never the council's date
    assert rows["1"][2] == "22 maart 2027"


@pytest.mark.parametrize("name", ["referentie", "stad_college_buiten_eer"])
def test_the_texts_go_to_the_unions_before_the_negotiation(name):
    rows = step_rows(name)
    what, who, when = rows["2a"][:3]
    assert "met de oproeping aan de representatieve vakorganisaties bezorgen" in what
    assert when == "uiterlijk 20 januari 2027"
    assert rows["2b"][2] == "10 februari 2027"  # the negotiation, three weeks later


# --- section 9: the privacy notices -------------------------------------------------------------


@pytest.mark.parametrize("name", RECORDING_PUPILS)
def test_withdrawal_and_portability_for_recordings_on_consent(name):
    portability = "in een gangbaar formaat te ontvangen of aan een ander te laten doorgeven (artikel 20 van de AVG)"
    letter, form = text("informatiebrief", name), text("toestemming-opnames", name)
    assert "Een toestemming voor een opname kunt u altijd intrekken; wat vóór de intrekking gebeurde, blijft geldig (artikel 7, lid 3, van de AVG)." in letter
    assert "Wat vóór de intrekking gebeurde, blijft rechtmatig (artikel 7, lid 3, van de AVG)." in form
    assert portability in letter and portability in form
    assert "Uw rechten. U kunt de opnames waarop de leerling te zien of te horen is, inzien, en ze laten wissen" in form
    assert portability in text("academiereglement", name)


def test_no_portability_where_nothing_rests_on_consent():
    # nobody may record: every processing rests on the public task, where art. 20 does not apply
    for kind in ("informatiebrief", "academiereglement"):
        assert "artikel 20" not in text(kind, "zonder_remediering"), kind


@pytest.mark.parametrize("name", ["referentie", "zonder_remediering"])
def test_the_letter_lists_the_parents_data_it_processes(name):
    letter = text("informatiebrief", name)
    assert "Van de ouders van een minderjarige leerling: de naam en de contactgegevens (e-mailadres en telefoonnummer)" in letter


@pytest.mark.parametrize("name", ["referentie", "stad_college_buiten_eer"])
def test_the_vtc_complaint_in_neutral_words_and_cited_to_its_decree(name):
    letter = text("informatiebrief", name)
    assert "de toezichthoudende autoriteit voor Vlaamse overheidsinstanties" in letter
    # the article of the e-govdecreet that sets up the VTC, cited in the Codex, its text still to check
    assert "(artikel 10/1 van het e-govdecreet)" in letter
    document = open_docx(text_and_docx("informatiebrief", contrasting(name))[1])
    marked = [run.text for p in document.paragraphs for run in p.runs if run.font.highlight_color is not None]
    assert "artikel 10/1" in marked  # marked for the legal service until the article's text is checked
    assert "Volgens de klachtenprocedure van de VTC stelt u uw vraag eerst schriftelijk aan de DPO" in letter
    regulation = text("academiereglement", name)
    assert "ook de lokale besturen, zoals bepaald in artikel 10/1 van het e-govdecreet" in regulation
