"""No secret reachable from what an error carries (issue 10, finding 3).

Every error a full sign-in session can raise under faults is walked whole: `str`/`repr`, every attribute
(recursively), `__cause__` and `__context__`, and the traceback rendered with `capture_locals=True` (what
error trackers and `traceback.TracebackException` print). None may show the client secret (or its Basic
header), the password, or any access or refresh token.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import traceback
from collections.abc import Callable
from typing import Any

import pytest
from ctp_auth import CtpError, Secret
from fault_client import ClientFactory
from fault_server import CLIENT_ID, CLIENT_SECRET, FaultServer, Reply, Reset, Stall, error

from ctp_sdk.models import CustomerChangePassword, CustomerResetPassword, MyCustomerSignin

PASSWORD = "sign-in-pass-" + "w" * 12
NEW_PASSWORD = "new-pass-word-" + "n" * 12
RESET_TOKEN = "reset-token-value-" + "r" * 12
BASIC = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()


def _texts(root: BaseException) -> list[str]:
    """Everything an error exposes, as text."""
    out: list[str] = []
    seen: set[int] = set()

    def walk(obj: object, depth: int) -> None:
        if obj is None or id(obj) in seen or depth > 8:
            return
        seen.add(id(obj))
        if isinstance(obj, Secret):
            out.append(repr(obj))  # the carrier built to be reachable: its repr must be masked
            return
        if isinstance(obj, (str, int, float, bool)):
            out.append(str(obj))
            return
        if isinstance(obj, (bytes, bytearray)):
            out.append(bytes(obj).decode("latin-1"))
            return
        if isinstance(obj, BaseException):
            rendered = traceback.TracebackException(type(obj), obj, obj.__traceback__, capture_locals=True)
            out.append("".join(_without_our_frames(rendered).format()))
            out.extend((str(obj), repr(obj)))
            walk(obj.__cause__, depth + 1)
            walk(obj.__context__, depth + 1)
            walk(obj.args, depth + 1)
        with contextlib.suppress(Exception):  # a broken repr shows nothing
            out.append(repr(obj))
        if isinstance(obj, dict):
            for key, value in obj.items():
                walk(key, depth + 1)
                walk(value, depth + 1)
        elif isinstance(obj, (list, tuple, set, frozenset)):
            for item in obj:
                walk(item, depth + 1)
        attrs: dict[str, Any] = dict(getattr(obj, "__dict__", {}))
        for cls in type(obj).__mro__:
            for name in getattr(cls, "__slots__", ()):
                if hasattr(obj, name):
                    attrs[name] = getattr(obj, name)
        for value in attrs.values():
            walk(value, depth + 1)

    walk(root, 0)
    return out


def _without_our_frames(rendered: traceback.TracebackException) -> traceback.TracebackException:
    """The rendering minus this test module's frames: the caller's own locals (here: the session the
    test holds) are the caller's business; every frame of the SDK, httpx and the stdlib is kept."""
    seen: set[int] = set()
    current: traceback.TracebackException | None = rendered
    pending = [rendered]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        current.stack = traceback.StackSummary.from_list([f for f in current.stack if f.filename != __file__])
        pending.extend(te for te in (current.__cause__, current.__context__) if te is not None)
    return rendered


def _attempt(fn: Callable[[], object]) -> CtpError:
    try:
        fn()
    except CtpError as err:
        return err
    raise AssertionError("expected a CtpError")


def _assert_clean(err: BaseException, secrets: list[str]) -> None:
    text = "\n".join(_texts(err))
    for secret in secrets:
        assert secret not in text, f"{type(err).__name__} exposes a secret"


def _secrets(server: FaultServer) -> list[str]:
    return [CLIENT_SECRET, BASIC, PASSWORD, NEW_PASSWORD, RESET_TOKEN, *server.tokens_issued, *server.refresh_tokens]


FAULTS: dict[str, Callable[[FaultServer], None]] = {
    "password flow reset before body": lambda s: s.auth.push(
        Reset(after_body=False), when=lambda r: "customers/token" in r.path
    ),
    "password flow reset after body": lambda s: s.auth.push(
        Reset(after_body=True), when=lambda r: "customers/token" in r.path
    ),
    "password flow 500 echoing the form": lambda s: s.auth.push(
        Reply(500, {"error": "server_error", "error_description": f"failed on password={PASSWORD}"}),
        when=lambda r: "customers/token" in r.path,
    ),
    "password flow 401 echoing the Basic header": lambda s: s.auth.push(
        Reply(401, {"error": "invalid_client", "error_description": f"bad Authorization: Basic {BASIC}"}),
        when=lambda r: "customers/token" in r.path,
    ),
    "anonymous flow unreachable": lambda s: s.auth.push(
        *[Reset(after_body=False)] * 4, when=lambda r: "anonymous" in r.path
    ),
    "login 400 InvalidCredentials": lambda s: s.api.push(
        error(400, "InvalidCredentials", "Account with the given credentials not found.")
    ),
    "login reset after body": lambda s: s.api.push(Reset(after_body=True)),
    "login 500 echoing the body": lambda s: s.api.push(error(500, "General", f"boom {PASSWORD}")),
    "login 400 echoing the body, unparsable": lambda s: s.api.push(Reply(400, {"message": f"bad {PASSWORD}"})),
    # An echo past the first 64 KiB kept in `err.body` must still be masked in the parsed document.
    "login 400 echoing the password past 64 KiB": lambda s: s.api.push(
        error(400, "InvalidInput", "x" * 70_000 + f" password {PASSWORD}")
    ),
    "login 400 echoing the password deep in errors[]": lambda s: s.api.push(
        error(400, "InvalidInput", "y" * 70_000, echo={PASSWORD: [PASSWORD]})
    ),
    "login malformed 200": lambda s: s.api.push(Reply(200, f'{{"customer": {{"password": "{PASSWORD}"'.encode())),
    "login stalls past the deadline": lambda s: s.api.push(Stall()),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_errors_of_a_sign_in_session_under_faults_expose_no_secret(
    fault: str, server: FaultServer, make_client: ClientFactory
) -> None:
    ctp, _ = make_client(server.url, deadline=2.0, max_retries=1)
    session: dict[str, Any] = {}
    FAULTS[fault](server)
    err = _attempt(lambda: ctp.sign_in_customer(session, email="shopper@example.test", password=PASSWORD))
    server.release.set()
    _assert_clean(err, _secrets(server))


def test_errors_after_sign_in_expose_no_token(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, _ = make_client(server.url, max_retries=0)
    session: dict[str, Any] = {}
    ctp.sign_in_customer(session, email="shopper@example.test", password=PASSWORD)
    me = ctp.customer_api_root(session)
    server.api.push(Reset(after_body=True))
    errors = [_attempt(lambda: me.categories().with_id("c1").get().execute())]
    server.revoke_tokens()
    server.auth.push(error(400, "invalid_grant", "refresh token rejected"))
    errors.append(_attempt(lambda: me.categories().with_id("c1").get().execute()))
    server.api.push(Reply(500, {"message": "no"}))
    errors.append(_attempt(lambda: ctp.integration_api_root().categories().with_id("c1").get().execute()))
    assert len(server.refresh_tokens) >= 1
    for err in errors:
        _assert_clean(err, _secrets(server))


def test_built_requests_show_no_password_or_token_in_repr(server: FaultServer, make_client: ClientFactory) -> None:
    ctp, _ = make_client(server.url)
    api = ctp.integration_api_root()
    built = [
        api.customers()
        .password()
        .post(CustomerChangePassword(id="c1", version=1, current_password=PASSWORD, new_password=NEW_PASSWORD)),
        api.customers()
        .password_reset()
        .post(CustomerResetPassword(token_value=RESET_TOKEN, new_password=NEW_PASSWORD)),
        api.customers().with_password_token(RESET_TOKEN).get(),
        api.me().login().post(MyCustomerSignin(email="a@b.test", password=PASSWORD)),
    ]
    for call in built:
        request = call.build()
        for shown in (repr(request), str(request), repr(call)):
            for secret in (PASSWORD, NEW_PASSWORD, RESET_TOKEN):
                assert secret not in shown
        assert request.operation.id in repr(request)


def test_secret_masks_itself_everywhere() -> None:
    secret = Secret(CLIENT_SECRET)
    for shown in (repr(secret), str(secret), f"{secret}", f"{secret!r}", f"{secret:>40}", str([secret])):
        assert CLIENT_SECRET not in shown
    assert secret.reveal() == CLIENT_SECRET and secret == Secret(CLIENT_SECRET) and secret != Secret("other")
    import pickle

    assert pickle.loads(pickle.dumps(secret)) == secret  # a config can travel to a worker process


def test_renewal_debug_log_masks_a_password_token_path(
    server: FaultServer, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="ctp_auth")
    ctp, _ = make_client(server.url)
    api = ctp.integration_api_root()
    ctp.get_integration_token()
    server.revoke_tokens()  # the next call gets 401 invalid_token and renews
    api.customers().with_password_token(RESET_TOKEN).get().execute()
    lines = [r.getMessage() for r in caplog.records if r.name == "ctp_auth"]
    assert any("renewing once" in line and "password-token=***" in line for line in lines)
    assert all(RESET_TOKEN not in line for line in lines)
