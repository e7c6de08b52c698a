"""Issue 11 on the decisions, the negotiation, the preparation and the step plan.

Every assertion reads the text back from the generated documents (or the plan output), over the
contrasting profiles of the legal review (tests/dossier.CONTRASTING) and the reference profile.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys

import icalendar
import pytest

from generator.dossier import calendar, filters, stappenplan, steps
from generator.profile.loading import profile_from_data
from tests.dossier import ROOT, assert_clean, comments_of, contrasting, open_docx, styles_of, text_and_docx

RAAD, COLLEGE, ONDERHANDELING, PROTOCOL = "gemeenteraadsbesluit", "collegebesluit", "onderhandeling", "protocol"
PROFILES = ("referentie", "gemeente_raad", "stad_college_buiten_eer", "zonder_remediering")


def text(kind: str, name: str) -> str:
    return text_and_docx(kind, contrasting(name))[0]


def highlighted(kind: str, name: str) -> list[str]:
    """Texts printed highlighted (unverified article numbers, placeholders)."""
    document = open_docx(text_and_docx(kind, contrasting(name))[1])
    return [run.text for p in document.paragraphs for run in p.runs if run.font.highlight_color is not None]


def profiel(name: str):
    return profile_from_data(contrasting(name)).profiel


def decision_of_the_arbeidsreglement(name: str) -> str:
    return COLLEGE if profiel(name).schoolbestuur.arbeidsreglement_vastgesteld_door == "college" else RAAD


def dispositive(kind: str, name: str) -> str:
    return text(kind, name).split("\nBesluit\n", 1)[1].split("\nBijlagen\n", 1)[0]


# --- 3. professionaliseringsplan -------------------------------------------------------


@pytest.mark.parametrize("name", ["referentie", "stad_college_buiten_eer"])
def test_the_body_of_the_arbeidsreglement_adopts_the_professionaliseringsplan(name):
    body = decision_of_the_arbeidsreglement(name)
    other = RAAD if body == COLLEGE else COLLEGE
    orgaan = "De gemeenteraad" if body == RAAD else "Het college"
    decision = dispositive(body, name)
    assert f"{orgaan} stelt het aangepaste professionaliseringsplan van de Academie voor Muziek" in decision
    assert "na onderhandeling in hetzelfde comité" in decision
    assert re.search(r"\n\d\. Aangepast professionaliseringsplan van de academie\n", text(body, name).split("\nBijlagen\n", 1)[1])
    notes = comments_of(text_and_docx(body, contrasting(name))[1])
    assert any(c.startswith("Noot voor de juridische dienst: het professionaliseringsplan wordt hier vastgesteld") for c in notes)
    assert "professionaliseringsplan" not in dispositive(other, name)
    # the step plan: the same body, on the date of the arbeidsreglement
    p = profiel(name)
    stap4, stap2b = steps.BY_KEY["besluitvorming-4"], steps.BY_KEY["besluitvorming-2c"]
    assert stap4.datum(p) == stap2b.datum(p) == (datetime.date(2027, 3, 15) if body == COLLEGE else datetime.date(2027, 3, 22))
    assert stap4.wie(p).endswith(stap2b.wie(p))
    assert [k.kind for k in stap4.kinds(p)] == ["professionaliseringsplan", ONDERHANDELING, body]
    assert f"stelt {'de gemeenteraad' if body == RAAD else 'het college van burgemeester en schepenen'} het aangepaste professionaliseringsplan vast" in text(
        ONDERHANDELING, name
    )


def test_without_professionalisation_no_plan_anywhere():
    for kind in (RAAD, ONDERHANDELING):
        assert "professionaliseringsplan" not in text(kind, "zonder_remediering"), kind
    assert "Professionaliseringsplan:" not in text("stappenplan", "zonder_remediering")  # the step stays, marked
    assert "Aanpassing van het professionaliseringsplan" not in text(ONDERHANDELING, "zonder_remediering")


# --- 4. decisions per the Decreet over het lokaal bestuur --------------------------------


@pytest.mark.parametrize("name", PROFILES)
def test_council_decision_college_prepares_voorzitter_agendas_college_executes(name):
    t = text(RAAD, name)
    assert (
        "Het college van burgemeester en schepenen heeft dit punt voorbereid in zijn zitting van [in te vullen: datum van "
        "de collegebeslissing die dit punt voorbereidde] en aan de voorzitter van de gemeenteraad meegedeeld; de voorzitter "
        "heeft het op de agenda van deze zitting geplaatst."
    ) in t
    assert "De gemeenteraad belast het college van burgemeester en schepenen met de uitvoering van dit besluit" in t
    assert "belast de directeur" not in t
    assert "decreet van 22 december 2017 over het lokaal bestuur" in t
    # publication refers to the decree's publication articles, highlighted until verified
    assert "volgens de regels over de bekendmaking in het Decreet over het lokaal bestuur (artikelen 285 tot en met 288)" in t
    assert "artikelen 285 tot en met 288" in highlighted(RAAD, name)
    assert_clean(t)


@pytest.mark.parametrize("name", PROFILES)
def test_the_college_never_puts_an_item_on_the_council_agenda(name):
    for kind in (RAAD, COLLEGE, "principebeslissing", "stappenplan"):
        if kind == COLLEGE and not profiel(name).college_beslist:
            continue
        t = text(kind, name)
        assert "op in de agenda" not in t and "neemt het ontwerp" not in t, kind
    assert "mee aan de voorzitter van de gemeenteraad, die de agenda van de gemeenteraad opstelt" in text("principebeslissing", name)


def test_council_signatories_under_article_279_1():
    t = text(RAAD, "gemeente_raad")
    assert (
        "De voorzitter van de gemeenteraad, Jan Janssens, en de algemeen directeur, Els Claes, ondertekenen "
        "de overeenkomst namens de gemeente (Decreet over het lokaal bestuur, artikel 279, § 1, eerste lid)."
    ) in t
    assert "artikel 279, § 1, eerste lid" not in highlighted(RAAD, "gemeente_raad")  # verified
    assert "namens het college" not in t


def test_college_signatories_under_article_279_2_highlighted():
    t = text(COLLEGE, "stad_college_buiten_eer")
    assert (
        "De burgemeester, Karel De Smet, en de algemeen directeur, Els Claes, ondertekenen het addendum "
        "namens de stad (Decreet over het lokaal bestuur, artikel 279, § 2)."
    ) in t
    assert "artikel 279, § 2" in highlighted(COLLEGE, "stad_college_buiten_eer")  # not verified
    assert "namens het college" not in t and "namens de gemeente" not in t


def test_division_of_labour_when_the_college_adopts_the_arbeidsreglement():
    raad, college = dispositive(RAAD, "stad_college_buiten_eer"), dispositive(COLLEGE, "stad_college_buiten_eer")
    # the council adopts the academiereglement only, and does not take note of what it delegated
    assert "De gemeenteraad stelt de wijziging van het academiereglement" in raad
    assert "arbeidsreglement" not in raad and "kennis" not in raad and "protocol" not in raad
    motivation = text(RAAD, "stad_college_buiten_eer").split("\nBesluit\n", 1)[0]
    assert (
        "met toepassing van artikel 41 van het Decreet over het lokaal bestuur bij besluit van [in te vullen: datum van het delegatiebesluit] aan het college"
    ) in motivation
    assert "Dit besluit regelt ze daarom niet." in motivation
    # the college adopts the arbeidsreglement, never the academiereglement
    assert "Het college stelt de wijziging van het arbeidsreglement" in college
    assert "academiereglement" not in college


@pytest.mark.parametrize("name", ["referentie", "gemeente_raad", "zonder_remediering"])
def test_the_council_adopts_both_regulations_when_it_keeps_the_arbeidsreglement(name):
    raad = dispositive(RAAD, name)
    assert "De gemeenteraad stelt de wijziging van het academiereglement" in raad
    assert "De gemeenteraad stelt de wijziging van het arbeidsreglement" in raad
    assert "De gemeenteraad neemt kennis van het protocol van die onderhandeling" in raad


# --- 5. union negotiation ----------------------------------------------------------------


KB = "koninklijk besluit van 28 september 1984 tot uitvoering van de wet van 19 december 1974"


@pytest.mark.parametrize("name", PROFILES)
def test_the_royal_decree_is_cited_where_the_negotiation_is_the_basis(name):
    agendanota, protocol = text(ONDERHANDELING, name), text(PROTOCOL, name)
    assert KB in agendanota and KB in protocol
    assert f"Gelet op de wet van 19 december 1974 tot regeling van de betrekkingen tussen de overheid en de vakbonden van haar personeel en het {KB}" in text(
        decision_of_the_arbeidsreglement(name), name
    )


@pytest.mark.parametrize("name", PROFILES)
def test_protocol_records_agreement_or_each_position(name):
    protocol = text(PROTOCOL, name)
    assert "met opmerkingen" not in protocol.lower()
    assert "☐ Akkoord." in protocol and "☐ Geen akkoord." in protocol
    assert "vermeldt het protocol het standpunt van elke afvaardiging" in protocol
    document = open_docx(text_and_docx(PROTOCOL, contrasting(name))[1])
    positions = [t for t in document.tables if t.rows[0].cells[0].text == "Afvaardiging"]
    assert [r.cells[0].text for r in positions[0].rows[1:]] == ["Afvaardiging van het schoolbestuur", "ACOD Onderwijs", "COC", "VSOA Onderwijs"]


# --- 6. after adopting the arbeidsreglement -----------------------------------------------


@pytest.mark.parametrize("name", PROFILES)
def test_staff_and_inspectorate_article_and_dated_step(name):
    decision = dispositive(decision_of_the_arbeidsreglement(name), name)
    assert (
        "bezorgt elk personeelslid uiterlijk op 30 juni 2027, vóór de inwerkingtreding, een exemplaar van de wijziging "
        "van het arbeidsreglement, en maakt op elke plaats van tewerkstelling bekend waar het arbeidsreglement ter inzage ligt"
    ) in decision
    assert (
        "Het bezorgt uiterlijk op 9 september 2027, binnen acht dagen na de inwerkingtreding, een afschrift van "
        "de wijziging aan de inspectie Toezicht op de Sociale Wetten, overeenkomstig artikel 15 van de "
        "Arbeidsreglementenwet."
    ) in decision
    assert "artikel 15" in highlighted(decision_of_the_arbeidsreglement(name), name)
    p = profiel(name)
    stap = steps.BY_KEY["besluitvorming-2e"]
    assert stap.datum(p) == datetime.date(2027, 9, 9) and stap.nodig(p)
    assert "Toezicht op de Sociale Wetten" in stap.wat
    # informing the staff is its own step, before the entry into force (issue 24, point 3)
    informeren = steps.BY_KEY["besluitvorming-2d"]
    assert informeren.datum(p) == datetime.date(2027, 6, 30) < p.schooljaar_start and "Toezicht" not in informeren.wat
    assert "exemplaar" in informeren.wat and "elke plaats van tewerkstelling" in informeren.wat
    plan = text("stappenplan", name)
    assert "binnen acht dagen na de inwerkingtreding op 1 september 2027" in plan and "9 september 2027" in plan
    assert "vóór de zomervakantie, en in elk geval vóór de inwerkingtreding op 1 september 2027" in plan and "30 juni 2027" in plan
    principe = text("principebeslissing", name)
    assert "9 september 2027" in principe and "uiterlijk 30 juni 2027" in principe
    events = icalendar.Calendar.from_ical(calendar.ics(p)).walk("VEVENT")
    summaries = {str(e["summary"]) for e in events}
    assert any("Personeel informeren" in s for s in summaries) and any("inspectie" in s for s in summaries)


# --- 11. teaching from home: points to settle before the negotiation ------------------------


HOME_POINTS = (
    "Te regelen vóór de onderhandeling: lesgeven van thuis uit",
    "de kosten van het lesgeven van thuis uit",
    "de dekking door de arbeidsongevallenverzekering",
    "een risicoanalyse voor het welzijn op het werk",
    "Terugvaloptie:",
    "in een lokaal van de academie dat de directeur daarvoor aanwijst",
)


@pytest.mark.parametrize("name, home", [("referentie", True), ("stad_college_buiten_eer", True), ("zonder_remediering", False)])
def test_agenda_note_lists_what_home_work_needs(name, home):
    agendanota = text(ONDERHANDELING, name).split("\nProtocol (ontwerp)\n", 1)[0]
    for point in HOME_POINTS:
        assert (point in agendanota) is home, point
    if not home:
        assert "van thuis uit" not in agendanota


# --- 14. drafting conventions --------------------------------------------------------------


@pytest.mark.parametrize("name", PROFILES)
def test_enumerations_in_decisions_are_numbered_with_degrees(name):
    for kind in (RAAD, COLLEGE):
        if kind == COLLEGE and not profiel(name).college_beslist:
            continue
        assert "List Bullet" not in styles_of(text_and_docx(kind, contrasting(name))[1]), kind
    t = text(RAAD, name)
    assert "1° geen enkel vak wordt volledig" in t and "1° Hoofdvestiging Kunstlaan" in t
    last = "7°" if profiel(name).afstandsonderwijs.remediering.toegestaan else "6°"
    assert f"\n{last} " in t and t.split(f"\n{last} ", 1)[1].split("\n", 1)[0].endswith(".")


def test_variants_say_only_what_applies():
    t = text(RAAD, "zonder_remediering")
    assert "remediërende" not in t and "van thuis uit kan en" not in t
    assert "5° niemand mag de lessen opnemen of beelden van de lessen verspreiden;" in t
    assert "professionalisering" not in t
    stad = text(RAAD, "stad_college_buiten_eer") + text(COLLEGE, "stad_college_buiten_eer")
    assert "gemeente" not in stad.replace("gemeenteraad", "")


# --- 15. a step that does not apply stays in the plan -----------------------------------------


def test_step_that_does_not_apply_is_marked_in_plan_document_and_cli():
    p = profiel("zonder_remediering")
    stap = steps.BY_KEY["besluitvorming-4"]
    assert stap.status(p, datetime.date(2027, 1, 1)) == steps.NIET_NODIG
    rows = {f"{s['fase']}-{s['nr']}": s for s in stappenplan.stappen_context(p)}
    assert len(rows) == len(steps.STAPPEN) and rows["besluitvorming-4"]["documenten"] == ""
    document = open_docx(text_and_docx("stappenplan", contrasting("zonder_remediering"))[1])
    row = next(r for t in document.tables for r in t.rows if r.cells[0].text == "4" and "professionaliseringsplan" in r.cells[1].text)
    assert [c.text for c in row.cells][3:] == ["niet van toepassing", "—", "—"]
    plan = stappenplan.plan_tekst(p, datetime.date(2027, 1, 1))
    line = next(line for line in plan.splitlines() if "besluitvorming 4" in line)
    assert "niet van toepassing" in line and line.split()[0] == "-"
    assert "1 niet van toepassing" in plan.splitlines()[-2] or "1 niet van toepassing" in plan


def test_the_calendar_leaves_out_a_step_that_does_not_apply():
    p = profiel("zonder_remediering")
    events = icalendar.Calendar.from_ical(calendar.ics(p)).walk("VEVENT")
    uids = [str(e["uid"]) for e in events]
    assert not any(uid.startswith("besluitvorming-4-") for uid in uids)
    assert any(uid.startswith("besluitvorming-2e-") for uid in uids)
    assert len(events) == len(steps.STAPPEN) - 1


# --- shared facts ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PROFILES)
def test_dates_and_bodies_are_the_same_in_every_document(name):
    p = profiel(name)
    raad = "22 maart 2027"
    college = p.schoolbestuur.arbeidsreglement_vastgesteld_door == "college"
    # the agenda note for the unions names the body that adopts the arbeidsreglement, and its date
    for kind in (RAAD, "principebeslissing", "personeelsoverleg", "stappenplan") + (() if college else (ONDERHANDELING,)):
        t = text(kind, name)
        assert raad in t and "10 februari 2027" in t, kind
    expected = (
        "Daarna stelt het college van burgemeester en schepenen ze vast, uiterlijk op 15 maart 2027."
        if college
        else "Daarna stelt de gemeenteraad ze vast, in de zitting van 22 maart 2027."
    )
    assert expected in text(ONDERHANDELING, name)
    # the college adopts in a session of its own, a week before the council (not on the council's date)
    adopted = datetime.date(2027, 3, 15) if college else datetime.date(2027, 3, 22)
    assert steps.BY_KEY["besluitvorming-2c"].datum(p) == adopted
    for kind in (RAAD, COLLEGE, ONDERHANDELING):
        if kind == COLLEGE and not p.college_beslist:
            continue
        t = text(kind, name)
        for vak in ("25\u00a0%", "20\u00a0%", "30\u00a0%", "40\u00a0%"):
            assert vak in t, (kind, vak)


# --- `iao plan` stays light --------------------------------------------------------------------


def test_plan_dates_match_the_documents():
    for date in (datetime.date(2027, 3, 22), datetime.date(2026, 10, 21), datetime.date(2028, 12, 1)):
        assert steps.datum(date) == filters.datum(date).replace("\u00a0", " ")  # the documents keep day and month together


def test_iao_plan_imports_no_document_libraries():
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", "plan", "inputs/voorbeeld.yaml"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert "Stappenplan IAO" in result.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert imported and not imported & {"docx", "lxml", "babel", "jinja2", "docxtpl"}
