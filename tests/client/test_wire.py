"""API requests go straight to the client's transport (`ctp_sdk._wire`), not through `httpx.Client.send`:
the environment's proxies still apply, per host, no cookie is ever kept or sent, a 401 invalid_token is
still renewed and resent once (without leaking a connection), and a closed client still refuses to send.
Every server here is a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from fakes import category

from ctp_sdk import ClientConfig, ConfigError, CtpClient
from ctp_sdk._config import POOL_LIMITS
from ctp_sdk._wire import EnvironmentProxyTransport, bypassed

PROJECT = "wire"
TOKEN = {"access_token": "tok", "token_type": "Bearer", "expires_in": 3600, "scope": f"manage_project:{PROJECT}"}
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUEST_METHOD")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[tuple[str, str, dict[str, str]]] = []  # method, request target, headers
        self.unauthorized = 0  # API requests still to answer with 401 invalid_token
        self.set_cookie = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.seen.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
        headers: dict[str, str] = {}
        if self.path.endswith("/oauth/token"):
            status, body = 200, TOKEN
        elif self.server.unauthorized:
            self.server.unauthorized -= 1
            status, body = 401, {"statusCode": 401, "message": "invalid", "errors": [{"code": "invalid_token"}]}
        else:
            status, body = 200, category(self.path.rsplit("/", 1)[-1])
            if self.server.set_cookie:
                headers["Set-Cookie"] = "affinity=shopper-a; Path=/"
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = _answer
    do_POST = _answer


@pytest.fixture
def servers() -> Iterator[tuple[_Server, _Server]]:
    """Two servers on 127.0.0.1: an origin and one to point proxy variables at (it answers as well)."""
    pair = (_Server(), _Server())
    threads = [threading.Thread(target=server.serve_forever, daemon=True) for server in pair]
    for thread in threads:
        thread.start()
    yield pair
    for server in pair:
        server.shutdown()
        server.server_close()
    for thread in threads:
        thread.join(5)


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def _client(api_url: str, auth_url: str | None = None) -> CtpClient:
    return CtpClient(
        ClientConfig(
            project_key=PROJECT,
            client_id="id",
            client_secret="secret",
            auth_url=auth_url or api_url,
            api_url=api_url,
            allow_insecure_http=True,
        )
    )


def test_requests_go_through_the_proxy_the_environment_names(
    servers: tuple[_Server, _Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, proxy = servers
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    # Hosts that do not resolve: only the proxy can reach them.
    with _client("http://api.proxied.invalid", "http://auth.proxied.invalid") as ctp:
        body = ctp.integration_api_root().categories().with_id("c1").get().execute().body
    assert body.id == "c1"
    targets = [target for _, target, _ in proxy.seen]
    assert targets == ["http://auth.proxied.invalid/oauth/token", f"http://api.proxied.invalid/{PROJECT}/categories/c1"]
    assert proxy.seen[1][2]["host"] == "api.proxied.invalid"


def test_no_proxy_hosts_are_reached_directly(servers: tuple[_Server, _Server], monkeypatch: pytest.MonkeyPatch) -> None:
    origin, proxy = servers
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "example.test, 127.0.0.1")
    with _client(origin.url) as ctp:
        ctp.integration_api_root().categories().with_id("c1").get().execute()
    assert proxy.seen == []
    assert [target for _, target, _ in origin.seen] == ["/oauth/token", f"/{PROJECT}/categories/c1"]


def test_an_https_proxy_variable_does_not_apply_to_http(
    servers: tuple[_Server, _Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    origin, proxy = servers
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    with _client(origin.url) as ctp:
        ctp.integration_api_root().categories().with_id("c1").get().execute()
    assert proxy.seen == [] and len(origin.seen) == 2


def test_an_unusable_proxy_url_is_a_config_error_without_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "ftp://user:hunter2@proxy.example.test:21")
    with pytest.raises(ConfigError, match="HTTPS_PROXY") as caught:
        _client("https://api.europe-west1.gcp.commercetools.com", "https://auth.europe-west1.gcp.commercetools.com")
    assert "hunter2" not in str(caught.value) and caught.value.__cause__ is None
    transport = EnvironmentProxyTransport(
        verify=True, limits=POOL_LIMITS, proxies={"https": "http://user:hunter2@proxy.example.test:3128"}
    )
    assert "hunter2" not in repr(transport)
    transport.close()


@pytest.mark.parametrize(
    ("host", "entries", "expected"),
    [
        ("api.example.com", ["*"], True),
        ("api.example.com", ["example.com"], True),
        ("example.com", ["example.com"], True),
        ("wwwexample.com", ["example.com"], False),
        ("api.example.com", [".example.com"], True),
        ("example.com", [".example.com"], False),
        ("api.example.com", ["http://example.com"], True),
        ("api.example.com", ["example.com:8080"], True),
        ("api.example.com", ["other.com", "EXAMPLE.COM"], True),
        ("10.0.0.1", ["10.0.0.1"], True),
        ("110.0.0.1", ["10.0.0.1"], False),
        ("::1", ["[::1]:8080"], True),
        ("::1", ["::1"], True),
        ("localhost", ["localhost"], True),
        ("my.localhost", ["localhost"], False),
        ("api.example.com", [], False),
        ("api.example.com", ["example.org"], False),
    ],
)
def test_no_proxy_entries_match_as_curl_and_httpx_read_them(host: str, entries: list[str], expected: bool) -> None:
    assert bypassed(host, entries) is expected


def test_no_cookie_the_api_sets_is_ever_sent(servers: tuple[_Server, _Server]) -> None:
    origin, _ = servers
    origin.set_cookie = True
    with _client(origin.url) as ctp:
        api = ctp.integration_api_root()
        for _ in range(3):
            api.categories().with_id("c1").get().execute()
    assert all("cookie" not in headers for _, _, headers in origin.seen)


def test_invalid_token_is_renewed_and_resent_once_without_leaking_connections(servers: tuple[_Server, _Server]) -> None:
    origin, _ = servers
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
    transport = EnvironmentProxyTransport(verify=True, limits=limits, proxies={})
    config = ClientConfig(
        project_key=PROJECT,
        client_id="id",
        client_secret="secret",
        auth_url=origin.url,
        api_url=origin.url,
        allow_insecure_http=True,
        timeout=5.0,
    )
    with CtpClient(config, transport=transport) as ctp:
        api = ctp.integration_api_root()
        for _ in range(10):  # a 401 response left open would hold one of the 2 connections: PoolTimeout
            origin.unauthorized = 1
            assert api.categories().with_id("c1").get().execute().body.id == "c1"
    tokens = [target for _, target, _ in origin.seen if target == "/oauth/token"]
    gets = [target for _, target, _ in origin.seen if target != "/oauth/token"]
    assert len(tokens) == 11 and len(gets) == 20  # one renewal and one resend per call


def test_a_closed_client_refuses_to_send(servers: tuple[_Server, _Server]) -> None:
    origin, _ = servers
    ctp = _client(origin.url)
    api = ctp.integration_api_root()
    api.categories().with_id("c1").get().execute()
    ctp.close()
    with pytest.raises(RuntimeError, match="closed"):
        api.categories().with_id("c1").get().execute()
    assert len(origin.seen) == 2
