"""CtpClient over httpx.MockTransport: one pool for auth and API, headers, errors, logging, threads."""

from __future__ import annotations

import logging
import re
import threading

import httpx
import pytest
from fakes import API, PROJECT, SECRET, FakeCommercetools, category, error, json_body

from ctp_sdk import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    BadRequestError,
    ConcurrentModificationError,
    CtpError,
    ForbiddenError,
    NotFoundError,
    ServerError,
    TooManyRequestsError,
    UnauthorizedError,
    __version__,
)
from ctp_sdk.models import Category, CategoryDraft, CategoryUpdate


def test_get_by_id_returns_the_typed_body_and_response_metadata() -> None:
    fake = FakeCommercetools(lambda r: httpx.Response(200, json=category(), headers={"X-Correlation-ID": "from-api"}))
    with fake.client() as ctp:
        response = ctp.integration_api_root().categories().with_id("c1").get(expand=["parent"]).execute()
    assert isinstance(response.body, Category)
    assert response.body.name == {"en": "Shoes"}
    assert response.status_code == 200
    assert response.correlation_id == "from-api"
    assert response.headers["X-Correlation-ID"] == "from-api"
    sent = fake.api_requests[0]
    assert str(sent.url) == f"{API}/{PROJECT}/categories/c1?expand=parent"
    # The token came from the auth host, over the same injected transport.
    assert [r.url.path for r in fake.auth_requests] == ["/oauth/token"]
    assert sent.headers["Authorization"] == "Bearer access-token-0001-secret"


def test_every_request_carries_user_agent_and_a_fresh_correlation_id() -> None:
    fake = FakeCommercetools()
    with fake.client() as ctp:
        api = ctp.integration_api_root()
        first = api.categories().with_id("c1").get().execute()
        second = api.categories().with_id("c1").get().execute()
        given = api.categories().with_id("c1").get(headers={"x-correlation-id": "mine/1"}).execute()
    ua = fake.api_requests[0].headers["User-Agent"]
    assert re.fullmatch(rf"ctp-sdk-python/{re.escape(__version__)} python/3\.\d+\.\d+\S* commercetools-api/\S+", ua)
    assert fake.auth_requests[0].headers["User-Agent"] == ua
    ids = [r.headers["X-Correlation-ID"] for r in fake.api_requests]
    assert ids[0] != ids[1] and ids[2] == "mine/1"
    assert (first.correlation_id, second.correlation_id, given.correlation_id) == tuple(ids)


def test_create_update_delete_send_typed_bodies() -> None:
    seen: list[httpx.Request] = []

    def api(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status = 201 if request.method == "POST" and request.url.path.endswith("/categories") else 200
        return httpx.Response(status, json=category(version=2))

    fake = FakeCommercetools(api)
    draft = CategoryDraft(name={"en": "Shoes"}, slug={"en": "shoes"}, key="shoes")
    with fake.client() as ctp:
        categories = ctp.integration_api_root().categories()
        created = categories.post(body=draft).execute()
        update = CategoryUpdate(version=1, actions=[])
        categories.with_id("c1").post(body=update).execute()
        categories.with_key("shoes").delete(version=2).execute()
    assert created.status_code == 201
    assert json_body(seen[0]) == {"name": {"en": "Shoes"}, "slug": {"en": "shoes"}, "key": "shoes"}
    assert json_body(seen[1]) == {"version": 1, "actions": []}
    assert (seen[2].method, str(seen[2].url)) == ("DELETE", f"{API}/{PROJECT}/categories/key=shoes?version=2")


@pytest.mark.parametrize(
    "status,code,cls",
    [
        (400, "InvalidInput", BadRequestError),
        (401, "insufficient_scope", UnauthorizedError),
        (403, "insufficient_scope", ForbiddenError),
        (404, "ResourceNotFound", NotFoundError),
        (429, "TooManyRequests", TooManyRequestsError),
        (502, "BadGateway", ServerError),
        (418, "Teapot", ApiError),
    ],
)
def test_non_2xx_raises_the_class_for_its_status(status: int, code: str, cls: type[ApiError]) -> None:
    fake = FakeCommercetools(lambda r: error(status, code, "it failed"))
    with fake.client() as ctp, pytest.raises(cls) as caught:
        ctp.integration_api_root().categories().with_id("c1").get().execute()
    err = caught.value
    assert type(err) is cls
    assert isinstance(err, CtpError)
    assert (err.status_code, err.codes, err.message) == (status, [code], "it failed")
    assert err.operation == "ByProjectKeyCategoriesByIDGet"
    assert err.correlation_id == fake.api_requests[-1].headers["X-Correlation-ID"]
    assert err.correlation_id in str(err)


def test_conflict_carries_the_current_version() -> None:
    fake = FakeCommercetools(lambda r: error(409, "ConcurrentModification", "version mismatch", currentVersion=7))
    with fake.client() as ctp, pytest.raises(ConcurrentModificationError) as caught:
        ctp.integration_api_root().categories().with_id("c1").post(CategoryUpdate(version=1, actions=[])).execute()
    assert caught.value.current_version == 7


def test_head_404_is_not_found_and_head_200_has_no_body() -> None:
    fake = FakeCommercetools(lambda r: httpx.Response(404 if "missing" in r.url.path else 200))
    with fake.client() as ctp:
        node = ctp.integration_api_root().categories()
        assert node.with_key("shoes").head().execute().body is None
        with pytest.raises(NotFoundError):
            node.with_key("missing").head().execute()


def test_transport_failures_are_ctp_errors_with_the_cause() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    for handler, cls in ((refuse, ApiConnectionError), (slow, ApiTimeoutError)):
        with FakeCommercetools(handler).client() as ctp, pytest.raises(cls) as caught:
            ctp.integration_api_root().categories().get().execute()
        assert isinstance(caught.value.__cause__, httpx.TransportError)
        assert caught.value.operation == "ByProjectKeyCategoriesGet"
        assert caught.value.correlation_id


def test_invalid_token_is_renewed_once_and_the_request_resent() -> None:
    calls: list[str] = []

    def api(request: httpx.Request) -> httpx.Response:
        calls.append(request.headers["Authorization"])
        if len(calls) == 1:
            return error(401, "invalid_token", "expired")
        return httpx.Response(200, json=category())

    fake = FakeCommercetools(api)
    with fake.client() as ctp:
        assert ctp.integration_api_root().categories().with_id("c1").get().execute().status_code == 200
    assert calls == ["Bearer access-token-0001-secret", "Bearer access-token-0002-secret"]


def test_threads_share_one_pool_and_one_token() -> None:
    fake = FakeCommercetools()
    errors: list[BaseException] = []
    with fake.client() as ctp:
        api = ctp.integration_api_root()
        barrier = threading.Barrier(16)

        def work() -> None:
            try:
                barrier.wait()
                for _ in range(5):
                    api.categories().with_id("c1").get().execute()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert len(fake.api_requests) == 80
    assert len(fake.auth_requests) == 1  # single flight
    assert len({r.headers["X-Correlation-ID"] for r in fake.api_requests}) == 80


def test_close_and_context_manager() -> None:
    fake = FakeCommercetools()
    ctp = fake.client()
    api = ctp.integration_api_root()
    ctp.close()
    with pytest.raises(RuntimeError):
        api.categories().get().execute()


def test_debug_logs_name_the_operation_but_hold_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeCommercetools(lambda r: error(404, "ResourceNotFound"))
    caplog.set_level(logging.DEBUG)
    with fake.client() as ctp:
        api = ctp.integration_api_root()
        with pytest.raises(NotFoundError):
            api.customers().with_password_token("pw-token-very-secret").get(expand=["x"]).execute()
    # Our loggers only: httpx itself logs full URLs at INFO (see the README's logging section).
    ours = [r for r in caplog.records if r.name in ("ctp_sdk", "ctp_auth")]
    text = "\n".join(r.getMessage() for r in ours)
    assert any("ByProjectKeyCustomersPasswordTokenByPasswordTokenGet" in r.getMessage() for r in ours)
    assert any("-> 404" in r.getMessage() for r in ours)
    for secret in (SECRET, "access-token-0001-secret", "pw-token-very-secret", "client-secret"):
        assert secret not in text


def test_integration_token_is_cached() -> None:
    fake = FakeCommercetools()
    with fake.client() as ctp:
        assert ctp.get_integration_token() == ctp.get_integration_token() == "access-token-0001-secret"
    assert len(fake.auth_requests) == 1
