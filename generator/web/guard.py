"""Who may use `iao web`: the address it listens on, the token, the Host names answered, CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import threading
import time

from flask import request

from generator.errors import IaoError

CSRF_MAX_AGE = 12 * 3600  # seconds: a page left open over a working day stays usable
MIN_TOKEN = 12  # characters
THROTTLE_FAILURES, THROTTLE_WINDOW = 10, 300  # wrong passwords per address, seconds
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1"]


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


def authorized(token: str) -> bool:
    given = request.authorization.password if request.authorization else None
    return given is not None and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def host_name(host: str) -> str:
    """The name in a Host header, without the port: `[::1]:8000` -> `::1`."""
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


class Throttle:
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


class Csrf:
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
