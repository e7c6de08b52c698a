"""The step plan (steps.py, calendar.py, `iao plan`); the jaarplanning is tested in test_implementatie.py."""

from __future__ import annotations

import datetime

import icalendar
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.dossier import calendar, documents, stappenplan, steps
from generator.dossier.generation import build_dossier
from generator.profile.loading import profile_from_data
from tests.dossier import (
    assert_clean,
    comments_of,
    open_docx,
    reference_data,
    render_kind,
    text_of,
    variant,
)

D = datetime.date


def profiel(data=None):
    return profile_from_data(reference_data() if data is None else data).profiel


def by_key(p):
    return {s.key: s.datum(p) for s in steps.STAPPEN}


# --- steps -----------------------------------------------------------------------


def test_all_fifteen_seed_steps_are_there():
    seed = {(s.fase, s.nummer) for s in steps.STAPPEN}
    assert seed == ({("voorbereiding", n) for n in range(1, 6)} | {("besluitvorming", n) for n in range(1, 5)} | {("implementatie", n) for n in range(1, 7)})
    assert len({s.key for s in steps.STAPPEN}) == len(steps.STAPPEN)
    assert all(key in steps.BY_KEY for s in steps.STAPPEN for key in s.na)


def test_fixed_dates_come_from_the_profile():
    dates = by_key(profiel())
    assert dates["besluitvorming-2a"] == D(2027, 1, 20)  # texts to the unions, three weeks before the negotiation
    assert dates["besluitvorming-2b"] == D(2027, 2, 10)  # onderhandelingscomite
    assert dates["besluitvorming-1"] == dates["besluitvorming-2c"] == D(2027, 3, 22)  # gemeenteraad
    assert dates["besluitvorming-2d"] == D(2027, 6, 30)  # every staff member informed before the summer
    assert dates["besluitvorming-2e"] == D(2027, 9, 9)  # copy to the inspectorate
    assert dates["implementatie-1"] == D(2027, 5, 3)  # start_inschrijvingen
    assert dates["implementatie-2"] == D(2027, 8, 31)  # vóór 1 september
    for n in (3, 4, 5, 6):
        assert dates[f"implementatie-{n}"] == D(2027, 9, 1)  # eerste lesdag


def test_preparation_comes_before_the_negotiation_and_the_agreement_before_the_council():
    p = profiel()
    dates = by_key(p)
    for n in range(1, 6):
        assert dates[f"voorbereiding-{n}"] < D(2027, 2, 10)
        assert steps.BY_KEY[f"voorbereiding-{n}"].is_voorgesteld(p)
    assert dates["voorbereiding-5"] < dates["besluitvorming-2a"] < dates["besluitvorming-2b"]  # preparation, texts, negotiation
    assert dates["besluitvorming-3"] < D(2027, 3, 22)  # closed by the college
    council = profiel(variant(**{"schoolbestuur.verwerkersovereenkomst_gesloten_door": "gemeenteraad"}))
    assert by_key(council)["besluitvorming-3"] == D(2027, 3, 22)
    assert stappenplan.volgorde(p) == {}


def test_status_per_step():
    p = profiel()
    raad = steps.BY_KEY["besluitvorming-1"]
    assert raad.status(p, D(2027, 3, 21)) == "gepland"
    assert raad.status(p, D(2027, 3, 22)) == "vandaag"
    assert raad.status(p, D(2027, 3, 23)) == "verstreken"
    geen = profiel(variant(**{"personeel.professionalisering_nodig": False}))
    assert steps.BY_KEY["besluitvorming-4"].status(geen, D(2027, 1, 1)) == "niet van toepassing"
    assert by_key(geen)["besluitvorming-4"] is None


def test_wrong_order_is_flagged():
    p = profiel(variant(**{"planning.gemeenteraad": D(2027, 5, 10)}))  # after enrolment starts
    problems = stappenplan.volgorde(p)
    assert "implementatie-1" in problems
    assert "10 mei 2027" in problems["implementatie-1"][0]


def test_document_names_of_a_step():
    p = profiel()
    assert stappenplan.document_names(steps.BY_KEY["besluitvorming-1"], p)[0] == "academiereglement-wijziging-2027-2028.docx"
    assert stappenplan.document_names(steps.BY_KEY["implementatie-2"], p) == ["jaarplanning-2027-2028.docx"]


def test_a_step_naming_an_unknown_kind_is_an_error_where_it_is_defined():
    with pytest.raises(documents.UnknownKind, match="onbekende documentsoort 'bestaat-niet'.*jaarplanning"):
        steps.Stap("voorbereiding", 9, "", "t", "w", lambda p: "", lambda p: None, lambda p: "", False, steps._docs("jaarplanning", "bestaat-niet"))


def test_every_step_names_registered_kinds():
    p = profiel()
    for stap in steps.STAPPEN:
        assert all(documents.KINDS[k.kind] is k for k in stap.kinds(p)), stap.key


# --- calendar --------------------------------------------------------------------


def test_ics_parses_and_falls_on_the_profile_dates():
    p = profiel()
    data = calendar.ics(p)
    assert data == calendar.ics(profiel())  # byte-identical
    assert calendar.filename(p) == "stappenplan-2027-2028.ics"
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == len([s for s in steps.STAPPEN if s.datum(p)]) == 19
    starts = {e.decoded("dtstart") for e in events}
    assert {D(2027, 2, 10), D(2027, 3, 22), D(2027, 5, 3), D(2027, 8, 31), D(2027, 9, 1)} <= starts
    for event in events:
        start = event.decoded("dtstart")
        assert type(start) is datetime.date  # all-day
        assert event.decoded("dtend") == start + datetime.timedelta(days=1)
        assert "Wie:" in str(event["description"])
    assert b"DTSTART;VALUE=DATE:20270322" in data
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert all(line.endswith(b"\r") or not line for line in data.split(b"\n")[:-1])  # CRLF


def test_ics_escapes_awkward_names():
    name = 'Academie "De Kunst" & <Co>; {{ x }}, Één'
    data = calendar.ics(profiel(variant(**{"academie.naam": name})))
    cal = icalendar.Calendar.from_ical(data)
    assert name in str(cal["x-wr-calname"])
    assert all(name in str(e["description"]) for e in cal.walk("VEVENT"))


def test_ics_is_part_of_the_dossier():
    loaded = profile_from_data(reference_data())
    dossier = build_dossier(loaded)
    assert "stappenplan-2027-2028.ics" in dossier.files
    assert "stappenplan-2027-2028.docx" in dossier.files
    assert "jaarplanning-2027-2028.docx" in dossier.files


# --- iao plan --------------------------------------------------------------------


def write(tmp_path, data, name="profiel.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def test_plan_shows_the_timeline(tmp_path):
    result = CliRunner().invoke(cli, ["plan", write(tmp_path, reference_data()), "--vandaag", "2027-04-01"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "22 maart 2027" in out and "1 september 2027" in out
    lines = {line[2:].split("  ")[0]: line for line in out.splitlines() if line[:1] in "! " and "2027" in line}
    assert "verstreken" in lines["22 maart 2027"] and lines["22 maart 2027"].startswith("!")
    assert "gepland" in lines["3 mei 2027"] and not lines["3 mei 2027"].startswith("!")
    assert "VOLGORDE" not in out


def test_plan_flags_wrong_order_and_exits_1(tmp_path):
    data = variant(**{"planning.gemeenteraad": D(2027, 5, 10)})
    result = CliRunner().invoke(cli, ["plan", write(tmp_path, data), "--vandaag", "2027-01-01"])
    assert result.exit_code == 1
    assert "VOLGORDE" in result.output and "R9" in result.output


def test_plan_unreadable_profile_exits_2(tmp_path):
    path = tmp_path / "kapot.yaml"
    path.write_text("schooljaar: [", encoding="utf-8")
    assert CliRunner().invoke(cli, ["plan", str(path)]).exit_code == 2


# --- documents -------------------------------------------------------------------


def test_stappenplan_document():
    docx = render_kind("stappenplan")
    text = text_of(docx)
    assert_clean(text)
    for fact in (
        "10 februari 2027",
        "22 maart 2027",
        "3 mei 2027",
        "31 augustus 2027",
        "1 september 2027",
        "uiterlijk 21 oktober 2026",
        "Wijziging van het academiereglement",
        "stappenplan-2027-2028.ics",
        "☐ te doen",
        "An Peeters",
        "Pieter Wouters",
    ):
        assert fact in text, fact
    doc = open_docx(docx)
    assert len(doc.tables) == 3
    assert [len(t.rows) for t in doc.tables] == [6, 9, 7]  # header + 5, 8 (2a to 2e), 6
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Voorbereiding", "Besluitvorming", "Implementatie"]  # numbered 1. to 3. by Word
    assert docx == render_kind("stappenplan")  # reproducible: no date of today


def test_stappenplan_conditional_parts():
    text = text_of(render_kind("stappenplan", variant(**{"personeel.professionalisering_nodig": False})))
    assert "niet van toepassing" in text
    text = text_of(render_kind("stappenplan", variant(**{"schoolbestuur.verwerkersovereenkomst_gesloten_door": "gemeenteraad"})))
    assert "op dezelfde zitting" in text and "collegebesluit" not in text
    docx = render_kind("stappenplan", variant(**{"planning.gemeenteraad": D(2027, 5, 10)}))
    assert any("Let op, volgorde" in comment for comment in comments_of(docx))  # a note, shown as a comment


def test_awkward_values_come_out_literally():
    name = 'Academie "De Kunst" & <Co> {{ x }}'
    data = variant(**{"academie.naam": name, "afstandsonderwijs.vakken.0.vak": "Piano & <zang> É"})
    for kind in ("stappenplan", "jaarplanning"):
        text = text_of(render_kind(kind, data))
        assert name in text
    assert "Piano & <zang> É – 3de graad" in text


@pytest.mark.parametrize("kind", ["stappenplan", "jaarplanning"])
def test_dutch_language_and_core_properties(kind):
    doc = open_docx(render_kind(kind))
    assert "Academie voor Muziek" in doc.core_properties.title


def test_step_tables_have_readable_column_widths():
    # [kolommen] in bron.txt: a narrow number column, a wide "Wat" column
    for table in open_docx(render_kind("stappenplan")).tables:
        widths = [cell.width.cm for cell in table.rows[0].cells]
        assert widths[1] > 4 * widths[0] and abs(sum(widths) - 24.7) < 0.1  # landscape
