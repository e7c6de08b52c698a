# ruff: noqa: F811  (the fixtures of test_web are imported and used by name)
"""`iao web` in Debian's Chromium: what a secretariat does without help. A follow-up
question appears as soon as it applies, the logo is an upload with a thumbnail, Back
and refresh resubmit nothing, the overview's dossier button says why it waits, and
axe-core finds no violation."""

from __future__ import annotations

import struct
import zlib

import pytest

from .test_web import browser, page, site, submit  # noqa: F401


def _png(width: int = 4, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


def _example(page, chapter: str) -> None:
    submit(page, "text=Beginnen van het voorbeeldprofiel")
    submit(page, f'nav button[value="{chapter}"]')


def test_a_follow_up_question_appears_when_its_answer_is_chosen(page):
    _example(page, "verwerker")
    assert page.locator('[name="verwerker.doorgiften[0].land"]').count() == 0
    page.select_option('[name="verwerker.opslaglocatie"]', "buiten_EER")  # no button pressed
    page.wait_for_selector('[name="verwerker.doorgiften[0].land"]')
    assert "Nieuwe vraag" in page.locator("#aankondiging").inner_text()
    assert page.locator("main .melding.fout").count() == 0  # not scolded before it is filled in


def test_a_foreign_country_of_registration_asks_for_its_register_when_typed(page):
    _example(page, "verwerker")
    assert page.locator('[name="verwerker.ondernemingsnummer"]').count() == 1  # a Belgian processor: its KBO number
    page.fill('[name="verwerker.registratieland"]', "Verenigd Koninkrijk")
    page.press('[name="verwerker.registratieland"]', "Tab")  # no button pressed
    page.wait_for_selector('[name="verwerker.ondernemingsregister"]')
    assert page.locator('[name="verwerker.registratienummer"]').count() == 1
    assert page.locator('[name="verwerker.ondernemingsnummer"]').count() == 0  # no KBO field for a foreign one
    assert page.locator('[name="verwerker.registratieland"]').input_value() == "Verenigd Koninkrijk"


def test_without_javascript_volgende_stops_for_the_new_question(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site)
    _example(page, "verwerker")
    page.select_option('[name="verwerker.opslaglocatie"]', "buiten_EER")
    submit(page, "main .knoppen button:has-text('Volgende')")
    assert "Hoofdstuk 7 van 8\nVerwerker" in page.locator("main h1").inner_text()  # it stayed
    assert "bijgekomen" in page.locator("#nieuwe-vragen").inner_text()
    assert page.locator('[name="verwerker.doorgiften[0].land"]').count() == 1
    context.close()


def test_the_logo_is_an_upload_with_a_thumbnail(page, tmp_path):
    _example(page, "schoolbestuur")
    logo = tmp_path / "logo-gemeente.png"
    logo.write_bytes(_png())
    page.set_input_files('[name="schoolbestuur.logo@bestand"]', str(logo))
    page.wait_for_selector(".duimnagel img")
    assert "logo-gemeente.png" in page.locator(".duimnagel").inner_text()
    bad = tmp_path / "geen-logo.png"
    bad.write_bytes(b"dit is geen afbeelding")
    page.set_input_files('[name="schoolbestuur.logo@bestand"]', str(bad))
    page.wait_for_selector("#v-schoolbestuur-logo-melding")
    assert "geen PNG- of JPEG-afbeelding" in page.locator("#v-schoolbestuur-logo-melding").inner_text()


def test_refresh_and_back_resubmit_nothing_and_keep_the_answers(page):
    _example(page, "academie")
    page.fill('[name="academie.naam"]', "Academie De Klank")
    submit(page, "main .knoppen button:has-text('Volgende')")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.reload()
    page.wait_for_selector("main h1")
    assert dialogs == []  # no "Confirm Form Resubmission"
    page.go_back()
    page.wait_for_selector('[name="academie.naam"]')
    assert page.locator('[name="academie.naam"]').input_value() == "Academie De Klank"
    # The tab closed, the server restarted: the start page continues with the answers.
    page.goto(page.url.split("/formulier")[0] + "/")
    assert page.locator("#verder").is_visible()
    submit(page, "#verder button")
    assert page.locator('[name="academie.naam"]').input_value() == "Academie De Klank"


def test_the_overview_disables_the_dossier_with_its_reason(page):
    _example(page, "afstandsonderwijs")
    page.fill('[name="afstandsonderwijs.vakken[0].aandeel_procent"]', "100")
    submit(page, 'nav button[value="overzicht"]')
    button = page.locator("#dossierknop")
    assert button.is_disabled()
    assert "er is nog 1 fout" in page.locator("#dossier-reden").inner_text()
    assert "Wijzigen" in page.locator("main").inner_text()


def test_a_new_row_gets_the_focus_and_a_removal_asks_first(page):
    _example(page, "afstandsonderwijs")
    submit(page, 'button[value="toevoegen:afstandsonderwijs.vakken"]')
    assert page.evaluate("document.activeElement.name") == "afstandsonderwijs.vakken[4].vak"
    assert page.evaluate("window.scrollY") > 0  # the page opened at the new row, not at the top
    assert page.locator("#v-afstandsonderwijs-vakken-4 .melding").count() == 0  # the empty row is not scolded
    answers = []
    page.once("dialog", lambda d: (answers.append(d.message), d.dismiss()))
    page.click('button[value="verwijderen:afstandsonderwijs.vakken[1]"]')
    assert answers == ["Vak 2 verwijderen, met alles wat erin ingevuld is?"]
    assert page.locator("#v-afstandsonderwijs-vakken > fieldset.item").count() == 5  # dismissed: nothing removed
    page.once("dialog", lambda d: d.accept())
    submit(page, 'button[value="verwijderen:afstandsonderwijs.vakken[1]"]')
    assert page.locator("#v-afstandsonderwijs-vakken > fieldset.item").count() == 4
    assert "Vak 2 is verwijderd." in page.locator("main .bericht").inner_text()
    assert page.evaluate("document.activeElement.value") == "toevoegen:afstandsonderwijs.vakken"


def test_the_step_plan_prints_without_the_menu_and_buttons(page):
    _example(page, "stappenplan")
    assert page.locator("#afdrukken").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".tijdlijn").is_visible()
    for hidden in ("nav", ".kop", "main .knoppen"):
        assert page.locator(hidden).first.is_hidden(), hidden


def test_the_dossier_button_waits_disabled_until_the_download_arrives(page):
    """The button is busy while the dossier is made and free again once the download's
    cookie has come back (the cookie itself: test_the_dossier_download_leaves_nothing_on_the_server).
    Waiting for the disabled state while the request is held raced with Playwright's wait
    for the navigation: the state is read without waiting here."""
    _example(page, "overzicht")
    button = page.locator("#dossierknop")
    with page.expect_download() as download:
        button.click(no_wait_after=True)
    assert download.value.suggested_filename == "iao-dossier-academie-voor-muziek-woord-en-dans-voorbeeldstad-2027-2028.zip"
    page.wait_for_selector("#bezig", state="hidden")
    assert button.is_enabled()
    assert page.locator("#aankondiging").inner_text() == "Het dossier is gedownload."


def test_axe_finds_no_violation(page, tmp_path):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    pages = []
    pages.append(("start", axe.run(page)))
    _example(page, "afstandsonderwijs")
    page.fill('[name="afstandsonderwijs.vakken[0].aandeel_procent"]', "100")
    submit(page, "main .knoppen button:has-text('Controleren')")
    pages.append(("fouten", axe.run(page)))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(tmp_path / "fouten-desktop.png"))
    submit(page, 'button[value="toevoegen:afstandsonderwijs.vakken"]')
    pages.append(("nieuwe rij", axe.run(page)))
    submit(page, 'nav button[value="overzicht"]')
    pages.append(("overzicht", axe.run(page)))
    submit(page, 'nav button[value="stappenplan"]')
    pages.append(("stappenplan", axe.run(page)))
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "overzicht-390.png"))
    violations = {name: [v["id"] for v in result.response["violations"]] for name, result in pages}
    assert violations == {name: [] for name, _ in pages}
