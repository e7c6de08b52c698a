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

import dataclasses
import datetime
import hashlib
import hmac
import ipaddress
import secrets
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, Response, render_template, request
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.utils import secure_filename

from generator.dossier import steps
from generator.dossier.bundle import bundle_name
from generator.dossier.generation import generate
from generator.dossier.pdf import PdfError, PdfSettings, find_soffice, stop_running
from generator.errors import IaoError, ProfileError
from generator.profile import checking
from generator.profile.interview import render
from generator.profile.model import load_profile
from generator.profile.yamlsource import MAX_BYTES, MAX_ITEMS
from generator.resources import example_profile
from generator.web import form as formulier

# The form of a large profile (MAX_ITEMS subjects) is larger than its YAML file.
MAX_REQUEST = 4 * MAX_BYTES
MAX_FIELDS = 20 * MAX_ITEMS
CSRF_FIELD = "_csrf"
CSRF_MAX_AGE = 12 * 3600  # seconds: a page left open over a working day stays usable
MIN_TOKEN = 12  # characters
THROTTLE_FAILURES, THROTTLE_WINDOW = 10, 300  # wrong passwords per address, seconds
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1"]
OVERZICHT, STAPPENPLAN = "overzicht", "stappenplan"
# Form fields that steer the form; every other field is an answer.
CONTROLS = {CSRF_FIELD, "naar", "hier", "actie", "pdf"}


class WebRefused(IaoError):
    """`iao web` will not start as asked (an open address without a token)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    """Refuse, in Dutch, to listen on another address than this machine's without a token."""
    if token is not None and len(token.strip()) < MIN_TOKEN:
        raise WebRefused(f"het token is te kort; kies er een van minstens {MIN_TOKEN} tekens (spaties tellen niet mee).")
    if not is_loopback(host) and token is None:
        raise WebRefused(
            f"op het adres {host} kan iedereen in het netwerk het formulier openen; geef een wachtwoord "
            f"met --token (minstens {MIN_TOKEN} tekens), of laat --host weg om enkel op deze computer te luisteren."
        )


def create_app(token: str | None = None, host: str = "127.0.0.1", proxies: int = 0) -> Flask:
    """The application; `token` is the password the browser must give (if any);
    `proxies`: the number of reverse proxies in front whose X-Forwarded-* headers count."""
    check_binding(host, token)
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_REQUEST, MAX_FORM_MEMORY_SIZE=MAX_REQUEST, MAX_FORM_PARTS=MAX_FIELDS)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)  # type: ignore[method-assign]
    # On this machine only its own names are answered (DNS rebinding); behind a proxy, the proxy chooses the names.
    own_names_only = is_loopback(host) and not proxies
    csrf = _Csrf(secrets.token_bytes(32))
    throttle = _Throttle()

    @app.before_request
    def guard() -> Response | None:
        if own_names_only and _host_name(request.host) not in LOOPBACK_NAMES:
            return _page("fout.html", 400, titel="Onbekend adres", tekst="Open het formulier via het adres dat 'iao web' bij het starten toont.")
        if token is not None:
            client = request.remote_addr or ""
            if throttle.blocked(client):
                return _page("fout.html", 429, titel="Te veel verkeerde wachtwoorden", tekst=f"Wacht {THROTTLE_WINDOW // 60} minuten en probeer dan opnieuw.")
            if not _authorized(token):
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
            "labels": formulier.labels,
            "OVERZICHT": OVERZICHT,
            "STAPPENPLAN": STAPPENPLAN,
        }

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
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

    @app.post("/begin")
    def begin() -> Response:
        answers = formulier.form_of_profile(load_profile(example_profile()).profiel) if request.form.get("actie") == "voorbeeld" else {}
        return _chapter(answers, formulier.chapters()[0].naam)

    @app.post("/opladen")
    def upload() -> Response:
        file = request.files.get("profiel")
        if file is None or not file.filename:
            return _page("start.html", 422, probleem="Kies eerst een profielbestand (.yaml) om op te laden.")
        try:
            profiel = _load_upload(file)
        except ProfileError as exc:
            return _page("start.html", 422, probleem=checking.report(checking.Outcome(exc.problems[0].file, problems=exc.problems)))
        return _chapter(formulier.form_of_profile(profiel), formulier.chapters()[0].naam)

    @app.post("/formulier")
    def page() -> Response:
        answers = _with_action(_answers_in(request.form), request.form.get("actie", ""))
        target = request.form.get("naar") or request.form.get("hier", "")
        if target == OVERZICHT:
            return _overview(answers)
        if target == STAPPENPLAN:
            return _plan(answers)
        names = [h.naam for h in formulier.chapters()]
        return _chapter(answers, target if target in names else names[0])

    @app.post("/profiel.yaml")
    def download_profile() -> Response:
        text = render(formulier.read(_answers_in(request.form)).data)
        return _download(text.encode("utf-8"), "profiel.yaml", "application/yaml; charset=utf-8")

    @app.post("/dossier.zip")
    def download_dossier() -> Response:
        answers = _answers_in(request.form)
        with WORK.folder() as work:
            path = work / "profiel.yaml"
            path.write_text(render(formulier.read(answers).data), encoding="utf-8")
            try:
                result = generate(path, work / "dossier", pdf=PdfSettings() if request.form.get("pdf") else None, bundle=True)
            except IaoError as exc:  # a broken rule, or a file the profile names (logo) that is not here
                return _overview(answers, probleem=f"Er is geen dossier gemaakt: {exc}")
            if result.pdf_error is not None or result.bundle is None:
                return _overview(answers, probleem=f"Er is geen dossier gemaakt: {result.pdf_error or 'de zip kon niet geschreven worden.'}")
            assert result.outcome.loaded is not None  # generate refuses a profile it cannot read
            name = bundle_name(result.outcome.loaded.profiel)
            data = (work / "dossier" / name).read_bytes()
        return _download(data, name, "application/zip")

    return app


def _page(template: str, status: int, **values) -> Response:
    return Response(render_template(template, **values), status=status, mimetype="text/html")


def _download(data: bytes, name: str, mimetype: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _authorized(token: str) -> bool:
    given = request.authorization.password if request.authorization else None
    return given is not None and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def _host_name(host: str) -> str:
    """The name in a Host header, without the port: `[::1]:8000` -> `::1`."""
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


class _Throttle:
    """At most THROTTLE_FAILURES wrong passwords per address (and 10 times that in all)
    per THROTTLE_WINDOW seconds: guessing a 12-character token takes forever."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.failures: dict[str, list[float]] = {}

    def blocked(self, client: str) -> bool:
        now = time.monotonic()
        with self.lock:
            self.failures = {c: kept for c, times in self.failures.items() if (kept := [t for t in times if now - t < THROTTLE_WINDOW])}
            total = sum(map(len, self.failures.values()))
            return len(self.failures.get(client, [])) >= THROTTLE_FAILURES or total >= 10 * THROTTLE_FAILURES

    def failed(self, client: str) -> None:
        with self.lock:
            self.failures.setdefault(client, []).append(time.monotonic())


class _Csrf:
    """Tokens `time.hmac`: only a page this process served can carry a valid one."""

    def __init__(self, secret: bytes):
        self.secret = secret

    def _sign(self, stamp: str) -> str:
        return hmac.new(self.secret, stamp.encode("ascii"), hashlib.sha256).hexdigest()

    def token(self) -> str:
        stamp = str(int(time.time()))
        return f"{stamp}.{self._sign(stamp)}"

    def valid(self, token: str) -> bool:
        stamp, _, signature = token.partition(".")
        if not stamp.isdigit() or not hmac.compare_digest(signature, self._sign(stamp)):
            return False
        return 0 <= time.time() - int(stamp) <= CSRF_MAX_AGE


def _answers_in(form) -> dict[str, str]:
    return {key: value for key, value in form.items() if key not in CONTROLS}


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


def _hidden(answers: formulier.Antwoorden, chapter: str | None) -> dict[str, str]:
    """The answers of the other chapters, carried along as hidden fields."""
    return {key: value for key, value in answers.given.items() if chapter is None or formulier.chapter_of(key) != chapter}


def _chapter(form: dict[str, str], chapter: str) -> Response:
    answers = formulier.read(form)
    meldingen, _ = formulier.check(answers)
    names = [h.naam for h in formulier.chapters()]
    here = names.index(chapter)
    # A chapter opened for the first time shows its proposals, not yet a list of what is missing.
    new = not any(formulier.chapter_of(name) == chapter for name in form if not name.endswith(formulier.COUNT))
    mine = {} if new else {naam: found for naam, found in meldingen.items() if formulier.chapter_of(naam) == chapter}
    return _page(
        "hoofdstuk.html",
        200,
        hoofdstuk=formulier.chapters()[here],
        vorige=names[here - 1] if here else None,
        volgende=names[here + 1] if here + 1 < len(names) else OVERZICHT,
        velden=answers.chapter(chapter),
        meldingen=mine,
        verborgen=_hidden(answers, chapter),
        nummer=here + 1,
        hier=chapter,
        nieuw=new,
    )


def _overview(form: dict[str, str], probleem: str | None = None) -> Response:
    answers = formulier.read(form)
    meldingen, _ = formulier.check(answers)
    per_chapter = {h.naam: {n: m for n, m in meldingen.items() if formulier.chapter_of(n) == h.naam} for h in formulier.chapters()}
    return _page(
        "overzicht.html",
        422 if probleem else 200,
        per_hoofdstuk=per_chapter,
        verborgen=_hidden(answers, None),
        fouten=sum(1 for found in meldingen.values() for m in found if m.soort == formulier.FOUT),
        pdf_mogelijk=_has_libreoffice(),
        probleem=probleem,
        hier=OVERZICHT,
    )


def _plan(form: dict[str, str]) -> Response:
    answers = formulier.read(form)
    _, profiel = formulier.check(answers)
    today = datetime.date.today()
    rows = []
    if profiel is not None:
        problems = steps.volgorde(profiel)
        for stap in steps.tijdlijn(profiel):
            date = stap.datum(profiel)
            rows.append(
                {
                    "datum": (f"uiterlijk {steps.datum(date)}" if stap.is_voorgesteld(profiel) else steps.datum(date)) if date else "nog geen datum",
                    "iso": date.isoformat() if date else "",
                    "status": stap.status(profiel, today),
                    "stap": steps.fase_nr(stap),
                    "titel": stap.titel,
                    "wie": stap.wie(profiel),
                    "documenten": steps.document_titles(stap, profiel) if stap.nodig(profiel) else [],
                    "volgorde": problems.get(stap.key, []),
                }
            )
    return _page("stappenplan.html", 200, rijen=rows, profiel=profiel, vandaag=steps.datum(today), verborgen=_hidden(answers, None), hier=STAPPENPLAN)


def _load_upload(file: FileStorage) -> formulier.Profiel:
    """The uploaded profile, read by load_profile in a temporary folder that is removed at once;
    its problems name the file as the user knows it."""
    name = secure_filename(file.filename or "") or "profiel.yaml"
    with WORK.folder() as work:
        path = work / name
        file.save(path)
        try:
            return load_profile(path).profiel
        except ProfileError as exc:
            raise ProfileError([dataclasses.replace(p, file=file.filename or name) for p in exc.problems]) from None


def _has_libreoffice() -> bool:
    try:
        find_soffice()
    except PdfError:
        return False
    return True


class QuietHandler(WSGIRequestHandler):
    """No line per request on the terminal (errors are still shown)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class _WorkFolders:
    """The temporary folders of the requests running now: a server that is stopped
    (Ctrl+C, SIGTERM) removes them, and ends their LibreOffice, before it exits."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open: set[str] = set()

    @contextmanager
    def folder(self) -> Iterator[Path]:
        work = tempfile.mkdtemp(prefix="iao-web-")
        with self.lock:
            self.open.add(work)
        try:
            yield Path(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
            with self.lock:  # only once it is gone: a stopping server waits for this
                self.open.discard(work)

    def remove_all(self, wait: float = 5.0) -> None:
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
SERVERS = ("werkzeug", "waitress")


def serve(host: str, port: int, token: str | None, echo: Callable[[str], None], server: str = "werkzeug", proxies: int = 0) -> None:
    """Serve until Ctrl+C or SIGTERM; `echo` receives the address to open.
    werkzeug: for one person on this computer; waitress: a production server (also on Windows)."""
    app = create_app(token, host, proxies)
    try:
        running = _waitress(app, host, port) if server == "waitress" else _werkzeug(app, host, port)
    except OSError as exc:
        raise WebRefused(f"kan niet luisteren op {host}:{port} ({exc.strerror or exc}); kies een andere poort met --poort.") from None
    shown = f"[{host}]" if ":" in host else host
    echo(f"Het formulier staat klaar op http://{shown}:{running.port}/ ; open dat adres in uw browser. Stoppen: Ctrl+C.")
    previous = signal.signal(signal.SIGTERM, _interrupt) if threading.current_thread() is threading.main_thread() else None
    try:
        running.run()
    except KeyboardInterrupt:
        pass
    finally:
        running.close()
        WORK.remove_all()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


@dataclasses.dataclass
class _Running:
    port: int
    run: Callable[[], None]
    close: Callable[[], None]


def _werkzeug(app: Flask, host: str, port: int) -> _Running:
    server: BaseWSGIServer = make_server(host, port, app, threaded=True, request_handler=QuietHandler)
    return _Running(server.port, server.serve_forever, server.server_close)


def _waitress(app: Flask, host: str, port: int) -> _Running:
    from waitress.server import create_server

    # ident: no version in the Server header; the request cap is Flask's, checked before reading.
    server = create_server(app, host=host, port=port, threads=8, ident="iao", max_request_body_size=MAX_REQUEST + 65536, clear_untrusted_proxy_headers=True)
    return _Running(server.effective_port, server.run, server.close)
