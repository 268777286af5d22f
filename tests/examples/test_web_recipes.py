"""The Flask, Django and FastAPI recipes (examples/web/) through real HTTP requests on each framework's own
test client: a guest fills a cart, signs in (the cart is kept), orders. The apps reach the embedded backend
(`ctp_sdk.testing.Backend`) served on 127.0.0.1 through the CTP_* variables, exactly as in production.

Each flow also proves: the session cookie holds only an id (the tokens are in the server-side store, not in
anything the browser can read), the session id changes on sign-in, two shoppers never share a cart, and
every request of the worker process used one CtpClient.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest
from ctp_auth import session_key_for

from ctp_sdk.models import (
    CustomerDraft,
    Money,
    PriceDraft,
    ProductDraft,
    ProductTypeDraft,
    ProductTypeResourceIdentifier,
    ProductVariantDraft,
)
from ctp_sdk.testing import Backend

WEB = Path(__file__).resolve().parents[2] / "examples" / "web"
SKU, EMAIL, PASSWORD = "RUN-1", "shopper@example.com", "Run-Fast-1"


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any


class Shopper(Protocol):
    """One browser on one framework's test client."""

    def get(self, path: str) -> Reply: ...
    def post(self, path: str, body: dict[str, Any] | None = None) -> Reply: ...
    def session_cookie(self) -> str: ...
    def stored_session(self) -> dict[str, Any]:
        """What the server-side store holds for this browser's session cookie."""
        ...


@pytest.fixture(scope="module")
def backend() -> Iterator[Backend]:
    """A served fake project with one product and one customer; CTP_* point at it for the module."""
    pytest.importorskip("flask", reason="the web recipes need the test extra (flask, django, fastapi)")
    backend = Backend("web-shop")
    with backend.ctp_client() as ctp:
        api = ctp.integration_api_root()
        product_type = api.product_types().post(ProductTypeDraft(name="shoe", description="Shoes")).execute().body
        price = PriceDraft(value=Money(currency_code="EUR", cent_amount=8900))
        product = ProductDraft(
            product_type=ProductTypeResourceIdentifier(id=product_type.id),
            name={"en": "Runner"},
            slug={"en": "runner"},
            master_variant=ProductVariantDraft(sku=SKU, prices=[price]),
            publish=True,
        )
        api.products().post(product).execute()
        api.customers().post(CustomerDraft(email=EMAIL, password=PASSWORD)).execute()
    with backend.serve(port=0) as server, pytest.MonkeyPatch.context() as env:
        for name, value in {
            "CTP_PROJECT_KEY": backend.project_key,
            "CTP_CLIENT_ID": backend.client.client_id,
            "CTP_CLIENT_SECRET": backend.client.client_secret,
            "CTP_AUTH_URL": server.url,
            "CTP_API_URL": server.url,
            "CTP_SCOPES": f"manage_project:{backend.project_key}",
        }.items():
            env.setenv(name, value)
        env.syspath_prepend(str(WEB))
        yield backend


# -- Flask ---------------------------------------------------------------------------------------------


class FlaskShopper:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.client = app.test_client()

    def _reply(self, response: Any) -> Reply:
        return Reply(response.status_code, response.get_json(silent=True))

    def get(self, path: str) -> Reply:
        return self._reply(self.client.get(path, base_url="https://localhost"))

    def post(self, path: str, body: dict[str, Any] | None = None) -> Reply:
        return self._reply(self.client.post(path, json=body or {}, base_url="https://localhost"))

    def session_cookie(self) -> str:
        cookie = self.client.get_cookie("session", domain="localhost")
        return cookie.value if cookie is not None else ""

    def stored_session(self) -> dict[str, Any]:
        interface = self.app.session_interface
        # Session files hold tokens: readable by the app's user only.
        assert {oct(f.stat().st_mode & 0o777) for f in Path(interface.cache._path).iterdir()} == {"0o600"}
        data = interface._retrieve_session_data(interface._get_store_id(self.session_cookie()))
        return dict(data or {})  # an emptied session is deleted from the store


@pytest.fixture(scope="module")
def flask_app(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from flask_shop import create_app

    app = create_app(session_dir=tmp_path_factory.mktemp("flask-sessions"), SECRET_KEY="test-only-signing-key")
    yield app
    app.extensions["ctp"].close()


# -- Django --------------------------------------------------------------------------------------------


class DjangoShopper:
    def __init__(self) -> None:
        from django.test import Client

        self.client = Client()

    def _reply(self, response: Any) -> Reply:
        body = json.loads(response.content) if response.content else None
        return Reply(response.status_code, body)

    def get(self, path: str) -> Reply:
        return self._reply(self.client.get(path, secure=True))

    def post(self, path: str, body: dict[str, Any] | None = None) -> Reply:
        return self._reply(
            self.client.post(path, data=json.dumps(body or {}), content_type="application/json", secure=True)
        )

    def session_cookie(self) -> str:
        from django.conf import settings

        cookie = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        return cookie.value if cookie is not None else ""

    def stored_session(self) -> dict[str, Any]:
        from django.contrib.sessions.backends.db import SessionStore

        return dict(SessionStore(session_key=self.session_cookie()).load())


@pytest.fixture(scope="module")
def django_app(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    pytest.importorskip("django")
    settings = {
        "DJANGO_SETTINGS_MODULE": "django_shop.settings",
        "DJANGO_SECRET_KEY": "test-only-signing-key",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SHOP_DB": str(tmp_path_factory.mktemp("django") / "shop.sqlite3"),
    }
    # Set for this module only: a DJANGO_SETTINGS_MODULE left behind makes later processes (Celery
    # workers in the fleet tests) try to set Django up.
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)  # the session table
    from django_shop import views

    yield views
    views.clients.close()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


# -- FastAPI -------------------------------------------------------------------------------------------


class StarletteShopper:
    def __init__(self, app: Any, store: Any) -> None:
        from fastapi.testclient import TestClient

        self.store = store
        self.client = TestClient(app, base_url="https://testserver")

    def _reply(self, response: Any) -> Reply:
        return Reply(response.status_code, response.json() if response.content else None)

    def get(self, path: str) -> Reply:
        return self._reply(self.client.get(path))

    def post(self, path: str, body: dict[str, Any] | None = None) -> Reply:
        return self._reply(self.client.post(path, json=body or {}))

    def session_cookie(self) -> str:
        return self.client.cookies.get("session") or ""

    def stored_session(self) -> dict[str, Any]:
        from starsessions.serializers import JsonSerializer

        raw = self.store.data.get(self.session_cookie())
        return dict(JsonSerializer().deserialize(raw)) if raw else {}


@pytest.fixture(scope="module")
def fastapi_app(backend: Backend) -> Iterator[tuple[Any, Any]]:
    pytest.importorskip("fastapi")
    from fastapi_shop import create_app
    from starsessions import InMemoryStore

    store = InMemoryStore()
    app = create_app(store)
    yield app, store
    app.state.ctp.close()


# -- the flow, the same on every framework -------------------------------------------------------------


def _shoppers(framework: str, request: pytest.FixtureRequest) -> tuple[Shopper, Shopper, Any]:
    """Two browsers on `framework`'s test client, and the app's ClientPerProcess."""
    if framework == "flask":
        app = request.getfixturevalue("flask_app")
        return FlaskShopper(app), FlaskShopper(app), app.extensions["ctp"]
    if framework == "django":
        views = request.getfixturevalue("django_app")
        return DjangoShopper(), DjangoShopper(), views.clients
    app, store = request.getfixturevalue("fastapi_app")
    return StarletteShopper(app, store), StarletteShopper(app, store), app.state.ctp


@pytest.mark.parametrize("framework", ["flask", "django", "fastapi"])
def test_guest_cart_sign_in_order(framework: str, request: pytest.FixtureRequest, backend: Backend) -> None:
    shopper, other, clients = _shoppers(framework, request)
    token_key = session_key_for(backend.project_key, backend.client.client_id)

    assert shopper.get("/cart").status == 404  # a first visit: no cart yet
    added = shopper.post("/cart/items", {"sku": SKU, "quantity": 2})
    assert added.status == 200, added
    guest_cart = added.body
    assert guest_cart["customerId"] is None and guest_cart["anonymousId"]
    assert guest_cart["lineItems"] == [{"sku": SKU, "quantity": 2}] and guest_cart["totalCents"] == 17800

    # The tokens are on the server; the browser holds a session id and nothing that reads as a token.
    cookie = shopper.session_cookie()
    stored = shopper.stored_session()[token_key]
    assert stored["access_token"] and stored["refresh_token"]
    assert stored["access_token"] not in cookie and stored["refresh_token"] not in cookie
    assert len(cookie) < 100

    again = shopper.post("/cart/items", {"sku": SKU, "quantity": 1})
    assert again.body["id"] == guest_cart["id"] and again.body["lineItems"][0]["quantity"] == 3

    # Another browser is another guest with its own (empty) cart.
    assert other.get("/cart").status == 404
    assert other.post("/cart/items", {"sku": SKU}).body["id"] != guest_cart["id"]

    wrong = shopper.post("/sign-in", {"email": EMAIL, "password": "wrong"})
    assert wrong.status == 401
    assert shopper.get("/cart").body["id"] == guest_cart["id"]  # still the guest, cart untouched

    signed_in = shopper.post("/sign-in", {"email": EMAIL, "password": PASSWORD})
    assert signed_in.status == 200, signed_in
    customer_id = signed_in.body["customerId"]
    assert signed_in.body["cart"]["id"] == guest_cart["id"]  # the guest's cart is the customer's now
    assert shopper.session_cookie() != cookie  # a fresh session id on sign-in
    assert shopper.stored_session()[token_key]["kind"] == "customer"

    cart = shopper.get("/cart")
    assert cart.body["customerId"] == customer_id and cart.body["lineItems"] == [{"sku": SKU, "quantity": 3}]

    order = shopper.post("/orders")
    assert order.status == 201, order
    assert order.body["customerId"] == customer_id and order.body["state"] == "Open"
    assert order.body["lineItems"] == [{"sku": SKU, "quantity": 3}] and order.body["totalCents"] == 26700
    assert shopper.get("/cart").status == 404  # ordered: no active cart any more
    assert shopper.post("/orders").status == 404

    assert shopper.post("/sign-out").status == 204
    assert token_key not in shopper.stored_session()

    # Every request of this (single) worker process went through one CtpClient.
    assert clients.get() is clients.get()
    assert clients.created == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (what gunicorn's workers are made with)")
def test_a_forked_worker_never_uses_the_parents_client() -> None:
    """gunicorn --preload forks workers after the app (and maybe a client) exists: each must make its own."""
    sys.path.insert(0, str(WEB))
    try:
        from ctp_per_process import ClientPerProcess
    finally:
        sys.path.remove(str(WEB))
    holder = ClientPerProcess(Backend("fork").ctp_client)
    parent = holder.get()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: report whether it got a new client, then leave without pytest's cleanup
        try:
            child = holder.get()
            os.write(write, b"new" if child is not parent and holder.get() is child else b"inherited")
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read, "rb") as answer:
        assert answer.read() == b"new"
    assert os.waitstatus_to_exitcode(status) == 0
    assert holder.get() is parent and holder.created == 1  # the parent's own is untouched
    holder.close()
