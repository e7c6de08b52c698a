"""`iao web`: the academy profile as a web form, for a secretariat that lives in a browser.

Built on Flask (with its server, Werkzeug): a single local user, plain HTML forms,
no state on the server. Every answer travels in the page (form.py); a download is
made in a temporary folder that is removed before the response leaves.

Safe by default:
- it listens on 127.0.0.1; another address needs a token (HTTP Basic, any user name),
  and on 127.0.0.1 only the Host names of this machine are answered (DNS rebinding);
- every POST carries a CSRF token: an HMAC of its time under a secret of this process;
- a request is capped (MAX_REQUEST) and an upload goes through load_profile, with its
  1 MB cap and the same located Dutch messages as `iao check`.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import re
import secrets
import shutil
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, Response, render_template, request
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.utils import secure_filename

from generator.dossier import calendar, stappenplan, steps
from generator.dossier.bundle import bundle_name
from generator.dossier.generation import build_dossier, generate
from generator.dossier.pdf import PdfError, PdfSettings, WarmOffice, find_soffice, stop_running
from generator.errors import IaoError, ProfileError
from generator.profile import checking
from generator.profile.interview import render
from generator.profile.loading import LoadedProfile, load_profile
from generator.profile.yamlsource import MAX_BYTES, MAX_ITEMS
from generator.resources import example_profile
from generator.web import form as formulier
from generator.web.guard import LOOPBACK_NAMES, THROTTLE_WINDOW, Csrf, Throttle, authorized, check_binding, host_name, is_loopback
from generator.word.logo import MAX_LOGO_BYTES

# The form of a large profile (MAX_ITEMS subjects) is larger than its YAML file.
MAX_REQUEST = 4 * MAX_BYTES + 4 * MAX_LOGO_BYTES  # and a logo as upload and in base64
MAX_FIELDS = 20 * MAX_ITEMS
CSRF_FIELD = "_csrf"
OVERZICHT, STAPPENPLAN = "overzicht", "stappenplan"
ADD = "@toevoegen"  # suffix of a list's add button as a focus target
# Form fields that steer the form; every other field is an answer.
SEEN = "_gezien"  # the fields shown so far, one per line: a question nobody saw has no answer
# The script's mark of a dossier request: the download returns it as a cookie, so the busy
# indicator knows when the file has arrived.
READY_FIELD, READY_COOKIE = "_klaar", "iao-klaar"
CONTROLS = {CSRF_FIELD, "naar", "hier", "actie", "pdf", SEEN, "_live", "_meldingen", "_verder", READY_FIELD}
WEB_HEADER = """\
# Academieprofiel voor interactief afstandsonderwijs (IAO)
#
# Bewaard met het webformulier van iao. Laad dit bestand daar opnieuw op om verder te werken
# (het logo laadt u apart op). Een veld zonder waarde is nog niet ingevuld.
"""
NOT_STARTED, INCOMPLETE, WITH_ERRORS, COMPLETE = "nog niet begonnen", "nog niet af", "met fouten", "in orde"


def create_app(token: str | None = None, host: str = "127.0.0.1", proxies: int = 0, warm: WarmOffice | None = None) -> Flask:
    """The application; `token` is the password the browser must give (if any);
    `proxies`: the number of reverse proxies in front whose X-Forwarded-* headers count;
    `warm`: a LibreOffice started ahead for the PDFs of a download (the server keeps one)."""
    check_binding(host, token)
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_REQUEST, MAX_FORM_MEMORY_SIZE=MAX_REQUEST, MAX_FORM_PARTS=MAX_FIELDS)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)  # type: ignore[method-assign]
    # On this machine only its own names are answered (DNS rebinding); behind a proxy, the proxy chooses the names.
    own_names_only = is_loopback(host) and not proxies
    csrf = Csrf(secrets.token_bytes(32))
    throttle = Throttle()

    @app.before_request
    def guard() -> Response | None:
        if own_names_only and host_name(request.host) not in LOOPBACK_NAMES:
            return _page("fout.html", 400, titel="Onbekend adres", tekst="Open het formulier via het adres dat 'iao web' bij het starten toont.")
        if token is not None:
            client = request.remote_addr or ""
            if throttle.blocked(client):
                return _page("fout.html", 429, titel="Te veel verkeerde wachtwoorden", tekst=f"Wacht {THROTTLE_WINDOW // 60} minuten en probeer dan opnieuw.")
            if not authorized(token):
                if request.authorization is not None:
                    throttle.failed(client)
                refused = _page("fout.html", 401, titel="Wachtwoord nodig", tekst="Geef als wachtwoord het token dat bij het starten van 'iao web' gekozen is.")
                refused.headers["WWW-Authenticate"] = 'Basic realm="iao", charset="UTF-8"'
                return refused
        if request.method == "POST" and not csrf.valid(request.form.get(CSRF_FIELD, "")):
            return _page(
                "fout.html",
                400,
                titel="Formulier verlopen of niet van deze toepassing",
                tekst="Het formulier mist een geldig veiligheidstoken (CSRF). Open de startpagina opnieuw; uw antwoorden in een gedownload profiel kunt u daar opladen.",
            )
        return None

    @app.context_processor
    def common() -> dict:
        return {
            "csrf": csrf.token(),
            "hoofdstukken": formulier.chapters(),
            "field_id": formulier.field_id,
            "grouped": formulier.grouped,
            "labels": formulier.labels,
            "OVERZICHT": OVERZICHT,
            "STAPPENPLAN": STAPPENPLAN,
        }

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "no-store")  # the answers stay out of the browser's cache
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        messages = {
            404: "Deze pagina bestaat niet.",
            405: "Deze pagina opent u via de knoppen van het formulier.",
            413: f"Het verzonden formulier of bestand is te groot; een profiel is hooguit {MAX_BYTES:,} bytes.".replace(",", "."),
        }
        return _page("fout.html", exc.code or 500, titel="Dat lukt niet", tekst=messages.get(exc.code or 0, "Het verzoek kan niet verwerkt worden."))

    @app.get("/")
    def start() -> Response:
        return _page("start.html", 200)

    @app.get("/formulier/<naam>")
    def restore(naam: str) -> Response:
        """Back, refresh or a bookmark: the page of `naam` again, with the answers this
        browser keeps (the script of herstel.html sends them); nothing is resubmitted."""
        return _page("herstel.html", 200, naar=naam if naam in _page_names() else _page_names()[0])

    @app.post("/begin")
    def begin() -> Response:
        answers = formulier.form_of_profile(load_profile(example_profile()).profiel) if request.form.get("actie") == "voorbeeld" else {}
        return _chapter(answers, formulier.chapters()[0].naam, set(answers))

    @app.post("/opladen")
    def upload() -> Response:
        file = request.files.get("profiel")
        if file is None or not file.filename:
            return _page("start.html", 422, probleem="Kies eerst een profielbestand (.yaml) om op te laden.")
        try:
            profiel = _load_upload(file)
        except ProfileError as exc:
            return _page("start.html", 422, probleem=checking.report(checking.Outcome(exc.problems[0].file, problems=exc.problems)))
        answers = formulier.form_of_profile(profiel)
        return _chapter(answers, formulier.chapters()[0].naam, set(answers), bericht=f"Het profiel uit '{file.filename}' is opgeladen.")

    @app.post("/formulier")
    def page() -> Response:
        answers, seen = _submitted()
        here, target = request.form.get("hier", ""), request.form.get("naar") or request.form.get("hier", "")
        live = request.form.get("_live") == "ja"
        if here in _chapter_names() and target != here and not live:
            read = formulier.read(answers, seen)
            new = read.unseen(here)
            if new:  # an answer here called for another question: ask it first
                return _chapter(answers, here, seen, bijgekomen=[f.label for f in new])
            errors = _errors_in(read, here)
            if errors and target == _next_of(here) and request.form.get("_verder") != here:
                return _chapter(answers, here, seen, tegengehouden=True)
        if target == OVERZICHT:
            return _overview(answers, seen)
        if target == STAPPENPLAN:
            return _plan(answers, seen)
        names = _chapter_names()
        chapter = target if target in names else names[0]
        return _chapter(
            answers, chapter, seen, live=live, toon_meldingen=not live or request.form.get("_meldingen") == "ja", knop=request.form.get("actie", "")
        )

    @app.post("/profiel.yaml")
    def download_profile() -> Response:
        answers, seen = _submitted()
        read = formulier.read(answers, seen)
        return _download(render(read.data, WEB_HEADER).encode("utf-8"), _profile_name(read), "application/yaml; charset=utf-8")

    @app.post("/stappenplan.ics")
    def download_calendar() -> Response:
        answers, seen = _submitted()
        _, profiel = formulier.check(formulier.read(answers, seen))
        if profiel is None:
            return _plan(answers, seen)
        return _download(calendar.ics(profiel), calendar.filename(profiel), "text/calendar; charset=utf-8")

    @app.post("/dossier.zip")
    def download_dossier() -> Response:
        answers, seen = _submitted()
        read = formulier.read(answers, seen)
        reason = _no_dossier_reason(read)
        if reason:
            return _overview(answers, seen, probleem=reason)
        with WORK.folder() as work:
            data = dict(read.data)
            if read.logo is not None:  # the upload, checked again by generate as a file beside the profile
                logo = work / f"logo.{read.logo.extension}"
                logo.write_bytes(read.logo.data)
                data["schoolbestuur"] = {**data["schoolbestuur"], "logo": logo.name}
            path = work / "profiel.yaml"
            path.write_text(render(data), encoding="utf-8")
            try:
                result = generate(path, work / "dossier", pdf=PdfSettings(warm=warm) if request.form.get("pdf") else None, bundle=True)
            except IaoError:  # the checks of the form are those of generate: this is not expected
                return _overview(answers, seen, probleem="Het dossier kon niet gemaakt worden. Kijk de fouten hieronder na en probeer opnieuw.")
            if result.pdf_error is not None:
                return _overview(answers, seen, probleem=_pdf_problem(result.pdf_error))
            if result.bundle is None:
                return _overview(answers, seen, probleem="Het dossier kon niet als zip geschreven worden; probeer opnieuw.")
            assert result.outcome.loaded is not None  # generate refuses a profile it cannot read
            name = bundle_name(result.outcome.loaded.profiel)
            data_zip = (work / "dossier" / name).read_bytes()
        response = _download(data_zip, name, "application/zip")
        mark = request.form.get(READY_FIELD, "")
        if re.fullmatch(r"[0-9a-z]{1,32}", mark):
            response.set_cookie(READY_COOKIE, mark, max_age=300, samesite="Strict")
        return response

    return app


def _page(template: str, status: int, **values) -> Response:
    return Response(render_template(template, **values), status=status, mimetype="text/html")


def _download(data: bytes, name: str, mimetype: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _answers_in(form) -> dict[str, str]:
    return {key: value for key, value in form.items() if key not in CONTROLS}


def _submitted() -> tuple[dict[str, str], set[str]]:
    """The answers of this request (with an uploaded logo and the list buttons applied)
    and the fields shown to the user so far."""
    answers = _answers_in(request.form)
    action = request.form.get("actie", "")
    logo = request.files.get(formulier.LOGO_FILE)
    if action == "logo-weg":
        answers.pop(formulier.LOGO, None)
        answers.pop(formulier.LOGO_DATA, None)
    elif logo is not None and logo.filename:
        answers[formulier.LOGO] = secure_filename(logo.filename) or "logo"
        answers[formulier.LOGO_DATA] = base64.b64encode(logo.read(MAX_LOGO_BYTES + 1)).decode("ascii")
    seen = set(request.form.get(SEEN, "").split())
    return _with_action(answers, action), seen


def _chapter_names() -> list[str]:
    return [h.naam for h in formulier.chapters()]


def _page_names() -> list[str]:
    return [*_chapter_names(), OVERZICHT, STAPPENPLAN]


def _next_of(chapter: str) -> str:
    names = _chapter_names()
    here = names.index(chapter)
    return names[here + 1] if here + 1 < len(names) else OVERZICHT


def _with_action(answers: dict[str, str], action: str) -> dict[str, str]:
    """Apply a list button: 'toevoegen:<lijst>' or 'verwijderen:<lijst>:<index>'."""
    verb, _, target = action.partition(":")
    lijst, _, index = target.rstrip("]").rpartition("[") if verb == "verwijderen" else (target, "", "")
    count = formulier.read(answers).given.get(lijst + formulier.COUNT)
    if count is None:
        return answers
    if verb == "toevoegen":
        return formulier.add_item(answers, lijst, int(count))
    if verb == "verwijderen" and index.isdigit():
        return formulier.remove_item(answers, lijst, int(index), int(count))
    return answers


def _after_list_button(action: str, answers: formulier.Antwoorden) -> tuple[str | None, str | None]:
    """Where the focus goes after a list button (so that the page does not jump to the top), and
    what to tell: a new row's first field; after a removal, the list's add button."""
    verb, _, target = action.partition(":")
    if verb == "toevoegen":
        count = answers.given.get(target + formulier.COUNT, "0")
        return next((f.naam for f in answers.inputs() if f.naam.startswith(f"{target}[{int(count) - 1}].")), None), None
    if verb == "verwijderen":
        lijst, _, index = target.rstrip("]").rpartition("[")
        node = next((n for n in _lists(answers.nodes) if n.naam == lijst), None)
        return (lijst + ADD, f"{node.titel} {int(index) + 1} is verwijderd.") if node and index.isdigit() else (None, None)
    return None, None


def _lists(nodes: list) -> Iterator[formulier.Lijst]:
    for node in nodes:
        if isinstance(node, formulier.Lijst):
            yield node
            for item in node.items:
                yield from _lists(item.velden)
        elif isinstance(node, formulier.Groep):
            yield from _lists(node.velden)


def _hidden(answers: formulier.Antwoorden, chapter: str | None) -> dict[str, str]:
    """The answers of the other chapters, carried along as hidden fields."""
    return {key: value for key, value in answers.given.items() if chapter is None or formulier.chapter_of(key) != chapter}


def _shown(answers: formulier.Antwoorden, meldingen: dict[str, list[formulier.Melding]], chapter: str | None) -> dict[str, list[formulier.Melding]]:
    """The messages of a chapter (or all) that concern what the user has seen: a new
    question or a new row is not scolded before it is filled in."""
    inputs = {f.naam for f in answers.inputs()}
    started = {formulier.chapter_of(name) for name in answers.seen}
    return {
        naam: found
        for naam, found in meldingen.items()
        if (chapter is None or formulier.chapter_of(naam) == chapter)
        and (naam in answers.seen or (naam not in inputs and formulier.chapter_of(naam) in started))
    }


def _errors_in(answers: formulier.Antwoorden, chapter: str) -> bool:
    meldingen, _ = formulier.check(answers)
    return any(m.soort == formulier.FOUT for found in _shown(answers, meldingen, chapter).values() for m in found)


def _statuses(answers: formulier.Antwoorden, meldingen: dict[str, list[formulier.Melding]]) -> dict[str, str]:
    """Per chapter: not started, not complete (questions not seen), with errors, or complete."""
    out = {}
    for h in formulier.chapters():
        inputs = answers.inputs(h.naam)
        if not any(f.gezien for f in inputs):
            out[h.naam] = NOT_STARTED
        elif any(m.soort == formulier.FOUT for found in _shown(answers, meldingen, h.naam).values() for m in found):
            out[h.naam] = WITH_ERRORS
        elif answers.unseen(h.naam):
            out[h.naam] = INCOMPLETE
        else:
            out[h.naam] = COMPLETE
    return out


def _seen_now(answers: formulier.Antwoorden, chapter: str | None) -> str:
    """The fields seen once this page is shown: those before, and the inputs of `chapter`."""
    shown = {f.naam for f in answers.inputs(chapter)} if chapter else set()
    return "\n".join(sorted(answers.seen | shown))


def _chapter(
    form: dict[str, str],
    chapter: str,
    seen: set[str],
    live: bool = False,
    toon_meldingen: bool = True,
    bijgekomen: list[str] | None = None,
    tegengehouden: bool = False,
    bericht: str | None = None,
    knop: str = "",
) -> Response:
    """A chapter's page; `knop`: the list button pressed, whose row gets the focus."""
    answers = formulier.read(form, seen)
    focus, told = _after_list_button(knop, answers)
    meldingen, _ = formulier.check(answers)
    names = _chapter_names()
    here = names.index(chapter)
    mine = _shown(answers, meldingen, chapter) if toon_meldingen else {}
    return _page(
        "hoofdstuk.html",
        200,
        hoofdstuk=formulier.chapters()[here],
        vorige=names[here - 1] if here else None,
        volgende=_next_of(chapter),
        velden=answers.chapter(chapter),
        meldingen=mine,
        verborgen=_hidden(answers, chapter),
        gezien=_seen_now(answers, chapter),
        statussen=_statuses(answers, meldingen),
        nummer=here + 1,
        hier=chapter,
        live=live,
        bijgekomen=bijgekomen or [],
        tegengehouden=tegengehouden,
        bericht=bericht or told,
        focus=focus,
        voorgesteld=not any(f.gezien for f in answers.inputs(chapter)) and any(f.waarde for f in answers.inputs(chapter)),
    )


def _no_dossier_reason(answers: formulier.Antwoorden) -> str | None:
    """Why the dossier cannot be made yet, in the words of the overview; None if it can."""
    meldingen, profiel = formulier.check(answers)
    errors = sum(1 for found in meldingen.values() for m in found if m.soort == formulier.FOUT)
    unseen = [h.titel for h in formulier.chapters() if answers.unseen(h.naam)]
    if errors:
        return (
            f"Het dossier kan nog niet gemaakt worden: er {'is' if errors == 1 else 'zijn'} nog {errors} {'fout' if errors == 1 else 'fouten'} (zie hieronder)."
        )
    if unseen:
        return "Het dossier kan nog niet gemaakt worden: bekijk eerst " + _and(unseen) + "; daar staan vragen die u nog niet zag."
    if profiel is None:
        return "Het dossier kan nog niet gemaakt worden: het profiel is nog niet volledig."
    return None


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _overview(form: dict[str, str], seen: set[str], probleem: str | None = None) -> Response:
    answers = formulier.read(form, seen)
    meldingen, profiel = formulier.check(answers)
    shown = _shown(answers, meldingen, None)
    per_chapter = {h.naam: {n: m for n, m in shown.items() if formulier.chapter_of(n) == h.naam} for h in formulier.chapters()}
    reason = _no_dossier_reason(answers)
    return _page(
        "overzicht.html",
        422 if probleem else 200,
        per_hoofdstuk=per_chapter,
        antwoorden={h.naam: _answer_rows(answers.chapter(h.naam)) for h in formulier.chapters()},
        labels_alle=formulier.labels(answers.nodes),
        niet_gezien={h.naam: [f.label for f in answers.unseen(h.naam)] for h in formulier.chapters()},
        verborgen=_hidden(answers, None),
        gezien=_seen_now(answers, None),
        statussen=_statuses(answers, meldingen),
        fouten=sum(1 for found in meldingen.values() for m in found if m.soort == formulier.FOUT),
        reden=reason,
        open_plaatsen=_blanks(profiel) if profiel is not None and reason is None else {},
        pdf_mogelijk=_has_libreoffice(),
        probleem=probleem,
        hier=OVERZICHT,
    )


def _answer_rows(nodes: list) -> list[tuple[str, str, str]]:
    """(label, answer as shown, field id) for every input of a chapter, in order."""
    rows: list[tuple[str, str, str]] = []
    for node in nodes:
        if isinstance(node, formulier.Invoer):
            value = dict(node.keuzes).get(node.waarde, node.waarde) if node.keuzes else node.waarde
            rows.append((node.label, {"ja": "Ja", "nee": "Nee"}.get(value, value) or "(niet ingevuld)", formulier.field_id(node.naam)))
        elif isinstance(node, formulier.Groep):
            rows += [(f"{node.titel} – {label}", value, id) for label, value, id in _answer_rows(node.velden)]
        else:
            rows += _answer_rows(node.items) if node.items else [(node.legende, "(geen)", formulier.field_id(node.naam))]
    return rows


def _blanks(profiel: formulier.Profiel) -> dict[str, int]:
    """Per document title: the places the dossier leaves to fill in in Word (the logo plays no part)."""
    without_logo = profiel.model_copy(update={"schoolbestuur": profiel.schoolbestuur.model_copy(update={"logo": None})})
    dossier = build_dossier(LoadedProfile(without_logo, "", {}))
    return {dossier.titles[name]: len(found) for name, found in dossier.placeholders.items()}


def _plan(form: dict[str, str], seen: set[str]) -> Response:
    answers = formulier.read(form, seen)
    meldingen, profiel = formulier.check(answers)
    today = datetime.date.today()
    rows = []
    if profiel is not None:
        problems = stappenplan.volgorde(profiel)
        for stap in stappenplan.tijdlijn(profiel):
            date = stap.datum(profiel)
            rows.append(
                {
                    "datum": (f"uiterlijk {steps.datum(date)}" if stap.is_voorgesteld(profiel) else steps.datum(date)) if date else "nog geen datum",
                    "iso": date.isoformat() if date else "",
                    "status": stap.status(profiel, today),
                    "stap": steps.fase_nr(stap),
                    "titel": stap.titel,
                    "wie": stap.wie(profiel),
                    "documenten": stappenplan.document_titles(stap, profiel) if stap.nodig(profiel) else [],
                    "volgorde": problems.get(stap.key, []),
                }
            )
    return _page(
        "stappenplan.html",
        200,
        rijen=rows,
        profiel=profiel,
        vandaag=steps.datum(today),
        verborgen=_hidden(answers, None),
        gezien=_seen_now(answers, None),
        statussen=_statuses(answers, meldingen),
        hier=STAPPENPLAN,
    )


def _pdf_problem(exc: PdfError) -> str:
    """A PDF failure for a person: what happened and what to do, without LibreOffice's output."""
    first = str(exc).split("\n", 1)[0]
    if "seconden lang geen PDF" in first:
        return "Het maken van de PDF's duurde te lang en is gestopt. Probeer opnieuw, of download het dossier zonder PDF's."
    if "LibreOffice" in first and "niet" in first.lower() and "gevonden" in first.lower():
        return "Op deze computer is LibreOffice niet gevonden; download het dossier zonder PDF's."
    return "De PDF's konden niet gemaakt worden. Download het dossier zonder PDF's, of probeer later opnieuw."


def _profile_name(answers: formulier.Antwoorden) -> str:
    """The saved answers named after the academy: `antwoorden-academie-voorbeeldstad.yaml`."""
    naam = str(answers.data.get("academie", {}).get("naam") or "")
    slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode().lower()).strip("-")[:60]
    return f"antwoorden-{slug or 'academie'}.yaml"


def _load_upload(file: FileStorage) -> formulier.Profiel:
    """The uploaded profile, read by load_profile in a temporary folder that is removed at once;
    its problems name the file as the user knows it."""
    name = secure_filename(file.filename or "") or "profiel.yaml"
    with WORK.folder() as work:
        path = work / name
        file.save(path)
        try:
            return load_profile(path, open_logo=False).profiel
        except ProfileError as exc:
            raise ProfileError([dataclasses.replace(p, file=file.filename or name) for p in exc.problems]) from None


def _has_libreoffice() -> bool:
    try:
        find_soffice()
    except PdfError:
        return False
    return True


class ServerStopping(Exception):
    """A request arrived while `iao web` stops: it makes nothing (no folder to leave behind)."""


class _WorkFolders:
    """The temporary folders of the requests running now: a server that is stopped
    (Ctrl+C, SIGTERM) removes them, and ends their LibreOffice, before it exits."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open: set[str] = set()
        self.stopping = False  # a request that starts while the server stops gets no folder

    @contextmanager
    def folder(self) -> Iterator[Path]:
        with self.lock:
            if self.stopping:
                raise ServerStopping
            work = tempfile.mkdtemp(prefix="iao-web-")
            self.open.add(work)
        try:
            yield Path(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
            with self.lock:  # only once it is gone: a stopping server waits for this
                self.open.discard(work)

    def remove_all(self, wait: float = 5.0) -> None:
        with self.lock:
            self.stopping = True
        stop_running()
        deadline = time.monotonic() + wait
        while self.open and time.monotonic() < deadline:  # the requests end once LibreOffice is gone
            time.sleep(0.05)
            stop_running()
        with self.lock:
            for work in self.open:
                shutil.rmtree(work, ignore_errors=True)
            self.open.clear()


WORK = _WorkFolders()
