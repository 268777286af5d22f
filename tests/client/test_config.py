"""ClientConfig and CtpClient.from_env: required settings named when missing, the secret never shown."""

from __future__ import annotations

import httpx
import pytest

from ctp_sdk import ClientConfig, ConfigError, CtpClient, CtpError

ENV = {
    "CTP_PROJECT_KEY": "proj",
    "CTP_CLIENT_ID": "client-id",
    "CTP_CLIENT_SECRET": "the-client-secret-value",
    "CTP_AUTH_URL": "https://auth.europe-west1.gcp.commercetools.com/",
    "CTP_API_URL": "https://api.europe-west1.gcp.commercetools.com",
}


def test_from_env_reads_every_variable_and_splits_scopes() -> None:
    config = ClientConfig.from_env({**ENV, "CTP_SCOPES": "view_products:proj manage_orders:proj,view_customers:proj"})
    assert config.project_key == "proj"
    assert config.auth_url == "https://auth.europe-west1.gcp.commercetools.com"  # trailing slash dropped
    assert config.scopes == ("view_products:proj", "manage_orders:proj", "view_customers:proj")
    assert ClientConfig.from_env(ENV).scopes is None  # the integration defaults


def test_from_env_names_every_missing_variable_and_no_value() -> None:
    env = {k: v for k, v in ENV.items() if k not in ("CTP_CLIENT_SECRET", "CTP_API_URL")}
    with pytest.raises(ConfigError) as caught:
        CtpClient.from_env({**env, "CTP_CLIENT_ID": "  "})
    message = str(caught.value)
    assert "CTP_CLIENT_ID" in message and "CTP_CLIENT_SECRET" in message and "CTP_API_URL" in message
    assert "CTP_PROJECT_KEY" not in message
    assert isinstance(caught.value, CtpError) and isinstance(caught.value, ValueError)


def test_secret_is_in_no_repr_or_str() -> None:
    config = ClientConfig.from_env(ENV)
    client = CtpClient(config, transport=httpx.MockTransport(lambda r: httpx.Response(500)))
    with client:
        for text in (repr(config), str(config), repr(client), str(client)):
            assert "the-c" not in text  # not even a prefix of the secret


@pytest.mark.parametrize(
    "field,value",
    [("project_key", ""), ("client_secret", " "), ("api_url", "api.example.com"), ("auth_url", "ftp://x")],
)
def test_invalid_settings_are_rejected_by_name(field: str, value: str) -> None:
    settings = {
        "project_key": "p",
        "client_id": "i",
        "client_secret": "s" * 20,
        "auth_url": "https://auth.test",
        "api_url": "https://api.test",
    }
    with pytest.raises(ConfigError, match=field):
        ClientConfig(**{**settings, field: value})


def test_scopes_must_not_be_one_string() -> None:
    with pytest.raises(ConfigError, match="scopes"):
        ClientConfig(
            project_key="p",
            client_id="i",
            client_secret="s" * 20,
            auth_url="https://a.test",
            api_url="https://b.test",
            scopes="view_products:p",  # type: ignore[arg-type]
        )


def test_timeout_accepts_seconds() -> None:
    config = ClientConfig(
        project_key="p",
        client_id="i",
        client_secret="s" * 20,
        auth_url="https://a.test",
        api_url="https://b.test",
        timeout=5,
    )
    assert config.timeout == httpx.Timeout(5)
