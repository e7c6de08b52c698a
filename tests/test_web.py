"""`iao web`: the profile as a web form.

With Flask's test client: CSRF, uploads, host and token, the YAML download.
In Debian's headless Chromium (/usr/bin/chromium, driven by Playwright, which
downloads nothing): the reference profile typed into an empty form gives the
same documents as `iao generate inputs/voorbeeld.yaml`, and a broken rule is
announced at its field.
"""

from __future__ import annotations

import datetime
import html
import io
import re
import tempfile
import threading
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.dossier import calendar
from generator.dossier.generation import generate
from generator.profile import yamlsource
from generator.profile.checking import check_profile
from generator.profile.interview import render
from generator.profile.loading import load_profile
from generator.web import create_app
from generator.web.app import MAX_REQUEST, WEB_HEADER
from generator.web.guard import WebRefused, check_binding

from .conftest import REFERENCE_PATH

CHROMIUM = Path("/usr/bin/chromium")
TOKEN = "een-lang-genoeg-token"


# --- Helpers ---------------------------------------------------------------------


class _Fields(HTMLParser):
    """The fields a browser would submit from a page (buttons left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "input" and a.get("type") in ("hidden", "text", "date", "email", "url") and a.get("name"):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("type") == "radio" and "checked" in a:
            self.fields[a["name"]] = a["value"]
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and "selected" in a and self._select:
            self.fields[self._select] = a["value"]

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def fields_of(page: str) -> dict[str, str]:
    parser = _Fields()
    parser.feed(page)
    return parser.fields


@pytest.fixture
def client():
    return create_app().test_client()


def csrf(client) -> str:
    return re.search(r'name="_csrf" value="([^"]+)"', client.get("/").text)[1]


def start_from_example(client) -> dict[str, str]:
    response = client.post("/begin", data={"_csrf": csrf(client), "actie": "voorbeeld"})
    assert response.status_code == 200
    return fields_of(response.text)


# --- Test client -------------------------------------------------------------------


def test_a_post_without_a_valid_csrf_token_is_refused(client):
    for data in ({"actie": "voorbeeld"}, {"actie": "voorbeeld", "_csrf": "1.abc"}, {"actie": "voorbeeld", "_csrf": csrf(create_app().test_client())}):
        response = client.post("/begin", data=data)
        assert response.status_code == 400
        assert "veiligheidstoken (CSRF)" in response.text
    assert client.post("/begin", data={"actie": "voorbeeld", "_csrf": csrf(client)}).status_code == 200


def test_an_invalid_upload_is_refused_with_the_located_messages_of_iao_check(client, tmp_path, reference_text):
    bad = reference_text.replace('instellingsnummer: "129999"', "instellingsnummer: 12AB").replace("  platform: Microsoft Teams", "  platvorm: Microsoft Teams")
    path = tmp_path / "mijn-profiel.yaml"
    path.write_text(bad, encoding="utf-8")
    response = client.post("/opladen", data={"_csrf": csrf(client), "profiel": (io.BytesIO(bad.encode()), "mijn-profiel.yaml")})
    assert response.status_code == 422
    page = html.unescape(response.text)
    problems = check_profile(path).problems
    assert len(problems) == 2
    for problem in problems:  # the lines `iao check` prints, with the line number
        assert f"regel {problem.line}: {problem.field}: {problem.message}" in page
    assert "Controle van mijn-profiel.yaml" in page
    assert 'aria-describedby="opladen-probleem"' in page


def test_an_upload_over_1_mb_is_refused(client):
    big = b"# " + b"x" * (yamlsource.MAX_BYTES + 10) + b"\n"
    response = client.post("/opladen", data={"_csrf": csrf(client), "profiel": (io.BytesIO(big), "groot.yaml")})
    assert response.status_code == 422
    assert "het bestand is te groot" in html.unescape(response.text)
    huge = b"x" * (MAX_REQUEST + 1)
    response = client.post("/opladen", data={"_csrf": csrf(client), "profiel": (io.BytesIO(huge), "groot.yaml")})
    assert response.status_code == 413
    assert "te groot" in response.text


def test_another_address_needs_a_token():
    with pytest.raises(WebRefused, match="geef een wachtwoord met --token"):
        check_binding("0.0.0.0", None)
    with pytest.raises(WebRefused, match="te kort"):
        check_binding("127.0.0.1", "kort")
    check_binding("127.0.0.1", None)
    check_binding("::1", None)
    result = CliRunner().invoke(cli, ["web", "--host", "192.168.1.20"])
    assert result.exit_code == 2
    assert "Fout: op het adres 192.168.1.20 kan iedereen in het netwerk het formulier openen" in result.output


def test_with_a_token_every_page_asks_for_it():
    client = create_app(TOKEN, host="0.0.0.0").test_client()
    refused = client.get("/")
    assert refused.status_code == 401 and "Wachtwoord nodig" in refused.text
    assert refused.headers["WWW-Authenticate"].startswith("Basic")
    assert client.get("/", auth=("secretariaat", "fout-maar-lang-genoeg")).status_code == 401
    assert client.get("/", auth=("secretariaat", TOKEN)).status_code == 200


def test_on_this_machine_only_its_own_host_names_are_answered(client):
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "aanvaller.example:8000"}).status_code == 400  # DNS rebinding


def test_the_yaml_download_is_the_writers_output(client, tmp_path):
    fields = start_from_example(client)
    response = client.post("/profiel.yaml", data=fields)
    assert "antwoorden-academie-voor-muziek-woord-en-dans-voorbeeldstad.yaml" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8")
    data, _ = yamlsource.load(text, "download")
    assert text == render(data, WEB_HEADER)  # what `iao init` writes for these answers, with a header for the form
    assert "iao init" not in text
    path = tmp_path / "profiel.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_profile(path).profiel == load_profile(REFERENCE_PATH).profiel
    # Uploaded and downloaded again, unchanged: every field went through the form.
    response = client.post("/opladen", data={"_csrf": csrf(client), "profiel": (io.BytesIO(text.encode()), "profiel.yaml")})
    assert client.post("/profiel.yaml", data=fields_of(response.text)).data.decode("utf-8") == text


def test_the_dossier_download_leaves_nothing_on_the_server(client, tmp_path, monkeypatch):
    fields = start_from_example(client)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    response = client.post("/dossier.zip", data=fields)
    assert response.status_code == 200
    assert "iao-dossier-academie-voor-muziek-woord-en-dans-voorbeeldstad-2027-2028.zip" in response.headers["Content-Disposition"]
    assert "00-inhoud.txt" in zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert list(tmp_path.iterdir()) == []
    assert "iao-klaar" not in response.headers.get("Set-Cookie", "")  # without the script's mark, no cookie
    marked = client.post("/dossier.zip", data={**fields, "_klaar": "k3y9"})
    assert marked.headers["Set-Cookie"].startswith("iao-klaar=k3y9;")  # the busy indicator's signal that the file arrived
    # A profile that breaks a rule gives no dossier, but says why.
    refused = client.post("/dossier.zip", data={**fields, "afstandsonderwijs.vakken[0].aandeel_procent": "100"})
    page = html.unescape(refused.text)
    assert refused.status_code == 422 and "Het dossier kan nog niet gemaakt worden: er is nog 1 fout" in page
    assert "Vak 1 – Welk deel van de lestijden op jaarbasis wordt IAO (in procent)?: 'Muziekcultuur' heeft 100 %" in page  # its label, no field path
    assert "afstandsonderwijs." not in re.sub(r"<[^>]*>", "", page)  # no field path in what a person reads
    assert list(tmp_path.iterdir()) == []


def test_list_items_are_added_and_removed(client):
    fields = start_from_example(client)
    page = client.post("/formulier", data={**fields, "actie": "toevoegen:afstandsonderwijs.vakken", "naar": "afstandsonderwijs"}).text
    added = fields_of(page)
    assert added["afstandsonderwijs.vakken[]"] == "5" and added["afstandsonderwijs.vakken[4].vak"] == ""
    page = client.post("/formulier", data={**added, "actie": "verwijderen:afstandsonderwijs.vakken[0]", "naar": "afstandsonderwijs"}).text
    removed = fields_of(page)
    assert removed["afstandsonderwijs.vakken[]"] == "4"
    assert removed["afstandsonderwijs.vakken[0].structuuronderdeel"] == "2de graad volwassenen"  # the second moved up


def test_after_a_list_button_the_page_opens_at_the_row(client):
    fields = start_from_example(client)
    page = client.post("/formulier", data={**fields, "hier": "afstandsonderwijs", "actie": "toevoegen:afstandsonderwijs.vakken"}).text
    assert re.findall(r'name="([^"]+)"[^>]* autofocus', page) == ["afstandsonderwijs.vakken[4].vak"]  # the new row's first field
    page = client.post("/formulier", data={**fields_of(page), "actie": "verwijderen:afstandsonderwijs.vakken[2]"}).text
    assert re.findall(r'value="([^"]+)" autofocus', page) == ["toevoegen:afstandsonderwijs.vakken"]
    assert "Vak 3 is verwijderd." in page


def test_a_conditional_field_follows_its_answer(client):
    fields = start_from_example(client)
    page = client.post("/formulier", data={**fields, "verwerker.opslaglocatie": "buiten_EER", "naar": "verwerker"}).text
    assert 'name="verwerker.doorgiften[0].land"' in page
    assert "(regel R11)" not in page  # a new question is not scolded before it is filled in
    checked = client.post("/formulier", data={**fields_of(page), "naar": "verwerker"}).text
    assert "(regel R11)" in checked  # the transfer needs a country and a ground


def _messages_at(page: str, field: str) -> str:
    """The text of the messages the page shows at a field (empty if none)."""
    found = re.search(rf'<div class="meldingen" id="v-{re.escape(field)}-melding">(.*?)</div>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>|\s+", " ", found[1])) if found else ""


def test_a_half_typed_date_is_kept_and_reported_at_its_field(client):
    fields = start_from_example(client)
    page = client.post("/formulier", data={**fields, "planning.gemeenteraad": "14/03", "naar": "planning"}).text
    assert fields_of(page)["planning.gemeenteraad"] == "14/03"  # kept as typed, not dropped
    assert "'14/03' is geen volledige datum; schrijf dag/maand/jaar, bijvoorbeeld 22/03/2027." in _messages_at(page, "planning-gemeenteraad")
    assert re.search(r'<input[^>]* id="v-planning-gemeenteraad"[^>]* aria-invalid="true"', page)
    # Another chapter carries it along, and the overview names it by its question.
    elsewhere = client.post("/formulier", data={**fields_of(page), "naar": "academie"}).text
    assert fields_of(elsewhere)["planning.gemeenteraad"] == "14/03"
    overview = html.unescape(client.post("/formulier", data={**fields_of(elsewhere), "naar": "overzicht"}).text)
    assert "'14/03' is geen volledige datum" in overview and "Het dossier kan nog niet gemaakt worden" in overview


def test_example_values_left_in_are_flagged(client):
    fields = start_from_example(client)
    page = client.post("/formulier", data={**fields, "naar": "afstandsonderwijs"}).text
    example = "dit is nog het gegeven van het voorbeeldprofiel; vul dat van uw academie in."
    assert example in _messages_at(page, "afstandsonderwijs-vestigingsplaatsen-0-adres")  # Kunstlaan 12, 9999 Voorbeeldstad
    assert example in _messages_at(page, "afstandsonderwijs-vestigingsplaatsen-1-naam")  # Filiaal Dorpsplein
    own = {
        **fields_of(page),
        "afstandsonderwijs.vestigingsplaatsen[0].adres": "Kerkstraat 3, 9000 Gent",
        "afstandsonderwijs.vestigingsplaatsen[1].naam": "Filiaal Zuid",
    }
    page = client.post("/formulier", data={**own, "naar": "afstandsonderwijs"}).text
    assert _messages_at(page, "afstandsonderwijs-vestigingsplaatsen-0-adres") == ""
    assert _messages_at(page, "afstandsonderwijs-vestigingsplaatsen-1-naam") == ""
    schoolbestuur = client.post("/formulier", data={**fields, "naar": "schoolbestuur"}).text
    assert example in _messages_at(schoolbestuur, "schoolbestuur-naam")  # Gemeente Voorbeeldstad


def test_a_new_row_is_not_scolded_before_it_is_filled_in(client):
    fields = start_from_example(client)
    added = client.post("/formulier", data={**fields, "hier": "afstandsonderwijs", "actie": "toevoegen:afstandsonderwijs.vestigingsplaatsen"}).text
    assert fields_of(added)["afstandsonderwijs.vestigingsplaatsen[2].naam"] == ""
    assert [_messages_at(added, f"afstandsonderwijs-vestigingsplaatsen-2-{name}") for name in ("naam", "adres")] == ["", ""]
    assert 'href="#v-afstandsonderwijs-vestigingsplaatsen-2' not in added  # nor in the summary
    checked = client.post("/formulier", data={**fields_of(added), "naar": "afstandsonderwijs"}).text
    assert "Fout" in _messages_at(checked, "afstandsonderwijs-vestigingsplaatsen-2-naam")  # once checked, the empty row is


def test_a_foreign_processor_gets_its_register_and_number_checked_as_iao_check_does(client, tmp_path):
    fields = start_from_example(client)
    page = client.post("/formulier", data={**fields, "naar": "verwerker"}).text
    assert re.search(r'name="verwerker.registratieland"[^>]* data-stuurt', page)  # the script asks again once it is typed
    assert 'name="verwerker.ondernemingsregister"' not in page
    foreign = {**fields_of(page), "verwerker.registratieland": "Verenigd Koninkrijk", "verwerker.ondernemingsnummer": "", "naar": "verwerker"}
    page = client.post("/formulier", data=foreign).text
    assert 'name="verwerker.ondernemingsregister"' in page and 'name="verwerker.registratienummer"' in page
    for land, number, warned in (("Verenigd Koninkrijk", "12345678", False), ("", "0123.456.789", True)):
        answers = {**fields_of(page), "verwerker.registratieland": land, "verwerker.ondernemingsnummer": number, "naar": "verwerker"}
        checked = client.post("/formulier", data=answers).text
        assert ("(regel W4)" in _messages_at(checked, "verwerker-ondernemingsnummer")) is warned
        path = tmp_path / f"profiel-{warned}.yaml"
        path.write_bytes(client.post("/profiel.yaml", data=answers).data)
        assert any(f.rule.id == "W4" and f.field == "verwerker.ondernemingsnummer" for f in check_profile(path).findings) is warned


def test_the_step_plan_offers_its_calendar_and_a_way_back(client):
    fields = start_from_example(client)
    page = client.post("/formulier", data={**fields, "naar": "stappenplan"}).text
    assert 'formaction="/stappenplan.ics"' in page
    assert 'value="overzicht">Terug naar het overzicht' in page and 'value="academie">Terug naar het formulier' in page
    response = client.post("/stappenplan.ics", data=fields_of(page))
    assert response.mimetype == "text/calendar"
    assert 'filename="stappenplan-2027-2028.ics"' in response.headers["Content-Disposition"]
    assert response.data == calendar.ics(load_profile(REFERENCE_PATH).profiel)  # the agenda file of the dossier
    broken = client.post("/stappenplan.ics", data={**fields, "academie.naam": "", "schooljaar": "2027"})
    assert broken.mimetype == "text/html" and "Het stappenplan kan nog niet getoond worden" in broken.text


# --- In Debian's Chromium ------------------------------------------------------------

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def site():
    """The application on a free port of this machine, in a thread."""
    from werkzeug.serving import make_server

    from generator.web.server import QuietHandler

    server = make_server("127.0.0.1", 0, create_app(), threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}/"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed; `make test` installs it (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing; `make test` installs the test extra")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(site)
    yield page
    context.close()


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _form_values(data, path: str = "") -> tuple[dict[str, str], dict[str, int]]:
    """The reference profile as the values typed into the form, and the length of each list."""
    values: dict[str, str] = {}
    counts: dict[str, int] = {}
    for key, value in data.items():
        name = f"{path}.{key}" if path else key
        if isinstance(value, dict):
            _merge(values, counts, _form_values(value, name))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            counts[name] = len(value)
            for i, item in enumerate(value):
                _merge(values, counts, _form_values(item, f"{name}[{i}]"))
        elif isinstance(value, list):
            values[name] = "\n".join(value)
        elif isinstance(value, bool):
            values[name] = "ja" if value else "nee"
        elif isinstance(value, datetime.date):
            values[name] = value.isoformat()
        else:
            values[name] = str(value)
    return values, counts


def _merge(values: dict, counts: dict, found: tuple[dict, dict]) -> None:
    values.update(found[0])
    counts.update(found[1])


def _fill_chapter(page, values: dict[str, str], counts: dict[str, int]) -> None:
    """Type the values into the chapter shown, adding list items as needed; submit until
    nothing changes (an answer can show another field: thuis -> voorwaarden)."""
    for _ in range(12):
        for hidden in page.locator('main input[type=hidden][name$="[]"]').all():
            lijst, have = hidden.get_attribute("name")[:-2], int(hidden.get_attribute("value"))
            if have < counts.get(lijst, 0):
                submit(page, f'button[value="toevoegen:{lijst}"]')
                break
        else:
            if not _type_values(page, values):
                return
            submit(page, "main .knoppen button:has-text('Controleren')")
    raise AssertionError("the chapter did not settle")


def _type_values(page, values: dict[str, str]) -> bool:
    """Type the wanted value into every field that does not hold it yet; True if any did not."""
    shown = page.locator("main input[type=text], main input[type=email], main input[type=url], main textarea, main select").evaluate_all(
        "fields => fields.map(f => [f.name, f.tagName, f.value])"
    )
    checked = page.locator("main input[type=radio]").evaluate_all("radios => radios.map(r => [r.name, r.value, r.checked])")
    changed = False
    for name, tag, value in shown:
        wanted = values.get(name, "")
        if value != wanted:
            changed = True
            field = page.locator(f'main [name="{name}"]')
            field.select_option(wanted) if tag == "SELECT" else field.fill(wanted)
    for name, value, is_checked in checked:
        if value == values[name] and not is_checked:
            changed = True
            page.locator(f'main input[type=radio][name="{name}"][value="{value}"]').check()
    return changed


def test_the_reference_profile_typed_into_an_empty_form_gives_the_same_documents(page, tmp_path):
    """Every chapter starts empty and every value is typed, then the dossier is downloaded."""
    values, counts = _form_values(yaml.safe_load(REFERENCE_PATH.read_text(encoding="utf-8")))
    submit(page, "text=Leeg beginnen")
    while page.locator("main h1").inner_text() != "Kijk uw antwoorden na":
        _fill_chapter(page, values, counts)
        submit(page, "main .knoppen button:has-text('Volgende')")
    assert "Geen fouten." in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.click("text=Dossier downloaden")
    assert download.value.suggested_filename == "iao-dossier-academie-voor-muziek-woord-en-dans-voorbeeldstad-2027-2028.zip"
    bundle = zipfile.ZipFile(download.value.path())

    generate(REFERENCE_PATH, tmp_path / "cli")
    expected = {path.name: path.read_bytes() for path in (tmp_path / "cli").glob("*.docx")}
    got = {name.split("/")[-1][3:]: bundle.read(name) for name in bundle.namelist() if name.endswith(".docx")}  # "2-besluitvorming/07-x.docx"
    assert sorted(got) == sorted(expected)
    assert [name for name in got if got[name] != expected[name]] == []


def test_a_broken_rule_is_announced_at_its_field(page):
    submit(page, "text=Beginnen van het voorbeeldprofiel")
    submit(page, 'nav button[value="afstandsonderwijs"]')
    field = page.locator('[name="afstandsonderwijs.vakken[0].aandeel_procent"]')
    field.fill("100")
    with page.expect_navigation():  # Enter checks the chapter and stays on it
        field.press("Enter")
    assert page.locator("main h1").inner_text().endswith("Interactief afstandsonderwijs")
    field = page.locator('[name="afstandsonderwijs.vakken[0].aandeel_procent"]')
    assert field.get_attribute("aria-invalid") == "true"
    described = [page.locator(f"#{id}").inner_text() for id in field.get_attribute("aria-describedby").split()]
    message = next(text for text in described if "R2" in text)
    assert "Fout (regel R2): 'Muziekcultuur' heeft 100 %" in message
    assert "Bron: Stappenplan, voorbereiding stap 2b" in message
    # The summary at the top links to the field.
    assert page.locator('#meldingen a[href="#v-afstandsonderwijs-vakken-0-aandeel_procent"]').count() == 1


def test_the_summary_names_a_field_by_its_label_not_its_path(client):
    fields = start_from_example(client)
    page = client.post("/formulier", data={**fields, "afstandsonderwijs.vakken[0].aandeel_procent": "100", "naar": "afstandsonderwijs"}).text
    summary = page[page.index('id="meldingen"') :]
    summary = summary[: summary.index("</ul>")]
    assert "Vak 1 – Welk deel van de lestijden op jaarbasis wordt IAO (in procent)?" in html.unescape(summary)
    assert ">afstandsonderwijs.vakken[0].aandeel_procent<" not in summary


def test_the_summary_says_a_message_once_for_all_its_fields(client):
    """Issue 23: on a phone nine times "nog het gegeven van het voorbeeldprofiel" took two
    screens; the summary says it once and links the fields it stands at."""
    fields = start_from_example(client)
    page = client.post("/formulier", data={**fields, "naar": "schoolbestuur"}).text
    summary = page[page.index('id="meldingen"') :]
    summary = html.unescape(summary[: summary.index("</ul>")])
    assert summary.count("voorbeeldprofiel") == 1
    assert "Bij 9 vragen: " in summary and summary.count('<a href="#v-schoolbestuur-') == 9
    assert page.count("nog het gegeven van het voorbeeldprofiel") == 1 + 9  # and at each field


def test_the_overview_says_a_message_once_per_chapter(client):
    fields = start_from_example(client)
    page = html.unescape(client.post("/formulier", data={**fields, "naar": "overzicht"}).text)
    academie = page[page.index('id="overzicht-academie"') : page.index('id="overzicht-schoolbestuur"')]
    assert academie.count("nog het gegeven van het voorbeeldprofiel") == 1
    assert "Bij 6 vragen: Academie – Naam van de academie; Academie – Instellingsnummer" in academie


def test_a_hint_says_more_than_its_question_and_names_no_command(client):
    fields = start_from_example(client)
    hints = [
        html.unescape(h)
        for name in ("reglementen", "verwerker", "planning")
        for h in re.findall(r'<p class="hint"[^>]*>([^<]*)</p>', client.post("/formulier", data={**fields, "naar": name}).text)
    ]
    assert hints and not any("iao " in hint for hint in hints)  # "(leeg: iao amend kiest)"
    assert not any(hint.startswith(("land waar de verwerker", "eerste lesdag van het schooljaar")) for hint in hints)  # the label again
    assert "Schrijf dag/maand/jaar, bijvoorbeeld 22/03/2027." in hints
