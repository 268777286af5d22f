"""A scripted commercetools double for CtpClient unit tests (auth and API host on one MockTransport)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import httpx

from ctp_sdk import ClientConfig, CtpClient

SECRET = "client-secret-" + "z" * 20
AUTH = "https://auth.example.test"
API = "https://api.example.test"
PROJECT = "proj"

Handler = Callable[[httpx.Request], httpx.Response]


def category(cid: str = "c1", version: int = 1, key: str = "shoes") -> dict[str, Any]:
    return {
        "id": cid,
        "version": version,
        "key": key,
        "createdAt": "2024-01-01T00:00:00.000Z",
        "lastModifiedAt": "2024-01-01T00:00:00.000Z",
        "name": {"en": "Shoes"},
        "slug": {"en": "shoes"},
        "ancestors": [],
        "orderHint": "0.1",
    }


def error(status: int, code: str, message: str = "failed", **extra: Any) -> httpx.Response:
    return httpx.Response(
        status, json={"statusCode": status, "message": message, "errors": [{"code": code, "message": message, **extra}]}
    )


class FakeCommercetools:
    """Answers token requests itself and API requests with `api_handler`; records both."""

    def __init__(self, api_handler: Handler | None = None) -> None:
        self.api_handler = api_handler or (lambda request: httpx.Response(200, json=category()))
        self.auth_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []
        self._lock = threading.Lock()
        self._issued = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth.example.test":
            with self._lock:
                self.auth_requests.append(request)
                self._issued += 1
                n = self._issued
            form = dict(httpx.QueryParams(request.content.decode()))
            body: dict[str, Any] = {"access_token": f"access-token-{n:04d}-secret", "expires_in": 172800}
            if request.url.path.endswith("/anonymous/token"):
                body["scope"] = f"manage_my_orders:{PROJECT} anonymous_id:anon-{n}"
                body["refresh_token"] = f"refresh-token-{n:04d}-secret"
            elif form.get("grant_type") == "password":
                if form.get("password") != "right-password":
                    return httpx.Response(
                        400, json={"error": "invalid_customer_account_credentials", "error_description": "nope"}
                    )
                body["scope"] = f"manage_my_orders:{PROJECT} customer_id:cust-1"
                body["refresh_token"] = f"refresh-token-{n:04d}-secret"
            else:
                body["scope"] = f"view_categories:{PROJECT}"
            return httpx.Response(200, json=body)
        with self._lock:
            self.api_requests.append(request)
        return self.api_handler(request)

    def client(self, **config: Any) -> CtpClient:
        settings: dict[str, Any] = {
            "project_key": PROJECT,
            "client_id": "client-id",
            "client_secret": SECRET,
            "auth_url": AUTH,
            "api_url": API,
            **config,
        }
        # Retries must not make unit tests wait.
        return CtpClient(ClientConfig(**settings), transport=httpx.MockTransport(self), sleep=lambda seconds: None)


def json_body(request: httpx.Request) -> Any:
    return json.loads(request.content)
