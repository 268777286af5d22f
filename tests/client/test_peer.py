"""CtpClient against the peer server, @labdigital/commercetools-mock 4.4.0 (tests/peer/), on 127.0.0.1.

Real HTTP end to end: token flows, builders, endpoint modules, decoding, typed errors, and the scripts
in examples/. What the peer cannot show (DESIGN.md): it ignores `sort` (so multi-page id-cursor walks
are tested in test_pagination.py), does not bind `/me` endpoints to the token's customer nor set a
guest cart's anonymousId, does not merge carts on sign-in and does not echo X-Correlation-ID; those
are asserted in the MockTransport tests.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ctp_sdk import (
    ClientConfig,
    ConcurrentModificationError,
    CtpClient,
    InvalidCustomerCredentialsError,
    NotFoundError,
)
from ctp_sdk.models import (
    Cart,
    Category,
    CategoryChangeNameAction,
    CategoryDraft,
    CategoryPagedQueryResponse,
    CategoryUpdate,
    CustomerDraft,
    MyCartDraft,
)

REPO = Path(__file__).resolve().parent.parent.parent
PROJECT = "peer-project"
SECRET = "peer-secret-" + "s" * 20
PASSWORD = "peer-Passw0rd-" + "x" * 12


def env_for(peer_server: str) -> dict[str, str]:
    return {
        "CTP_PROJECT_KEY": PROJECT,
        "CTP_CLIENT_ID": "peer-client",
        "CTP_CLIENT_SECRET": SECRET,
        "CTP_AUTH_URL": peer_server,
        "CTP_API_URL": peer_server,
    }


@pytest.fixture
def ctp(peer_server: str) -> Iterator[CtpClient]:
    with CtpClient.from_env(env_for(peer_server)) as client:
        yield client


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def create_category(ctp: CtpClient, key: str | None = None) -> Category:
    key = key or unique("cat")
    draft = CategoryDraft(name={"en": f"Name {key}"}, slug={"en": key}, key=key)
    response = ctp.integration_api_root().categories().post(body=draft).execute()
    assert response.status_code == 201
    return response.body


def load_example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", REPO / "examples" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_example(peer_server: str, name: str, *args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(REPO / "examples" / name), *args],
        env={**os.environ, **env_for(peer_server)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_documented_integration_example_find_by_id(ctp: CtpClient, peer_server: str) -> None:
    ExampleIntegrationDatasource = load_example("integration_datasource").ExampleIntegrationDatasource

    category = create_category(ctp)
    found = ExampleIntegrationDatasource(ctp).find_by_id(category.id)
    assert isinstance(found, Category)
    assert (found.id, found.key, found.name) == (category.id, category.key, category.name)
    assert run_example(peer_server, "integration_datasource.py", category.id)["key"] == category.key


def test_documented_customer_example_my_cart(ctp: CtpClient, peer_server: str) -> None:
    ExampleCustomerDatasource = load_example("customer_datasource").ExampleCustomerDatasource

    session: dict[str, Any] = {}
    created = ctp.customer_api_root(session).me().carts().post(MyCartDraft(currency="EUR")).execute().body
    cart = ExampleCustomerDatasource(ctp).my_cart(session)
    assert isinstance(cart, Cart)
    assert cart.cart_state == "Active"
    # The peer's active cart is the project's first active cart, not necessarily this guest's.
    assert created.cart_state == "Active"
    assert run_example(peer_server, "customer_datasource.py")["guest_cart"]

    email = f"{unique('example')}@example.com"
    ctp.integration_api_root().customers().post(CustomerDraft(email=email, password=PASSWORD)).execute()
    out = run_example(peer_server, "customer_datasource.py", email, PASSWORD)
    assert out["session"] == "customer" and out["customer"]


def test_create_query_update_delete_with_versions(ctp: CtpClient) -> None:
    api = ctp.integration_api_root()
    category = create_category(ctp)
    assert category.version == 1

    page = (
        api.categories()
        .get(where=["key = :k"], predicate_vars={"k": category.key or ""}, limit=20, offset=0, with_total=True)
        .execute()
        .body
    )
    assert isinstance(page, CategoryPagedQueryResponse)
    assert [c.id for c in page.results] == [category.id]
    assert page.total == 1

    rename = CategoryUpdate(version=1, actions=[CategoryChangeNameAction(name={"en": "Renamed"})])
    updated = api.categories().with_id(category.id).post(body=rename).execute().body
    assert (updated.version, updated.name) == (2, {"en": "Renamed"})

    assert api.categories().with_key(category.key or "").head().execute().status_code == 200
    deleted = api.categories().with_key(category.key or "").delete(version=2).execute()
    assert deleted.status_code == 200 and deleted.body.id == category.id
    with pytest.raises(NotFoundError):
        api.categories().with_key(category.key or "").head().execute()


def test_missing_resource_is_not_found(ctp: CtpClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        ctp.integration_api_root().categories().with_id(str(uuid.uuid4())).get().execute()
    err = caught.value
    assert err.status_code == 404
    assert err.codes == ["ResourceNotFound"]
    assert err.correlation_id  # the one we sent: the peer does not echo it
    assert err.operation == "ByProjectKeyCategoriesByIDGet"


def test_stale_version_is_a_conflict_with_the_current_version(ctp: CtpClient) -> None:
    api = ctp.integration_api_root()
    category = create_category(ctp)
    first = [CategoryChangeNameAction(name={"en": "First"})]
    second = [CategoryChangeNameAction(name={"en": "Second"})]
    api.categories().with_id(category.id).post(CategoryUpdate(version=1, actions=first)).execute()
    with pytest.raises(ConcurrentModificationError) as caught:
        api.categories().with_id(category.id).post(CategoryUpdate(version=1, actions=second)).execute()
    assert caught.value.status_code == 409
    assert caught.value.current_version == 2


def test_guest_cart_then_sign_in(ctp: CtpClient) -> None:
    email = f"{unique('shopper')}@example.com"
    signup = CustomerDraft(email=email, password=PASSWORD, first_name="Peer")
    customer = ctp.integration_api_root().customers().post(signup).execute().body.customer

    session: dict[str, Any] = {}
    me = ctp.customer_api_root(session)
    cart = me.me().carts().post(MyCartDraft(currency="EUR")).execute().body
    guest = ctp.customer_session_state(session)
    assert guest is not None and guest.kind == "anonymous"
    assert guest.anonymous_id  # the guest's id, from its anonymous token

    with pytest.raises(InvalidCustomerCredentialsError):
        ctp.sign_in_customer(session, email=email, password="wrong-" + PASSWORD)
    assert ctp.customer_session_state(session) == guest  # unchanged

    result = ctp.sign_in_customer(session, email=email, password=PASSWORD)
    assert result.customer.id == customer.id
    state = ctp.customer_session_state(session)
    assert state is not None and state.kind == "customer"
    # The same root keeps working for the signed-in customer, with the customer's token.
    assert ctp.customer_api_root(session).me().carts().with_id(cart.id).get().execute().body.id == cart.id
    assert ctp.get_customer_token(session) != ""

    ctp.sign_out_customer(session)
    assert ctp.customer_session_state(session) is None


def test_iter_all_walks_every_matching_category(ctp: CtpClient) -> None:
    marker = unique("page")
    made = sorted(create_category(ctp, f"{marker}-{n:02d}").id for n in range(7))
    query = ctp.integration_api_root().categories().get(where=[f'key >= "{marker}" and key < "{marker}~"'])
    assert sorted(c.id for c in query.iter_all(page_size=500)) == made


def test_examples_query_update_and_paginate_run(ctp: CtpClient, peer_server: str) -> None:
    category = create_category(ctp)
    assert run_example(peer_server, "query_categories.py", category.key or "") == {
        "total": 1,
        "keys": [category.key],
    }
    updated = run_example(peer_server, "update_category.py", unique("upd"))
    assert updated == {"created": 201, "renamed": {"en": "Sneakers"}, "version": 2}
    listed = run_example(peer_server, "paginate.py")
    assert category.key in listed["keys"] and listed["count"] == len(listed["keys"])


def test_config_from_code_matches_the_documented_constructor(peer_server: str) -> None:
    config = ClientConfig(
        project_key=PROJECT, client_id="peer-client", client_secret=SECRET, auth_url=peer_server, api_url=peer_server
    )
    with CtpClient(config) as ctp:
        assert ctp.get_integration_token()
        assert ctp.integration_api_root().categories().get(limit=1).execute().status_code == 200
