"""`python -m ctp_sdk.testing serve`: the banner alone is enough to point `CtpClient.from_env()` at it."""

from __future__ import annotations

import shlex
import subprocess
import sys

from ctp_sdk import ClientConfig, CtpClient
from ctp_sdk.models import CategoryDraft, MyCartDraft
from ctp_sdk.testing._backend import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_SCOPES


def _banner_env(lines: list[str]) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in lines:
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").partition("=")
            env[name] = shlex.split(value)[0]
    return env


def test_banner_variables_configure_a_working_client() -> None:
    command = [sys.executable, "-m", "ctp_sdk.testing", "serve", "--port", "0", "--project-key", "banner"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline().rstrip("\n") for _ in range(7)]
            assert all(line.startswith("export CTP_") for line in lines[1:6]), lines
            assert (
                lines[6]
                == "# the API client's scopes: CTP_SCOPES='manage_project:banner create_anonymous_token:banner'"
            )
            env = _banner_env(lines)
            assert sorted(env) == sorted(
                ["CTP_PROJECT_KEY", "CTP_CLIENT_ID", "CTP_CLIENT_SECRET", "CTP_AUTH_URL", "CTP_API_URL"]
            )
            assert env["CTP_CLIENT_ID"] == DEFAULT_CLIENT_ID and env["CTP_CLIENT_SECRET"] == DEFAULT_CLIENT_SECRET
            # Nothing but the banner's variables: ClientConfig.from_env raised ConfigError before.
            with CtpClient(ClientConfig.from_env(env)) as ctp:
                api = ctp.integration_api_root()
                draft = CategoryDraft(name={"en": "Banner"}, slug={"en": "banner"}, key="banner")
                assert api.categories().post(body=draft).execute().body.key == "banner"
                me = ctp.customer_api_root({}).me()
                assert me.carts().post(body=MyCartDraft(currency="EUR")).execute().body.anonymous_id
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_help_shows_every_default() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ctp_sdk.testing", "serve", "--help"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(out.split())  # argparse wraps long lines
    defaults = ("8989", "test-project", DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, " ".join(DEFAULT_SCOPES))
    for default in defaults:
        assert f"(default: {default})" in text, (default, out)
