"""Shared helpers of the ctp_sdk.testing tests: `Target`, one backend seen through the same client
code whether it is the fake (in-process transport) or the peer server. (Not in conftest.py: every test
directory has a `conftest` module, so importing from it is ambiguous when all tests run together.)"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from ctp_auth import (
    AuthClient,
    BearerAuth,
    CustomerBearerAuth,
    CustomerTokenProvider,
    IntegrationTokenProvider,
)
from ctp_sdk.testing import Backend

CLIENT_ID = "fidelity-client"
CLIENT_SECRET = "fidelity-secret-" + "s" * 16


@dataclass
class Target:
    """A commercetools-like server and ready-made clients for it."""

    name: str
    project: str
    base_url: str
    auth_url: str
    transport: httpx.BaseTransport | None
    backend: Backend | None = None
    _closing: list[httpx.Client] = field(default_factory=list)

    def http(self, **kwargs: Any) -> httpx.Client:
        client = httpx.Client(transport=self.transport, timeout=10, **kwargs)
        self._closing.append(client)
        return client

    def auth_client(self) -> AuthClient:
        return AuthClient(self.auth_url, CLIENT_ID, CLIENT_SECRET, http=self.http())

    def integration(self) -> httpx.Client:
        provider = IntegrationTokenProvider(self.auth_client(), self.project, scopes=[f"manage_project:{self.project}"])
        return self.http(base_url=self.base_url, auth=BearerAuth(provider))

    def shopper(
        self, session: dict[str, Any] | None = None
    ) -> tuple[httpx.Client, CustomerTokenProvider, dict[str, Any]]:
        """A client acting as a shopper whose tokens live in `session` (a guest until sign-in)."""
        session = {} if session is None else session
        provider = CustomerTokenProvider(self.auth_client(), self.project)
        client = self.http(base_url=self.base_url, auth=CustomerBearerAuth(provider, session))
        return client, provider, session

    def close(self) -> None:
        for client in self._closing:
            client.close()


def unique(prefix: str) -> str:
    """A key/email part no other test on a shared (peer) server uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def run_workflow(
    workflows: dict[str, Any], peer_defects: dict[str, str], name: str, target: Target, request: Any
) -> None:
    """Run workflow `name` on `target`; on the peer, a listed peer defect is a strict xfail naming it."""
    if target.name == "peer" and name in peer_defects:
        import pytest

        request.applymarker(pytest.mark.xfail(reason=peer_defects[name], strict=True))
    workflows[name](target)
