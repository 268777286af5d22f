"""The loopback HTTP server and the `python -m ctp_sdk.testing serve` command."""

from __future__ import annotations

import subprocess
import sys

import httpx

from ctp_auth import AuthClient, BearerAuth, IntegrationTokenProvider
from ctp_sdk.testing import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Backend


def test_server_answers_auth_and_api_on_loopback() -> None:
    backend = Backend("srv")
    with backend.serve(port=0) as server:
        assert server.url.startswith("http://127.0.0.1:")
        with AuthClient(server.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET) as auth:
            provider = IntegrationTokenProvider(auth, "srv", scopes=["manage_project:srv"])
            with httpx.Client(base_url=server.url, auth=BearerAuth(provider), timeout=5) as api:
                created = api.post("/srv/categories", json={"name": {"en": "a"}, "slug": {"en": "a"}})
                assert created.status_code == 201
                assert api.get(f"/srv/categories/{created.json()['id']}").json()["slug"] == {"en": "a"}
                assert api.head(f"/srv/categories/{created.json()['id']}").status_code == 200
                assert api.get("/srv/categories/nope").status_code == 404
    assert backend.store.counts() == {"category": 1}


def test_cli_serve_prints_its_address_and_serves() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "ctp_sdk.testing", "serve", "--port", "0", "--project-key", "cli"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "http://127.0.0.1:" in line, line
        assert DEFAULT_CLIENT_SECRET not in line
        url = line.split(" on ")[1].split()[0]
        token = httpx.post(
            f"{url}/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
            timeout=5,
        )
        assert token.status_code == 200
        project = httpx.get(
            f"{url}/cli", headers={"Authorization": f"Bearer {token.json()['access_token']}"}, timeout=5
        )
        assert project.json()["key"] == "cli"
    finally:
        process.terminate()
        process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
