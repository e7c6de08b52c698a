"""iao amend: the IAO chapter inserted into an academy's own regulation as tracked changes."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import zipfile

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt
from lxml import etree

from generator.cli import cli
from generator.edit import amend
from generator.word.untrusted import UnsafeDocument
from tests.dossier import ROOT, reference_data, variant
from tests.openxml import assert_no_new_findings

PROFILE = ROOT / "inputs" / "voorbeeld.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ------------------------------------------------------------ test documents


def academy_regulation(path, *, slot=True, custom_styles=False, caps=False, typed_lists=False):
    """A realistic existing academiereglement, as an academy would have it (its
    enumerations numbered by Word, or typed "1° ..." by hand)."""
    document = Document()
    chapter_style, article_style = "Heading 1", None
    if custom_styles:
        chapter = document.styles.add_style("Hoofdstuk", WD_STYLE_TYPE.PARAGRAPH)
        chapter.base_style = document.styles["Normal"]
        chapter.font.bold, chapter.font.size = True, Pt(14)
        article = document.styles.add_style("Artikelkop", WD_STYLE_TYPE.PARAGRAPH)
        article.base_style = document.styles["Normal"]
        article.font.bold, article.font.underline = True, True
        chapter_style, article_style = "Hoofdstuk", "Artikelkop"
    document.add_paragraph("Academiereglement Academie voor Muziek, Woord en Dans Voorbeeldstad", "Title")
    document.add_paragraph("Vastgesteld door de gemeenteraad op 24 juni 2024.")
    number = 0

    def chapter(title):
        text = f"Hoofdstuk {len([p for p in document.paragraphs if p.text.lower().startswith('hoofdstuk')]) + 1}. {title}"
        document.add_paragraph(text.upper() if caps else text, chapter_style)

    def article(*body):
        nonlocal number
        number += 1
        if article_style:
            document.add_paragraph(f"Artikel {number}.", article_style)
        else:
            document.add_paragraph().add_run(f"Artikel {number}").bold = True
        for text in body:
            document.add_paragraph(text)

    chapter("Algemene bepalingen")
    article(
        "Dit reglement geldt voor alle leerlingen van de academie en voor hun ouders als de leerling minderjarig is.", "In dit reglement wordt verstaan onder:"
    )
    for item in (
        "academie: de academie voor muziek, woord en dans;",
        "directeur: de directeur van de academie;",
        "ouders: de personen die het ouderlijk gezag uitoefenen.",
    ):
        if typed_lists:
            document.add_paragraph(f"{len([p for p in document.paragraphs if p.text[:1].isdigit()]) + 1}° {item}")
        else:
            document.add_paragraph(item, "List Number")
    article("De academie organiseert onderwijs in de domeinen muziek en woordkunst-drama in de volgende vestigingsplaatsen:")
    table = document.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    for row, (a, b) in zip(table.rows, [("Vestigingsplaats", "Adres"), ("Hoofdvestiging", "Kunstlaan 12"), ("Filiaal", "Dorpsplein 3")]):
        row.cells[0].text, row.cells[1].text = a, b
    chapter("Inschrijving en toelating")
    article(
        "Een leerling schrijft zich in bij het secretariaat, uiterlijk op 30 september van het schooljaar.",
        "Met de inschrijving aanvaardt de leerling dit reglement.",
    )
    article("De leerling betaalt het inschrijvingsgeld dat de Vlaamse overheid en het schoolbestuur vastleggen.")
    chapter("Orde en tucht")
    article("Een leerling die de goede werking van de academie in het gedrang brengt, kan een ordemaatregel krijgen:")
    for item in ("een verwittiging;", "een strafstudie;", "een tijdelijke verwijdering uit de les."):
        document.add_paragraph(item, "List Bullet")
    article("Een tuchtmaatregel wordt alleen opgelegd na het horen van de leerling en zijn ouders.")
    if slot:
        chapter("Slotbepalingen")
        article("Dit reglement treedt in werking op 1 september 2024.")
        article("Het reglement ligt ter inzage op het secretariaat en staat op de website van de academie.")
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "Academiereglement – vastgesteld op 24 juni 2024"
    document.core_properties.author = "Secretariaat"
    document.save(path)
    return path


def labour_regulation(path):
    document = Document()
    document.add_paragraph("Arbeidsreglement voor het personeel van de academie", "Title")
    titles = ["Algemene bepalingen", "Arbeidsduur en uurroosters", "Telewerk", "Rechten en plichten", "Slotbepalingen"]
    number = 0
    for n, title in enumerate(titles, start=1):
        document.add_paragraph(f"Hoofdstuk {n}. {title}", "Heading 1")
        for _ in range(2):
            number += 1
            p = document.add_paragraph()
            p.add_run(f"Art. {number}. ").bold = True
            p.add_run("Het personeelslid volgt de bepalingen van dit arbeidsreglement en de instructies van de directeur.")
    document.sections[0].footer.paragraphs[0].text = "Arbeidsreglement"
    document.save(path)
    return path


# ------------------------------------------------------------ reading back


def body_of(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")


def reject_all(body):
    """What Word's 'reject all changes' does with insertions, written independently
    of the code under test: drop inserted rows, emptied tables, paragraphs whose mark
    is inserted, and every w:ins with its content."""
    body = copy.deepcopy(body)
    for tr in body.xpath(".//w:tr[w:trPr/w:ins]", namespaces={"w": W[1:-1]}):
        tr.getparent().remove(tr)
    for tbl in body.xpath(".//w:tbl[not(w:tr)]", namespaces={"w": W[1:-1]}):
        tbl.getparent().remove(tbl)
    for p in body.xpath(".//w:p[w:pPr/w:rPr/w:ins]", namespaces={"w": W[1:-1]}):
        p.getparent().remove(p)
    for ins in body.xpath(".//w:ins", namespaces={"w": W[1:-1]}):
        ins.getparent().remove(ins)
    return body


def canonical(element) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=True)


def text_of_paragraph(paragraph) -> str:
    """python-docx's Paragraph.text leaves out runs inside w:ins; this does not."""
    return "".join(t.text or "" for t in paragraph._p.iter(f"{W}t"))


def paragraph_texts(body, inserted: bool | None = None):
    """Body paragraph texts; inserted=True: only inserted text, False: only the rest."""
    texts = []
    for p in body.iter(f"{W}p"):
        parts = []
        for t in p.iter(f"{W}t"):
            in_ins = any(a.tag == f"{W}ins" for a in t.iterancestors())
            if inserted is None or in_ins == inserted:
                parts.append(t.text or "")
        if parts or inserted is None:
            texts.append("".join(parts))
    return texts


def run_amend(tmp_path, source, kind="academiereglement", profile=PROFILE, **options):
    """amend, and the Open XML SDK's rules: no finding the source did not have."""
    target = tmp_path / f"gewijzigd-{source.stem}.docx"
    result = amend.amend(profile, source, kind, target, **options)
    data = target.read_bytes()
    assert_no_new_findings(source, data, source.name)
    return result, data


# ----------------------------------------------------------------- tests


def test_chapter_is_inserted_before_slotbepalingen_as_tracked_changes(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    result, data = run_amend(tmp_path, source, author="Juridische dienst")
    body = body_of(data)
    inserts = body.iter(f"{W}ins")
    authors = {i.get(f"{W}author") for i in inserts}
    assert authors == {"Juridische dienst"}
    dates = {i.get(f"{W}date") for i in body.iter(f"{W}ins")}
    assert dates == {"2027-03-22T00:00:00Z"}  # planning.gemeenteraad
    ids = [i.get(f"{W}id") for i in body.iter(f"{W}ins")]
    assert len(ids) == len(set(ids))

    texts = paragraph_texts(body)
    new_chapter = next(i for i, t in enumerate(texts) if "Interactief afstandsonderwijs" in t)
    slot = texts.index("Hoofdstuk 4. Slotbepalingen")
    tucht = texts.index("Hoofdstuk 3. Orde en tucht")
    assert tucht < new_chapter < slot
    assert texts[new_chapter] == "Hoofdstuk 3/1. Interactief afstandsonderwijs"
    assert "na 'Hoofdstuk 3. Orde en tucht', vóór 'Hoofdstuk 4. Slotbepalingen'" in result.where
    # articles numbered after the last article before the chapter (artikel 6), not renumbered
    assert result.articles[0] == "Artikel 6/1. Begrip"
    assert "Artikel 7" in texts and "Artikel 8" in texts


def test_rejecting_all_insertions_gives_back_the_original_exactly(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    _result, data = run_amend(tmp_path, source)
    original = body_of(source.read_bytes())
    assert canonical(reject_all(body_of(data))) == canonical(original)
    # and the text outside the insertions is the original text, in order
    kept = [t for t in paragraph_texts(body_of(data), inserted=False) if t]
    assert kept == [t for t in paragraph_texts(original) if t]


def test_other_parts_are_untouched(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    _result, data = run_amend(tmp_path, source)
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(io.BytesIO(data)) as after:
        for name in before.namelist():
            # styles: the comment styles python-docx refers to (CommentReference, CommentText) are added
            changed = (
                "word/document.xml",
                "word/_rels/document.xml.rels",
                "[Content_Types].xml",
                "word/styles.xml",
                "word/stylesWithEffects.xml",
                "word/numbering.xml",
            )
            if name not in changed:
                assert after.read(name) == before.read(name), name
        assert "word/comments.xml" in after.namelist()
        # numbering: the definitions stay, one list instance per new list is added (starting again at 1)
        old_numbering, new_numbering = (etree.fromstring(archive.read("word/numbering.xml")) for archive in (before, after))
        assert [etree.tostring(e) for e in old_numbering] == [etree.tostring(e) for e in new_numbering][: len(old_numbering)]
        assert {etree.QName(e).localname for e in new_numbering[len(old_numbering) :]} == {"num"}
        for styles in ("word/styles.xml", "word/stylesWithEffects.xml"):
            added = after.read(styles).decode().replace(before.read(styles).decode().rsplit("</w:styles>", 1)[0].split("?>", 1)[-1], "")
            assert 'w:styleId="CommentReference"' in added and 'w:styleId="CommentText"' in added, styles
    amended = Document(io.BytesIO(data))
    assert amended.sections[0].footer.paragraphs[0].text == "Academiereglement – vastgesteld op 24 juni 2024"
    assert amended.core_properties.author == "Secretariaat"


def test_inserted_text_follows_the_profile(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    _result, data = run_amend(tmp_path, source)
    inserted = "\n".join(paragraph_texts(body_of(data), inserted=True))
    profile = reference_data()
    for vak in profile["afstandsonderwijs"]["vakken"]:
        assert vak["vak"] in inserted
    for site in profile["afstandsonderwijs"]["vestigingsplaatsen"]:
        assert site["naam"] in inserted
    # the platform's name stays out of the regulation (changing platform needs no new decision)
    assert profile["afstandsonderwijs"]["platform"] not in inserted
    assert "het digitale platform dat het schoolbestuur ter beschikking stelt" in inserted
    # opnames.leerlingen: verboden, verspreiden: verboden
    assert "Een leerling mag de lessen niet opnemen" in inserted
    assert "Het is verboden opnames" in inserted
    assert "“" not in inserted and "”" not in inserted  # the amendment's quotes are gone
    assert "Noot voor de juridische dienst" not in inserted  # notes became comments
    assert "{{" not in inserted and "None" not in inserted


def test_recording_rules_follow_a_variant(tmp_path):
    data = variant(**{"opnames.leerlingen": "enkel_met_toestemming", "opnames.verspreiden": "enkel_met_toestemming"})
    profile = tmp_path / "profiel.yaml"
    profile.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    source = academy_regulation(tmp_path / "reglement.docx")
    _result, out = run_amend(tmp_path, source, profile=profile)
    inserted = "\n".join(paragraph_texts(body_of(out), inserted=True))
    assert "Een leerling mag een les geheel of gedeeltelijk opnemen" in inserted
    assert "toestemmingsformulier" in inserted
    assert "uiterlijk 30 dagen na de les" in inserted
    assert "Een leerling mag de lessen niet opnemen" not in inserted


def test_table_of_subjects_is_an_inserted_table(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    _result, data = run_amend(tmp_path, source)
    body = body_of(data)
    tables = body.findall(f"{W}tbl")
    assert len(tables) == 2
    new = tables[1]
    rows = new.findall(f"{W}tr")
    assert all(r.find(f"{W}trPr/{W}ins") is not None for r in rows)
    assert len(rows) == 1 + len(reference_data()["afstandsonderwijs"]["vakken"])
    # the existing table's style, so it looks native
    assert new.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "TableGrid"


def test_styles_of_the_existing_document_are_used(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx", custom_styles=True, typed_lists=True)
    result, data = run_amend(tmp_path, source)
    amended = Document(io.BytesIO(data))
    styles = {text_of_paragraph(p): p.style.name for p in amended.paragraphs}
    heading = next(t for t in styles if "Interactief afstandsonderwijs" in t)
    assert styles[heading] == "Hoofdstuk"
    assert heading == "Hoofdstuk 3/1. Interactief afstandsonderwijs"
    article = next(p for p in amended.paragraphs if text_of_paragraph(p).startswith("Artikel 6/1"))
    assert article.style.name == "Artikelkop"
    assert text_of_paragraph(article) == "Artikel 6/1. Begrip"
    used = {p.style.name for p in amended.paragraphs}
    assert not used & {"Ingevoegde tekst", "Ingevoegd artikel", "Ingevoegde opsomming", "Noot"}
    # the document types its enumerations: they are written out as 1°, 2°, ... (Belgian drafting), one list each, in the body's style
    evaluatie = [text_of_paragraph(p) for p in amended.paragraphs if "): ze worden" in text_of_paragraph(p)]
    assert evaluatie[0] == "1° Muziekcultuur (3de graad): ze worden geëvalueerd;"
    assert evaluatie[3].startswith("4° Kunst- en cultuurbeschouwing")
    sites = [text_of_paragraph(p) for p in amended.paragraphs if "Voorbeeldstad" in text_of_paragraph(p) and text_of_paragraph(p)[:2] in ("1°", "2°")]
    assert [t[:2] for t in sites][:2] == ["1°", "2°"]  # the next list starts again at 1°
    assert "vóór 'Hoofdstuk 4. Slotbepalingen'" in result.where


def test_capitals_and_art_labels_are_followed(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx", caps=True)
    _result, data = run_amend(tmp_path, source)
    texts = paragraph_texts(body_of(data))
    assert "HOOFDSTUK 3/1. INTERACTIEF AFSTANDSONDERWIJS" in texts


def test_na_puts_it_after_the_named_section(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    result, data = run_amend(tmp_path, source, na="Inschrijving en toelating")
    texts = paragraph_texts(body_of(data))
    new = next(i for i, t in enumerate(texts) if "Interactief afstandsonderwijs" in t)
    assert texts.index("Hoofdstuk 2. Inschrijving en toelating") < new < texts.index("Hoofdstuk 3. Orde en tucht")
    assert texts[new] == "Hoofdstuk 2/1. Interactief afstandsonderwijs"
    # the section's articles stay before the new chapter
    assert texts.index("Artikel 4") < new
    assert "--na" in result.where
    assert canonical(reject_all(body_of(data))) == canonical(body_of(source.read_bytes()))


def test_profile_says_where_and_which_number(tmp_path):
    data = variant(**{"reglementen.academiereglement.invoegen_na_hoofdstuk": "2", "reglementen.academiereglement.nieuw_hoofdstuk": "2bis"})
    profile = tmp_path / "profiel.yaml"
    profile.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    source = academy_regulation(tmp_path / "reglement.docx")
    result, out = run_amend(tmp_path, source, profile=profile)
    texts = paragraph_texts(body_of(out))
    new = texts.index("Hoofdstuk 2bis. Interactief afstandsonderwijs")
    assert texts.index("Artikel 4") < new < texts.index("Hoofdstuk 3. Orde en tucht")
    assert "invoegen_na_hoofdstuk" in result.where


def test_unknown_na_heading_is_refused_with_the_headings(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    with pytest.raises(amend.AmendError, match="geen kop gevonden.*Hoofdstuk 2. Inschrijving"):
        run_amend(tmp_path, source, na="Bestaat niet")
    assert not (tmp_path / "gewijzigd-reglement.docx").exists()


def test_without_slotbepalingen_it_goes_at_the_end(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx", slot=False)
    result, data = run_amend(tmp_path, source)
    body = body_of(data)
    children = [c for c in body if c.tag != f"{W}sectPr"]
    last_original = max(i for i, c in enumerate(children) if c.find(f"{W}pPr/{W}rPr/{W}ins") is None and c.tag == f"{W}p")
    assert all(c.find(f"{W}pPr/{W}rPr/{W}ins") is not None or c.tag == f"{W}tbl" for c in children[last_original + 1 :])
    assert body[-1].tag == f"{W}sectPr"
    assert "aan het einde van het document" in result.where
    assert canonical(reject_all(body)) == canonical(body_of(source.read_bytes()))


def numbered_by_word(path):
    """A regulation whose chapters and articles Word numbers itself ("Hoofdstuk %1.", "Artikel %1.")."""
    from generator.word import wordstyles

    document = Document()
    wordstyles.link_numbering_to_style(document.styles["Heading 1"], wordstyles.add_abstract_numbering(document, "Hoofdstuk %1.", style_id="Heading1"))
    article = document.styles.add_style("Artikel", WD_STYLE_TYPE.PARAGRAPH)
    wordstyles.link_numbering_to_style(article, wordstyles.add_abstract_numbering(document, "Artikel %1.", style_id="Artikel"))
    for title in ("Algemeen", "Orde en tucht", "Slotbepalingen"):
        document.add_paragraph(title, "Heading 1")
        document.add_paragraph("Toepassingsgebied", "Artikel")
        document.add_paragraph("Dit artikel geldt voor alle leerlingen en ouders van de academie.")
    document.add_comment(document.paragraphs[0].runs, "bestaande opmerking", author="Secretariaat")
    document.save(path)
    return path


def profile_with(tmp_path, **changes):
    profile = tmp_path / "profiel.yaml"
    profile.write_text(yaml.safe_dump(variant(**changes), allow_unicode=True), encoding="utf-8")
    return profile


def test_automatic_numbering_is_left_to_the_document(tmp_path):
    """Chapters and articles numbered by Word itself: the new ones get the same styles
    (so Word numbers them), only their titles are written; existing comments stay."""
    source = numbered_by_word(tmp_path / "automatisch.docx")
    result, data = run_amend(tmp_path, source)
    amended = Document(io.BytesIO(data))
    styles = [(text_of_paragraph(p), p.style.name) for p in amended.paragraphs]
    assert ("Interactief afstandsonderwijs", "Heading 1") in styles
    assert ("Begrip", "Artikel") in styles
    # the headings are quoted with the numbers Word shows
    assert result.articles[0] == "Begrip" and "vóór 'Hoofdstuk 3. Slotbepalingen'" in result.where
    comments = list(amended.comments)
    assert comments[0].text == "bestaande opmerking"
    assert len({c.comment_id for c in comments}) == len(comments)
    assert "automatisch" in comments[1].text
    assert canonical(reject_all(body_of(data))) == canonical(body_of(source.read_bytes()))


def test_comment_at_the_insertion_point_and_notes_as_comments(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    _result, data = run_amend(tmp_path, source, author="Juridische dienst")
    comments = list(Document(io.BytesIO(data)).comments)
    summary = comments[0]
    assert summary.author == "Juridische dienst" and summary.initials == "JD"
    assert "Interactief afstandsonderwijs" in summary.text
    assert "niet hernummerd" in summary.text and "verwijzingen" in summary.text
    assert any("Noot voor de juridische dienst" in c.text for c in comments[1:])
    body = body_of(data)
    heading = next(p for p in body.iter(f"{W}p") if "Interactief afstandsonderwijs" in "".join(p.itertext()))
    assert heading.find(f".//{W}commentRangeStart") is not None
    assert heading.find(f".//{W}commentReference") is not None


def test_rerun_is_byte_identical(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    first = run_amend(tmp_path, source)[1]
    second = run_amend(tmp_path, source)[1]
    assert first == second


def test_labour_regulation_holds_place_of_work_and_recording_rules(tmp_path):
    source = labour_regulation(tmp_path / "arbeidsreglement.docx")
    result, data = run_amend(tmp_path, source, kind="arbeidsreglement")
    body = body_of(data)
    inserted = "\n".join(paragraph_texts(body, inserted=True))
    # personeel.inzet: academie_of_thuis; opnames.leerkrachten: enkel_met_toestemming
    assert "vanuit de academie, in een lokaal dat de directeur daarvoor aanwijst, of van thuis uit" in inserted
    assert "Een personeelslid mag een les geheel of gedeeltelijk opnemen" in inserted
    assert "Het is verboden opnames" in inserted
    texts = paragraph_texts(body)
    new = texts.index("Hoofdstuk 4/1. Interactief afstandsonderwijs")
    assert texts.index("Hoofdstuk 4. Rechten en plichten") < new < texts.index("Hoofdstuk 5. Slotbepalingen")
    assert result.articles[0] == "Art. 8/1. Begrip en toepassingsgebied"
    assert canonical(reject_all(body)) == canonical(body_of(source.read_bytes()))


def test_a_document_that_already_has_the_chapter_is_refused(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    _result, data = run_amend(tmp_path, source)
    again = tmp_path / "al-gewijzigd.docx"
    again.write_bytes(data)
    with pytest.raises(amend.AmendError, match="bevat al een hoofdstuk"):
        amend.amend(PROFILE, again, "academiereglement", tmp_path / "nog-eens.docx")


def test_hostile_docx_is_refused(tmp_path):
    source = tmp_path / "vijandig.docx"
    with zipfile.ZipFile(academy_regulation(tmp_path / "reglement.docx")) as good, zipfile.ZipFile(source, "w") as bad:
        for name in good.namelist():
            bad.writestr(name, good.read(name))
        bad.writestr("../../buiten.txt", b"x")
    with pytest.raises(UnsafeDocument, match="verwijst buiten het document"):
        amend.amend(PROFILE, source, "academiereglement", tmp_path / "uit.docx")
    assert not (tmp_path / "uit.docx").exists()


def test_never_over_the_input(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    before = source.read_bytes()
    with pytest.raises(amend.AmendError, match="niet overschrijven"):
        amend.amend(PROFILE, source, "academiereglement", tmp_path / "." / "reglement.docx")
    assert source.read_bytes() == before


def test_profile_with_rule_errors_is_refused(tmp_path):
    data = variant(**{"afstandsonderwijs.vakken.0.aandeel_procent": 100})
    profile = tmp_path / "fout.yaml"
    profile.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    source = academy_regulation(tmp_path / "reglement.docx")
    runner = CliRunner()
    result = runner.invoke(cli, ["amend", str(profile), str(source), "--reglement", "academiereglement", "-o", str(tmp_path / "uit.docx")])
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "uit.docx").exists()


def test_cli_amend(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    target = tmp_path / "gewijzigd.docx"
    runner = CliRunner()
    result = runner.invoke(cli, ["amend", str(PROFILE), str(source), "--reglement", "academiereglement", "-o", str(target), "--auteur", "Juridische dienst"])
    assert result.exit_code == 0, result.output
    assert "ingevoegd" in result.output and "Hoofdstuk 3. Orde en tucht" in result.output
    assert "Juridische dienst" in result.output
    assert target.is_file()
    refused = runner.invoke(cli, ["amend", str(PROFILE), str(source), "--reglement", "academiereglement", "-o", str(source)])
    assert refused.exit_code == 2 and "Fout:" in refused.output and "Traceback" not in refused.output
    wrong = runner.invoke(cli, ["amend", str(PROFILE), str(source), "--reglement", "stappenplan", "-o", str(target)])
    assert wrong.exit_code == 2


def test_cli_amend_takes_the_chapter_from_custom_templates_like_generate(tmp_path):
    from generator.authoring.builder import build_template
    from generator.dossier.documents import KINDS
    from generator.dossier.generation import template_for

    custom = tmp_path / "eigen"
    (custom / "academiereglement").mkdir(parents=True)
    source = (ROOT / "templates" / "academiereglement" / "bron.txt").read_text(encoding="utf-8")
    assert "[art] Begrip\n" in source
    own = custom / "academiereglement" / "bron.txt"
    own.write_text(source.replace("[art] Begrip\n", "[art] Eigen begripsomschrijving\n"), encoding="utf-8")
    build_template(own, custom / "academiereglement" / "academiereglement.docx", "academiereglement")
    assert template_for(KINDS["academiereglement"], custom).parent == custom / "academiereglement"  # as generate

    existing = academy_regulation(tmp_path / "reglement.docx")
    runner = CliRunner()
    for options, target in (([], tmp_path / "standaard.docx"), (["--templates", str(custom)], tmp_path / "eigen.docx")):
        result = runner.invoke(cli, ["amend", str(PROFILE), str(existing), "--reglement", "academiereglement", "-o", str(target), *options])
        assert result.exit_code == 0, result.output
    inserted = {name: paragraph_texts(Document(tmp_path / name).element.body, inserted=True) for name in ("standaard.docx", "eigen.docx")}
    assert any(text.endswith("Eigen begripsomschrijving") for text in inserted["eigen.docx"])
    assert not any("Eigen begripsomschrijving" in text for text in inserted["standaard.docx"])
    assert len(inserted["eigen.docx"]) == len(inserted["standaard.docx"])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is niet geïnstalleerd")
def test_libreoffice_opens_the_amended_regulation(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    run_amend(tmp_path, source)
    target = tmp_path / "gewijzigd-reglement.docx"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profiel", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(target)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "pdf" / "gewijzigd-reglement.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")


def test_profile_place_and_number_hold_where_word_numbers_the_chapters(tmp_path):
    """invoegen_na_hoofdstuk finds the chapter by the number Word shows; nieuw_hoofdstuk is
    typed as Word writes its numbers, with Word's numbering off for the new chapter only,
    so that the chapters after it keep their numbers."""
    source = numbered_by_word(tmp_path / "automatisch.docx")
    # "Hoofdstuk 1" as a secretariat may type it, for the number "1"
    profile = profile_with(
        tmp_path, **{"reglementen.academiereglement.invoegen_na_hoofdstuk": "Hoofdstuk 1", "reglementen.academiereglement.nieuw_hoofdstuk": "1bis"}
    )
    result, data = run_amend(tmp_path, source, profile=profile)
    amended = Document(io.BytesIO(data))
    texts = [text_of_paragraph(p) for p in amended.paragraphs]
    new = texts.index("Hoofdstuk 1bis. Interactief afstandsonderwijs")
    assert texts.index("Algemeen") < new < texts.index("Orde en tucht")
    heading = amended.paragraphs[new]._p
    assert heading.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") == "0"
    assert "invoegen_na_hoofdstuk" in result.where and "na 'Hoofdstuk 1. Algemeen'" in result.where
    assert not result.warnings


def test_na_names_a_chapter_by_the_number_word_shows(tmp_path):
    source = numbered_by_word(tmp_path / "automatisch.docx")
    result, data = run_amend(tmp_path, source, na="Hoofdstuk 2")
    texts = [text_of_paragraph(p) for p in Document(io.BytesIO(data)).paragraphs]
    assert texts.index("Orde en tucht") < texts.index("Interactief afstandsonderwijs") < texts.index("Slotbepalingen")
    assert "na 'Hoofdstuk 2. Orde en tucht'" in result.where
    with pytest.raises(amend.AmendError, match="Koppen in het document: 'Hoofdstuk 1. Algemeen'"):
        run_amend(tmp_path, source, na="Hoofdstuk 7")


def test_profile_chapter_that_is_not_there_is_said(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    profile = profile_with(tmp_path, **{"reglementen.academiereglement.invoegen_na_hoofdstuk": "9"})
    result, data = run_amend(tmp_path, source, profile=profile)
    assert "vóór 'Hoofdstuk 4. Slotbepalingen'" in result.where
    assert any("invoegen_na_hoofdstuk: 9" in w and "geen hoofdstuk 9" in w for w in result.warnings)
    summary = " ".join(c.text for c in Document(io.BytesIO(data)).comments)
    assert "geen hoofdstuk 9" in summary


def test_na_an_article_between_articles_is_warned(tmp_path):
    document = Document()
    for chapter, articles in (
        ("Hoofdstuk 1. Algemene bepalingen", ("Artikel 1. Toepassing", "Artikel 2. Begrippen")),
        ("Hoofdstuk 2. Slotbepalingen", ("Artikel 3. Inwerkingtreding",)),
    ):
        document.add_paragraph(chapter, "Heading 1")
        for article in articles:
            document.add_paragraph(article, "Heading 2")
            document.add_paragraph("Dit artikel geldt voor alle leerlingen en ouders van de academie.")
    source = tmp_path / "reglement.docx"
    document.save(source)
    target = tmp_path / "uit.docx"
    result = CliRunner().invoke(cli, ["amend", str(PROFILE), str(source), "--reglement", "academiereglement", "-o", str(target), "--na", "Artikel 1"])
    assert result.exit_code == 0, result.output
    assert "Let op: 'Artikel 1. Toepassing' is een artikel, geen hoofdstuk" in result.output
    assert "--na 'Hoofdstuk 1. Algemene bepalingen'" in result.output


def test_lists_follow_the_documents_word_numbering(tmp_path):
    """The academy numbers its enumerations with Word (List Number): the new chapter's
    lists are numbered by Word the same way, each list starting again at 1, with no
    "1°" typed in front."""
    source = academy_regulation(tmp_path / "reglement.docx")
    _result, data = run_amend(tmp_path, source)
    amended = Document(io.BytesIO(data))
    items = [p for p in amended.paragraphs if "): ze worden" in text_of_paragraph(p)]
    assert text_of_paragraph(items[0]) == "Muziekcultuur (3de graad): ze worden geëvalueerd;"
    assert {p.style.name for p in items} == {"List Number"}
    lists = {p._p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") for p in items}
    assert len(lists) == 1
    sites = [p for p in amended.paragraphs if p.style.name == "List Number" and "Voorbeeldstad" in text_of_paragraph(p)]
    assert sites and {p._p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") for p in sites}.isdisjoint(lists)  # a list of its own
    numbering = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml"))
    for num_id in lists:
        num = numbering.find(f"{W}num[@{W}numId='{num_id}']")
        assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"  # from 1 again, not after the document's list
    assert not any(text_of_paragraph(p).startswith("1°") for p in amended.paragraphs)


def test_an_output_name_with_a_colon_is_refused_for_what_it_is(tmp_path):
    source = academy_regulation(tmp_path / "reglement.docx")
    result = CliRunner().invoke(cli, ["amend", str(PROFILE), str(source), "--reglement", "academiereglement", "-o", str(tmp_path / "a:b.docx")])
    assert result.exit_code == 2
    assert "bevat een ':', dat Windows in de naam van een bestand niet toelaat" in result.output
    assert not (tmp_path / "a:b.docx").exists()


def test_revision_ids_stay_within_words_range_after_a_very_high_id(tmp_path):
    """A document with a bookmark id near 2^31-1 (Word reads ids as signed 32-bit numbers):
    amend's revision ids go into a gap of unused ids instead of past the limit."""
    from docx.oxml.ns import qn

    from generator.word.revisions import MAX_ID

    source = academy_regulation(tmp_path / "reglement.docx")
    document = Document(source)
    first = document.paragraphs[0]._p
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        mark = first.makeelement(qn(tag), {qn("w:id"): str(MAX_ID - 5)})
        if tag == "w:bookmarkStart":
            mark.set(qn("w:name"), "hoog")
            first.insert(1, mark)
        else:
            first.append(mark)
    document.save(source)
    _result, data = run_amend(tmp_path, source)
    body = body_of(data)
    ids = [int(el.get(f"{W}id")) for el in body.iter(f"{W}ins", f"{W}del")]
    assert ids and max(ids) <= MAX_ID and len(ids) == len(set(ids))
    assert MAX_ID - 5 not in ids


def test_an_article_number_to_check_keeps_its_own_mark(tmp_path):
    """One mark per meaning, in amend too: a blank stays yellow, an article number the
    register has not verified stays turquoise (cyan), as in the generated documents."""
    source = academy_regulation(tmp_path / "reglement.docx")
    _result, data = run_amend(tmp_path, source)
    marks = {el.get(f"{W}val") for el in body_of(data).iter(f"{W}highlight")}
    assert marks == {"yellow", "cyan"}
