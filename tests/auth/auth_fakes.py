"""Test doubles for ctp_auth: a fake auth server on MockTransport, a hand-moved clock, thread helpers."""

from __future__ import annotations

import base64
import itertools
import json
import secrets
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote

import httpx

AUTH_URL = "https://auth.test.commercetools.com"
PROJECT = "shop-1"
CLIENT_ID = "client-id-1"
CLIENT_SECRET = "client-secret-" + "S" * 24
EMAIL = "alice@example.com"
PASSWORD = "correct-horse-battery-staple-9"
CUSTOMER_ID = "cust-0001"
STORE = "berlin"


class FakeClock:
    """Epoch seconds that only move when a test says so."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


@dataclass
class Recorded:
    path: str
    form: dict[str, str]
    raw_path: bytes
    basic: tuple[str, str] | None


@dataclass
class FakeAuthServer:
    """Just enough of the commercetools auth server: tokens, refresh, customers, errors on demand.

    ``next_responses`` are served first (one per request) to script failures; ``gate``, when set, holds
    every request until released, so concurrent callers pile up behind the first one.
    """

    lifetime: int = 3600
    requests: list[Recorded] = field(default_factory=list)
    next_responses: list[httpx.Response | Exception] = field(default_factory=list)
    refresh_tokens: dict[str, str] = field(default_factory=dict)  # refresh token -> scope
    active_tokens: set[str] = field(default_factory=set)
    issued: list[str] = field(default_factory=list)  # every access and refresh token handed out
    gate: threading.Event | None = None
    entered: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        form = dict(parse_qsl(request.content.decode(), keep_blank_values=True))
        with self._lock:
            self.requests.append(
                Recorded(unquote(request.url.path), form, request.url.raw_path, _basic(request))
            )
            scripted = self.next_responses.pop(0) if self.next_responses else None
            gate = self.gate
        self.entered.set()
        if gate is not None:
            assert gate.wait(10), "test never released the gate"
        if isinstance(scripted, Exception):
            raise scripted
        if scripted is not None:
            return scripted
        if _basic(request) != (CLIENT_ID, CLIENT_SECRET):
            return _error(401, "invalid_client", "Please provide valid client credentials.")
        return self._route(unquote(request.url.path), form)

    def token_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/token")]

    def _route(self, path: str, form: dict[str, str]) -> httpx.Response:
        grant = form.get("grant_type")
        scope = form.get("scope", "")
        if path == "/oauth/token" and grant == "client_credentials":
            return self._issue(scope, refresh=False)
        if path == "/oauth/token" and grant == "refresh_token":
            known = self.refresh_tokens.get(form.get("refresh_token", ""))
            if known is None:
                return httpx.Response(
                    400,
                    json={
                        "statusCode": 400,
                        "message": "The refresh token was not found. It may have expired.",
                        "error": "invalid_grant",
                        "error_description": "The refresh token was not found. It may have expired.",
                    },
                )
            return self._issue(known, refresh=False)
        if path in (
            f"/oauth/{PROJECT}/customers/token",
            f"/oauth/{PROJECT}/in-store/key={STORE}/customers/token",
        ):
            if grant != "password" or (form.get("username"), form.get("password")) != (EMAIL, PASSWORD):
                return _error(400, "invalid_customer_account_credentials", "Customer account not found.")
            return self._issue(f"{scope} customer_id:{CUSTOMER_ID}".strip(), refresh=True)
        if path == f"/oauth/{PROJECT}/anonymous/token" and grant == "client_credentials":
            anonymous_id = form.get("anonymous_id") or f"anon-{next(self._ids)}"
            return self._issue(f"{scope} anonymous_id:{anonymous_id}".strip(), refresh=True)
        if path == "/oauth/introspect":
            token = form.get("token", "")
            if token in self.active_tokens:
                return httpx.Response(
                    200, json={"active": True, "scope": "view_products:shop-1", "exp": 1_700_003_600}
                )
            return httpx.Response(200, json={"active": False})
        return _error(400, "unsupported_grant_type", f"unsupported {grant} on {path}")

    def _issue(self, scope: str, *, refresh: bool) -> httpx.Response:
        n = next(self._ids)
        body: dict[str, object] = {
            "access_token": f"AT{n}-{secrets.token_urlsafe(16)}",
            "expires_in": self.lifetime,
            "scope": scope,
            "token_type": "Bearer",
        }
        with self._lock:
            self.active_tokens.add(str(body["access_token"]))
            self.issued.append(str(body["access_token"]))
            if refresh:
                body["refresh_token"] = f"RT{n}-{secrets.token_urlsafe(16)}"
                self.refresh_tokens[str(body["refresh_token"])] = scope
                self.issued.append(str(body["refresh_token"]))
        return httpx.Response(200, json=body)


def _basic(request: httpx.Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    if not header.startswith("Basic "):
        return None
    user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    return user, password


def _error(status: int, code: str, message: str) -> httpx.Response:
    return httpx.Response(
        status,
        json={"statusCode": status, "message": message, "errors": [{"code": code, "message": message}]},
    )


def json_response(status: int, body: object) -> httpx.Response:
    return httpx.Response(
        status, content=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )


def hammer(call: Callable[[], object], n: int) -> tuple[list[object], list[BaseException]]:
    """Start ``n`` threads together on ``call``; return their results and exceptions."""
    barrier = threading.Barrier(n)
    results: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        barrier.wait()
        try:
            value = call()
        except BaseException as exc:
            with lock:
                errors.append(exc)
        else:
            with lock:
                results.append(value)

    with ThreadPoolExecutor(n) as pool:
        for _ in range(n):
            pool.submit(worker)
    return results, errors


def release_when_first_request_arrives(server: FakeAuthServer) -> threading.Thread:
    """Hold the first token request at the server long enough for every thread to pile up behind it."""
    server.gate = threading.Event()
    server.entered.clear()
    gate = server.gate

    def release() -> None:
        server.entered.wait(10)
        # Not waiting for expiry: this only widens the window in which a broken single flight
        # would send more requests; a correct one sends one however long the window is.
        threading.Event().wait(0.3)
        gate.set()

    releaser = threading.Thread(target=release)
    releaser.start()
    return releaser
