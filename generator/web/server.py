"""Serving `iao web`: Werkzeug for one person on this computer, waitress for an IT department; a stop cleans up."""

from __future__ import annotations

import dataclasses
import signal
import threading
from collections.abc import Callable

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from generator.dossier.pdf import PdfError, WarmOffice, find_soffice, stop_running
from generator.web.app import MAX_REQUEST, WORK, create_app
from generator.web.guard import WebRefused


class QuietHandler(WSGIRequestHandler):
    """No line per request on the terminal (errors are still shown)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


SERVERS = ("werkzeug", "waitress")


def serve(host: str, port: int, token: str | None, echo: Callable[[str], None], server: str = "werkzeug", proxies: int = 0) -> None:
    """Serve until Ctrl+C or SIGTERM; `echo` receives the address to open.
    werkzeug: for one person on this computer; waitress: a production server (also on Windows)."""
    warm = _warm_office()
    app = create_app(token, host, proxies, warm)
    try:
        running = _waitress(app, host, port) if server == "waitress" else _werkzeug(app, host, port)
    except OSError as exc:
        raise WebRefused(f"kan niet luisteren op {host}:{port} ({exc.strerror or exc}); kies een andere poort met --poort.") from None
    shown = f"[{host}]" if ":" in host else host
    echo(f"Het formulier staat klaar op http://{shown}:{running.port}/ ; open dat adres in uw browser. Stoppen: Ctrl+C.")
    handled = (signal.SIGTERM, signal.SIGINT) if threading.current_thread() is threading.main_thread() else ()
    previous = {signum: signal.signal(signum, _interrupt) for signum in handled}
    try:
        if warm is not None:  # once the server listens: a port in use leaves no LibreOffice behind
            warm.start()
        running.run()
    except KeyboardInterrupt:
        pass
    finally:
        if warm is not None:
            warm.close()
        running.close()
        WORK.remove_all()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _warm_office() -> WarmOffice | None:
    """One LibreOffice to keep ready for the PDFs of the downloads (none without LibreOffice)."""
    try:
        return WarmOffice(find_soffice())
    except PdfError:
        return None


def _interrupt(signum, frame) -> None:
    # LibreOffice ends first, so that the requests converting with it end too:
    # waitress waits (up to 5 s) for its requests before it lets go.
    stop_running()
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
