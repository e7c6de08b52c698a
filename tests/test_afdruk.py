"""Pages that hold up on paper (issue 13): read back from the rendered documents."""

import re

import pytest
from docx.oxml.ns import qn

from generator.authoring.markup import typography
from generator.dossier import documents
from tests.dossier import open_docx, part_of, render_kind

KINDS = [k.kind for k in documents.KINDS]
DECISIONS = ("gemeenteraadsbesluit", "collegebesluit", "principebeslissing")


@pytest.fixture(scope="module")
def rendered():
    return {name: render_kind(name) for name in KINDS}


def _heights(table) -> list[tuple[int, str]]:
    """(twips, rule) of each row's w:trHeight; (0, "") for a row without."""
    found = []
    for row in table.rows:
        height = row._tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
        found.append((0, "") if height is None else (int(height.get(qn("w:val"))), height.get(qn("w:hRule"))))
    return found


@pytest.mark.parametrize("name", KINDS)
def test_every_page_names_its_document(rendered, name):
    document = open_docx(rendered[name])
    for section in document.sections:
        footer = section.footer.paragraphs[0]
        fields = [t.text for t in footer._p.iter(qn("w:instrText"))]
        assert "2027-2028" in footer.text and "\tPagina " in footer.text
        assert any(" PAGE " in f for f in fields)
    # the agreement names its variant (a new agreement or an addendum), the others their kind's title
    title = "Verwerkersovereenkomst" if name == "verwerkersovereenkomst" else typography(documents.KINDS[name].title)
    assert document.sections[0].footer.paragraphs[0].text.startswith(f"{title} – 2027-2028")


@pytest.mark.parametrize("name", KINDS)
def test_word_current_mode_and_belgian_separators(rendered, name):
    settings = part_of(rendered[name], "word/settings.xml")
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
    assert '<w:decimalSymbol w:val=","/>' in settings and '<w:listSeparator w:val=";"/>' in settings


@pytest.mark.parametrize("name", KINDS)
def test_extended_properties_are_ours(rendered, name):
    app = part_of(rendered[name], "docProps/app.xml")
    assert "<Application>iao</Application>" in app
    for stale in ("Normal.dotm", "Macintosh", "<Pages>", "<Words>", "TitlesOfParts"):
        assert stale not in app


@pytest.mark.parametrize("name", DECISIONS)
def test_decision_has_room_for_agenda_item_and_reference(rendered, name):
    first = open_docx(rendered[name]).tables[0]
    assert [c.text for c in first.rows[0].cells] == ["Agendapunt", "Referentie"]
    assert all(c.text.startswith("[in te vullen") for c in first.rows[1].cells)


@pytest.mark.parametrize("name", KINDS)
def test_signature_space_and_chain(rendered, name):
    document = open_docx(rendered[name])
    for table in document.tables:
        if table.style.name != "Handtekeningtabel":
            continue
        empty_runs, run = [], 0
        for row, (twips, rule) in zip(table.rows, _heights(table)):
            if not any(c.text.strip() for c in row.cells):
                assert rule == "exact"
                run += twips
            elif run:
                empty_runs.append(run)
                run = 0
        assert all(space >= 1418 for space in empty_runs + ([run] if run else []))  # 2.5 cm
        rows = table._tbl.findall(qn("w:tr"))
        assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows)
        before = table._tbl.getprevious()
        assert before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, name


def test_namens_de_gemeenteraad_written_alike(rendered):
    texts = [p.text for name in KINDS for p in open_docx(rendered[name]).paragraphs if p.text.startswith("Namens de")]
    assert texts and set(texts) <= {"Namens de gemeenteraad,", "Namens het college van burgemeester en schepenen,"}
    cells = [c.text for name in KINDS for t in open_docx(rendered[name]).tables for r in t.rows for c in r.cells]
    assert not any(c.startswith("Namens") for c in cells)


def test_forms_have_write_in_rows(rendered):
    for name in ("bevraging", "beginanalyse-personeel", "toestemming-opnames", "vestigingsplaatsen"):
        tables = [t for t in open_docx(rendered[name]).tables if t.style.name != "Handtekeningtabel"]
        forms = [t for t in tables if any(twips for twips, _ in _heights(t))]
        assert forms, name
        for table in forms:
            assert all(twips >= 567 for twips, _ in _heights(table)[1:]), name  # 1 cm
    sheet = open_docx(rendered["vestigingsplaatsen"]).tables[-1]
    assert [c.text for c in sheet.rows[0].cells] == ["Datum", "Uur", "Leerling", "Vak", "Toezichter"]
    assert _heights(sheet)[1:] == [(567, "exact")] * 17  # one page, also under a letterhead and 4 cm margins
    labels = [r.cells[0].text for r in open_docx(rendered["beginanalyse-personeel"]).tables[0].rows]
    assert {"Naam", "Datum", "Handtekening"} <= set(labels)
    positions = [t for t in open_docx(rendered["protocol"]).tables if t.rows[0].cells[-1].text == "Standpunt"][0]
    assert all(twips >= 1417 for twips, _ in _heights(positions)[1:])


def test_the_protocol_is_a_document_of_its_own(rendered):
    """Issue 22: the agenda note goes out before the meeting, the protocol is signed after
    it: each its own document, with its own title and "Pagina X van Y" (NUMPAGES, which
    LibreOffice computes, where a section's SECTIONPAGES printed only "Pagina X")."""
    agenda, protocol = open_docx(rendered["onderhandeling"]), open_docx(rendered["protocol"])
    assert len(agenda.sections) == len(protocol.sections) == 1
    assert not any("Protocol" in p.text for p in agenda.paragraphs)
    assert protocol.core_properties.title.startswith("Protocol van de vakbondsonderhandeling")
    assert any(p.text == "Protocol (ontwerp)" for p in protocol.paragraphs)
    footer = protocol.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Protocol van de vakbondsonderhandeling – 2027-2028")
    fields = " ".join(t.text or "" for t in footer._p.iter(qn("w:instrText"))) + " ".join(f.get(qn("w:instr"), "") for f in footer._p.iter(qn("w:fldSimple")))
    assert "NUMPAGES" in fields and "SECTIONPAGES" not in fields


def test_step_plan_is_landscape_with_document_titles(rendered):
    document = open_docx(rendered["stappenplan"])
    section = document.sections[0]
    assert section.page_width > section.page_height
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert not any(".docx" in c for c in cells)
    assert any(documents.KINDS["gemeenteraadsbesluit"].title in c for c in cells)


def test_lettered_clauses_use_word_numbering(rendered):
    document = open_docx(rendered["verwerkersovereenkomst"])
    lettered = [p for p in document.paragraphs if p.style.name == "Lijst letters"]
    assert len(lettered) == 8 and lettered[0].text.startswith("Schriftelijke instructies.")
    texts = [p.text for name in KINDS for p in open_docx(rendered[name]).paragraphs]
    assert not any(re.match(r"^(• ?)?[a-h]\) ", t) for t in texts)
    numbered = [p for p in open_docx(rendered["platformscreening"]).paragraphs if p.style.name == "Heading 1" and p._p.pPr.numPr is not None]
    assert numbered and not any(re.match(r"^\d+\. ", p.text) for p in numbered)


def test_information_letter_is_a_letter(rendered):
    text = "\n".join(p.text for p in open_docx(rendered["informatiebrief"]).paragraphs)
    for part in ("Academie voor Muziek, Woord en Dans Voorbeeldstad", "Ons kenmerk:", "Contactpersoon:", "Betreft:", "Aan de leerlingen"):
        assert part in text
    assert re.search(r", 3\u00a0mei 2027\n", text)  # place and date


def test_typography(rendered):
    text = "\n".join(p.text for name in KINDS for p in open_docx(rendered[name]).paragraphs)
    assert "1\u00a0september 2027" in text and "3\u00a0mei 2027" in text  # typed in a template, rendered by |datum
    assert "collega’s" in text and "collega's" not in text
    assert typography("zie art. 28 en 't Zand") == "zie art.\u00a028 en ’t\u00a0Zand"


def _article_levels(docx: bytes) -> list[str]:
    levels = []
    for p in open_docx(docx).paragraphs:
        if p.style.name == "Artikel":
            ilvl = p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}")
            levels.append("0" if ilvl is None else ilvl.get(qn("w:val")))
    return levels


@pytest.mark.parametrize("name", ["gemeenteraadsbesluit", "collegebesluit", "academiereglement", "arbeidsreglement"])
def test_artikel_1_then_art_2(rendered, name):
    levels = _article_levels(rendered[name])
    assert len(levels) >= 2 and levels[0] == "0" and set(levels[1:]) == {"1"}
    numbering = part_of(rendered[name], "word/numbering.xml")
    assert 'w:val="Artikel %1."' in numbering and 'w:val="Art. %2."' in numbering


def test_an_agreement_keeps_artikel_throughout(rendered):
    assert set(_article_levels(rendered["verwerkersovereenkomst"])) == {"0"}
    assert "Art. %2." not in part_of(rendered["verwerkersovereenkomst"], "word/numbering.xml")


def test_an_introducing_line_and_a_short_table_stay_with_what_follows(rendered):
    """Issue 22: a line ending in ":" is never the last of a page, and a short table is
    kept on one page (the protocol's positions after "... het volgende standpunt in:")."""
    document = open_docx(rendered["protocol"])
    intro = next(p for p in document.paragraphs if p.text.endswith("het volgende standpunt in:"))
    assert intro.paragraph_format.keep_with_next
    positions = next(t for t in document.tables if t.rows[0].cells[-1].text == "Standpunt")
    kept = [row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in positions.rows]
    assert all(kept[:-1]) and not kept[-1]
    decision = open_docx(rendered["gemeenteraadsbesluit"])
    assert all(p.paragraph_format.keep_with_next for p in decision.paragraphs if p.text.rstrip().endswith(":"))


@pytest.mark.parametrize("name", KINDS)
def test_a_page_break_is_carried_by_the_heading_never_by_an_empty_paragraph(rendered, name):
    """Issue 22: an empty paragraph holding a break lands on a page of its own (a blank
    page) when what precedes it fills its page; the heading after it carries the break."""
    document = open_docx(rendered[name])
    breaks = [p for p in document.paragraphs if p._p.find(f".//{qn('w:br')}[@{qn('w:type')}='page']") is not None]
    assert [p.text for p in breaks if not p.text.strip()] == []
    if name == "vestigingsplaatsen":  # a registration sheet per site, each on a page of its own
        sheets = [p for p in document.paragraphs if p.text.startswith("Registratieblad")]
        assert len(sheets) == 2 and all(p.paragraph_format.page_break_before for p in sheets)


def test_the_last_article_and_the_closing_stay_with_the_signatures(rendered):
    """Issue 22: the signatures never stand alone on a page: the closing lines, the text
    back to the last heading and the line before it keep with the signature table."""
    decision = open_docx(rendered["collegebesluit"]).paragraphs
    start = max(n for n, p in enumerate(decision) if p.style.name == "Artikel")  # the last article
    end = next(n for n, p in enumerate(decision) if p.text.startswith("Namens het college"))
    assert all(p.paragraph_format.keep_with_next for p in decision[start + 1 : end + 1] if p.text.strip())
    letter = open_docx(rendered["informatiebrief"]).paragraphs
    closing = next(n for n, p in enumerate(letter) if p.text == "Met vriendelijke groeten")
    assert all(p.paragraph_format.keep_with_next for p in letter[closing - 2 : closing + 1])


def test_the_text_before_a_table_and_a_short_table_with_conditional_rows_stay_together(rendered):
    """Issue 22: "6. Opnamefuncties" and its intro at the foot of a page, the table on the next."""
    document = open_docx(rendered["platformscreening"])
    body = list(document.element.body.iterchildren())
    for n, element in enumerate(body[1:], 1):
        if element.tag == qn("w:tbl") and body[n - 1].tag == qn("w:p") and "".join(body[n - 1].itertext()).strip():
            assert body[n - 1].find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, "".join(body[n - 1].itertext())
    functions = next(t for t in document.tables if t.rows[0].cells[0].text == "Onderwerp")
    kept = [row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in functions.rows]
    assert all(kept[:-1]) and not kept[-1]


LONGEST_KEPT_CHAIN = 10  # paragraphs: a longer chain of keep-with-next may not fit a page, and Word then breaks it anywhere


@pytest.mark.parametrize("profile", ["referentie", "stad_college_buiten_eer"])
def test_no_chain_of_keep_with_next_is_longer_than_a_part_of_a_page(profile):
    """Issue 22: keeping the text before a table with it once chained a whole annex
    (the list of measures up to the table of subprocessors) and moved it to a page of its own."""
    from tests.dossier import contrasting

    for kind in KINDS:
        document = open_docx(render_kind(kind, contrasting(profile)))
        kept_styles = {s.style_id for s in document.styles if s.type == 1 and s.paragraph_format.keep_with_next}
        run = longest = 0
        for element in document.element.body.iterchildren():
            ppr = element.find(qn("w:pPr")) if element.tag == qn("w:p") else None
            style = ppr.find(qn("w:pStyle")) if ppr is not None else None
            kept = ppr is not None and (ppr.find(qn("w:keepNext")) is not None or (style is not None and style.get(qn("w:val")) in kept_styles))
            run = run + 1 if kept else 0
            longest = max(longest, run)
        assert longest <= LONGEST_KEPT_CHAIN, kind
