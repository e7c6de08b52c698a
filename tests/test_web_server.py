"""`iao web` as a server: the token, the Host check, waitress behind a proxy, and a
stop (SIGTERM) during a download that leaves nothing behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.web import create_app
from generator.web.guard import THROTTLE_FAILURES, WebRefused, check_binding

TOKEN = "een-lang-genoeg-token"


def test_a_token_of_blanks_is_refused():
    with pytest.raises(WebRefused, match="te kort"):
        check_binding("0.0.0.0", " " * 12)
    with pytest.raises(WebRefused, match="te kort"):
        check_binding("0.0.0.0", "  abc       ")


def test_guessing_the_token_is_stopped_after_a_few_tries():
    client = create_app(TOKEN, host="0.0.0.0").test_client()
    for guess in range(THROTTLE_FAILURES):
        assert client.get("/", auth=("x", f"gok-nummer-{guess:04d}")).status_code == 401
    blocked = client.get("/", auth=("x", TOKEN))  # even the right one, for a while
    assert blocked.status_code == 429 and "Te veel verkeerde wachtwoorden" in blocked.text
    other = client.get("/", auth=("x", TOKEN), environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200  # another computer is not locked out


def test_the_ipv6_loopback_address_is_answered():
    client = create_app(host="::1").test_client()
    assert client.get("/", headers={"Host": "[::1]:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "[::2]:8000"}).status_code == 400


def test_behind_a_proxy_its_name_and_scheme_count():
    client = create_app(proxies=1).test_client()
    response = client.get("/", headers={"Host": "127.0.0.1:8000", "X-Forwarded-Host": "iao.gemeente.intern", "X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert create_app().test_client().get("/", headers={"Host": "iao.gemeente.intern"}).status_code == 400


def _start(tmp_path: Path, *args: str, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "web", "--poort", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp"), **(env or {})},
    )
    (tmp_path / "tmp").mkdir(exist_ok=True)
    line = process.stdout.readline() if process.stdout else ""
    found = re.search(r"http://\S+/", line)
    assert found, line
    return process, found[0]


def _form(url: str, data: dict[str, str], token: str | None = None) -> urllib.request.Request:
    page = urllib.request.urlopen(_request(url, token=token)).read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page)[1]
    body = urllib.parse.urlencode({"_csrf": csrf, **data}).encode()
    return _request(url.rstrip("/") + "/dossier.zip", body, token)


def _request(url: str, body: bytes | None = None, token: str | None = None) -> urllib.request.Request:
    request = urllib.request.Request(url, data=body)
    if token:
        import base64

        request.add_header("Authorization", "Basic " + base64.b64encode(f"x:{token}".encode()).decode())
    return request


def test_waitress_serves_the_form_and_the_dossier(tmp_path):
    process, url = _start(tmp_path, "--server", "waitress", "--token", TOKEN)
    try:
        assert urllib.request.urlopen(_request(url, token=TOKEN)).status == 200
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url)
        assert refused.value.code == 401
        from .test_web import fields_of, start_from_example

        fields = start_from_example(create_app().test_client())
        fields = {k: v for k, v in fields.items() if k != "_csrf"}
        response = urllib.request.urlopen(_form(url, fields, TOKEN), timeout=60)
        assert response.headers["Content-Type"] == "application/zip" and response.read()[:2] == b"PK"
        assert fields_of  # the helpers of the form tests
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(10)
    assert process.returncode is not None
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM and a shell script as LibreOffice")
@pytest.mark.parametrize("server", ["werkzeug", "waitress"])
def test_sigterm_during_a_download_with_pdfs_leaves_nothing_behind(tmp_path, server):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pid_file = tmp_path / "soffice.pid"
    fake = bin_dir / "soffice"
    # a LibreOffice started ahead (no --convert-to) ends at once: the download converts with its own, which hangs
    fake.write_text(f'#!/bin/sh\ncase "$*" in *--convert-to*) ;; *) exit 0;; esac\necho $$ > {pid_file}\nexec sleep 60\n')
    fake.chmod(0o755)
    process, url = _start(tmp_path, "--server", server, env={"PATH": f"{bin_dir}:{os.environ['PATH']}"})
    from .test_web import start_from_example

    fields = {k: v for k, v in start_from_example(create_app().test_client()).items() if k != "_csrf"}
    request = _form(url, {**fields, "pdf": "ja"})
    import threading

    threading.Thread(target=lambda: _ignore(lambda: urllib.request.urlopen(request, timeout=30)), daemon=True).start()
    for _ in range(200):
        if pid_file.exists() and pid_file.read_text().strip():
            break
        time.sleep(0.05)
    assert list((tmp_path / "tmp").iterdir()), "the download did not start"
    soffice = int(pid_file.read_text())
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=15)
    assert list((tmp_path / "tmp").iterdir()) == [], (output, list((tmp_path / "tmp").rglob("*")))
    with pytest.raises(ProcessLookupError):
        os.kill(soffice, 0)


def _ignore(call) -> None:
    try:
        call()
    except Exception:
        pass


def test_a_request_that_arrives_while_the_server_stops_leaves_no_folder(tmp_path, monkeypatch):
    """A download that starts after SIGTERM was handled would make a folder nobody removes."""
    import tempfile

    from generator.web.app import ServerStopping, _WorkFolders

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    work = _WorkFolders()
    work.remove_all(wait=0)
    with pytest.raises(ServerStopping), work.folder():
        pass
    assert list(tmp_path.iterdir()) == []
