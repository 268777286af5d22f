"""Import, History and Checkout roots on the same CtpClient: one integration token, one transport, each
root sending only to its own host."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fakes import PROJECT, SECRET, FakeCommercetools, error

from ctp_sdk import ClientConfig, ConfigError, NotFoundError

CONTAINER = {
    "key": "bulk",
    "version": 1,
    "createdAt": "2024-01-01T00:00:00.000Z",
    "lastModifiedAt": "2024-01-01T00:00:00.000Z",
}


def _settings(**extra: Any) -> dict[str, Any]:
    return {
        "project_key": PROJECT,
        "client_id": "client-id",
        "client_secret": SECRET,
        "auth_url": "https://auth.us-central1.gcp.commercetools.com",
        "api_url": "https://api.us-central1.gcp.commercetools.com",
        **extra,
    }


def test_hosts_follow_the_api_hosts_region_and_can_be_overridden() -> None:
    config = ClientConfig(**_settings())
    assert config.import_url == "https://import.us-central1.gcp.commercetools.com"
    assert config.history_url == "https://history.us-central1.gcp.commercetools.com"
    assert config.checkout_url == "https://checkout.us-central1.gcp.commercetools.com"
    config = ClientConfig(**_settings(import_url="https://import.example.test/"))
    assert config.import_url == "https://import.example.test"
    env = {
        "CTP_PROJECT_KEY": PROJECT,
        "CTP_CLIENT_ID": "id",
        "CTP_CLIENT_SECRET": SECRET,
        "CTP_AUTH_URL": "https://auth.eu-central-1.aws.commercetools.com",
        "CTP_API_URL": "https://api.eu-central-1.aws.commercetools.com",
        "CTP_HISTORY_URL": "https://audit.example.test",
    }
    config = ClientConfig.from_env(env)
    assert config.history_url == "https://audit.example.test"
    assert config.import_url == "https://import.eu-central-1.aws.commercetools.com"


@pytest.mark.parametrize("name", ["import_url", "history_url", "checkout_url"])
def test_api_urls_are_validated_like_the_api_url(name: str) -> None:
    with pytest.raises(ConfigError, match=f"ClientConfig.{name} must use https://"):
        ClientConfig(**_settings(**{name: "http://import.example.test"}))
    ClientConfig(**_settings(**{name: "http://127.0.0.1:8080"}))  # loopback: a local test server
    with pytest.raises(ConfigError, match=name):
        ClientConfig(**_settings(**{name: " "}))


def test_roots_share_the_integration_token_and_send_to_their_own_hosts() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.host}{request.url.path}")
        assert request.headers["Authorization"] == "Bearer access-token-0001-secret"
        if request.url.host == "import.example.test":
            return httpx.Response(200, json=CONTAINER)
        if request.url.host == "history.example.test":
            return httpx.Response(200, json={"limit": 20, "offset": 0, "count": 0, "total": 0, "results": []})
        return error(404, "ResourceNotFound", "no application")

    fake = FakeCommercetools(handler)
    with fake.client(
        import_url="https://import.example.test",
        history_url="https://history.example.test",
        checkout_url="https://checkout.example.test",
    ) as ctp:
        container = ctp.import_api_root().import_containers().with_import_container_key_value("bulk").get().execute()
        assert container.body.key == "bulk" and type(container.body).__name__ == "ImportContainer"
        records = ctp.history_api_root().with_resource_type_value("categories").get(limit=20).execute().body
        assert records.total == 0 and records.results == []
        with pytest.raises(NotFoundError) as caught:
            ctp.checkout_api_root().applications().with_key("web").get().execute()
        assert caught.value.status_code == 404
    assert len(fake.auth_requests) == 1  # one token for all four APIs
    assert seen == [
        "GET import.example.test/proj/import-containers/bulk",
        "GET history.example.test/proj/categories",
        "GET checkout.example.test/proj/applications/key=web",
    ]


def test_retries_apply_to_the_other_apis() -> None:
    busy = httpx.Response(503, json={"statusCode": 503, "message": "busy"})
    answers = iter([busy, httpx.Response(200, json=CONTAINER)])
    fake = FakeCommercetools(lambda request: next(answers))
    with fake.client(import_url="https://import.example.test") as ctp:
        got = ctp.import_api_root().import_containers().with_import_container_key_value("bulk").get().execute()
    assert got.body.key == "bulk" and len(fake.api_requests) == 2


def test_each_root_refuses_every_host_but_its_own() -> None:
    fake = FakeCommercetools()
    with fake.client(import_url="https://import.example.test") as ctp:
        transport = ctp._transport.for_host("https://import.example.test")
        assert transport._api_origin_key == ("https", b"import.example.test", None)
        assert ctp._transport._api_origin_key == ("https", b"api.example.test", None)
