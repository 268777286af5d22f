"""Where credentials may go, and where they must never show up: hosts, redirects, TLS, logs, errors."""

from __future__ import annotations

import base64
import logging
import shutil
import ssl
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fault_client import ClientFactory
from fault_server import CLIENT_ID, CLIENT_SECRET, FaultServer, Reply, error

from ctp_sdk import ApiConnectionError, ApiError, NotFoundError
from ctp_sdk.models import CategoryDraft, CustomerCreatePasswordResetToken

PASSWORD = "pa55-word-" + "p" * 12
PATH_TOKEN = "pw-path-token-" + "t" * 12


def test_bearer_goes_only_to_the_api_host_and_basic_only_to_the_auth_host(make_client: ClientFactory) -> None:
    with FaultServer() as auth, FaultServer() as api_host:
        ctp, _ = make_client(api_host.url, auth_url=auth.url)
        api_host.valid_tokens = auth.valid_tokens  # the API accepts what the auth server issued
        session: dict[str, Any] = {}
        ctp.sign_in_customer(session, email="shopper@example.test", password=PASSWORD)
        ctp.integration_api_root().categories().get().execute()
        basic = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        assert auth.requests and all(r.headers["authorization"] == basic for r in auth.requests)
        assert api_host.requests and all(r.headers["authorization"].startswith("Bearer ") for r in api_host.requests)
        assert all(CLIENT_SECRET.encode() not in r.body for r in api_host.requests)


def test_redirects_are_not_followed_so_no_token_reaches_another_host(
    server: FaultServer, make_client: ClientFactory
) -> None:
    with FaultServer() as elsewhere:
        server.api.push(Reply(302, b"", headers={"Location": f"{elsewhere.url}/steal"}))
        ctp, _ = make_client(server.url)
        with pytest.raises(ApiError) as caught:
            ctp.integration_api_root().categories().get().execute()
        assert caught.value.status_code == 302 and caught.value.retries == 0
        assert elsewhere.requests == []
    # Token requests are not redirected either (the client secret travels in their Basic header).
    with FaultServer() as elsewhere:
        server.auth.push(Reply(307, b"", headers={"Location": f"{elsewhere.url}/oauth/token"}))
        ctp, _ = make_client(server.url)
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do; the point is the other host
            ctp.get_integration_token()
        assert elsewhere.requests == []


def _self_signed(tmp: Path) -> ssl.SSLContext:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl CLI not installed")
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(tmp / "key.pem"),
            "-out",
            str(tmp / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp / "cert.pem", tmp / "key.pem")
    return context


def test_tls_is_verified_unless_turned_off(tmp_path: Path, server: FaultServer, make_client: ClientFactory) -> None:
    server.add_category("c1")
    with FaultServer(tls=_self_signed(tmp_path)) as tls_api:
        tls_api.valid_tokens = server.valid_tokens
        tls_api.categories = server.categories
        ctp, _ = make_client(tls_api.url, auth_url=server.url)
        with pytest.raises(ApiConnectionError) as caught:
            ctp.integration_api_root().categories().with_id("c1").get().execute()
        assert "CERTIFICATE_VERIFY_FAILED" in repr(caught.value.__cause__)
        assert tls_api.requests == []  # no request, so no token, went over the unverified connection
        ctp_insecure, _ = make_client(tls_api.url, auth_url=server.url, verify=False)
        assert ctp_insecure.integration_api_root().categories().with_id("c1").get().execute().body.id == "c1"


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        ("a/b", "a%2Fb"),
        ("x?where=1", "x%3Fwhere%3D1"),
        ("x#frag", "x%23frag"),
        ("..", "%2E%2E"),
        ("../../orders", "..%2F..%2Forders"),
    ],
)
def test_path_values_are_escaped_into_one_segment(
    value: str, sent: str, server: FaultServer, make_client: ClientFactory
) -> None:
    ctp, _ = make_client(server.url)
    with pytest.raises(NotFoundError):
        ctp.integration_api_root().categories().with_id(value).get().execute()
    (request,) = server.api_requests()
    assert request.path == f"/proj/categories/{sent}" and request.query == ""


def test_bad_input_is_rejected_before_any_request(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, _ = make_client(server.url)
    api = ctp.integration_api_root()
    with pytest.raises(ValueError, match="must not be empty"):
        api.categories().with_id("").get().execute()
    with pytest.raises(TypeError, match="body must be a CategoryDraft"):
        api.categories().post({"name": {"en": "x"}}).execute()  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_retries"):
        api.categories().get().execute(max_retries=-1)
    assert server.requests == []


def test_no_secret_in_any_log_line_of_a_full_session(
    server: FaultServer, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger: httpx, httpcore, ctp_sdk, ctp_auth all propagate
    server.add_category("c1")
    ctp, _ = make_client(server.url)
    api = ctp.integration_api_root()
    api.categories().with_id("c1").get().execute()
    api.categories().post(CategoryDraft(name={"en": "n"}, slug={"en": "s"}, key="k")).execute()
    token = api.customers().password_token().post(CustomerCreatePasswordResetToken(email="a@b.test")).execute()
    api.customers().with_password_token(PATH_TOKEN).get().execute()
    server.api.push(error(404, "ResourceNotFound"))
    with pytest.raises(NotFoundError) as not_found:
        api.customers().with_password_token(PATH_TOKEN).get().execute()
    session: dict[str, Any] = {}
    ctp.sign_in_customer(session, email="shopper@example.test", password=PASSWORD)
    server.revoke_tokens()  # renewal of both roots: refresh token and client credentials in flight
    ctp.customer_api_root(session).categories().with_id("c1").get().execute()
    api.categories().with_id("c1").get().execute()

    secrets = [
        CLIENT_SECRET,
        base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode(),
        PASSWORD,
        PATH_TOKEN,
        token.body.value,
        *server.tokens_issued,
        *server.refresh_tokens,
    ]
    assert len(server.tokens_issued) >= 4 and len(server.refresh_tokens) >= 2
    lines = [f"{r.name} {r.levelname} {r.getMessage()}" for r in caplog.records]
    loggers = {r.name.split(".")[0] for r in caplog.records}
    assert {"httpx", "httpcore", "ctp_sdk", "ctp_auth"} <= loggers
    # httpx's own INFO line is still there, with the path token masked.
    assert any("password-token=***" in line for line in lines if line.startswith("httpx"))
    text = "\n".join(lines)
    for secret in secrets:
        assert secret not in text
    for shown in (str(not_found.value), repr(not_found.value), repr(ctp), repr(ctp.config), repr(api)):
        for secret in secrets:
            assert secret not in shown
