"""Least privilege by default (issue 10, findings 1 and 2), against the embedded backend with scopes enforced.

A shopper's token lives in their session; whoever holds it can do what it allows. With the old defaults a
guest's token listed and changed every customer. Now a guest or customer token, used directly with plain
httpx (as someone who lifted it from a readable cookie would), may touch only its own data and the
public catalogue. Integration tokens request no scope, so they carry the API client's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from ctp_auth import (
    CUSTOMER_PERMISSIONS,
    INTEGRATION_PERMISSIONS,
    PROJECT_WIDE_CUSTOMER_PERMISSIONS,
    InsufficientScopeError,
    project_scopes,
)

from ctp_sdk import ClientConfig, CtpClient, ForbiddenError
from ctp_sdk.models import (
    CategoryDraft,
    CustomerDraft,
    MyCartDraft,
    MyCustomerDraft,
)
from ctp_sdk.testing import Backend

PASSWORD = "correct-horse-" + "b" * 10


@pytest.fixture
def backend() -> Backend:
    return Backend("shop")


@pytest.fixture
def ctp(backend: Backend) -> Iterator[CtpClient]:
    # The default customer scopes: ClientConfig without customer_scopes, exactly as users configure it.
    with CtpClient(_config(backend), transport=backend.transport()) as client:
        yield client


def _config(backend: Backend, **extra: Any) -> ClientConfig:
    """The backend's API client, configured as a user would: defaults unless `extra` says otherwise."""
    return ClientConfig(
        project_key=backend.project_key,
        client_id=backend.client.client_id,
        client_secret=backend.client.client_secret,
        auth_url=backend.auth_url,
        api_url=backend.api_url,
        **extra,
    )


def _raw(backend: Backend, token: str) -> httpx.Client:
    """What a holder of a lifted token can do: any request, no SDK in between."""
    return httpx.Client(
        transport=backend.transport(), base_url=backend.api_url, headers={"Authorization": f"Bearer {token}"}
    )


def _victim(ctp: CtpClient) -> tuple[str, str]:
    """Another customer with an order: (customer id, order id)."""
    api = ctp.integration_api_root()
    victim = api.customers().post(CustomerDraft(email="victim@example.test", password=PASSWORD)).execute().body
    session: dict[str, Any] = {}
    ctp.sign_in_customer(session, email="victim@example.test", password=PASSWORD)
    me = ctp.customer_api_root(session).me()
    cart = me.carts().post(MyCartDraft(currency="EUR")).execute().body
    from ctp_sdk.models import MyOrderFromCartDraft

    order = me.orders().post(MyOrderFromCartDraft(id=cart.id, version=cart.version)).execute().body
    return victim.customer.id, order.id


def _shopper_tokens(ctp: CtpClient) -> dict[str, str]:
    guest: dict[str, Any] = {}
    ctp.customer_api_root(guest).me().carts().post(MyCartDraft(currency="EUR")).execute()
    customer: dict[str, Any] = {}
    ctp.customer_api_root(customer).me().signup().post(
        MyCustomerDraft(email="shopper@example.test", password=PASSWORD)
    ).execute()
    ctp.sign_in_customer(customer, email="shopper@example.test", password=PASSWORD)
    return {"guest": ctp.get_customer_token(guest), "customer": ctp.get_customer_token(customer)}


def test_default_customer_scopes_are_least_privilege(ctp: CtpClient) -> None:
    granted = set(project_scopes(CUSTOMER_PERMISSIONS, "shop"))
    for permission in ("manage_customers", "manage_orders", "view_orders", "view_payments", "manage_project"):
        assert not any(scope.startswith(permission + ":") for scope in granted)
    session: dict[str, Any] = {}
    ctp.get_customer_token(session)
    state = ctp.customer_session_state(session)
    assert state is not None
    assert {s for s in state.scope.split() if not s.startswith("anonymous_id:")} == granted


def test_lifted_guest_and_customer_tokens_cannot_reach_other_customers_or_write_the_project(
    ctp: CtpClient, backend: Backend
) -> None:
    victim_id, victim_order = _victim(ctp)
    for who, token in _shopper_tokens(ctp).items():
        with _raw(backend, token) as raw:
            listing = raw.get("/shop/customers")
            assert listing.status_code == 403, (who, listing.text)
            assert raw.get(f"/shop/customers/{victim_id}").status_code == 403, who
            assert raw.get(f"/shop/orders/{victim_order}").status_code == 403, who
            change = {"version": 1, "actions": [{"action": "changeEmail", "email": "owned@evil.test"}]}
            assert raw.post(f"/shop/customers/{victim_id}", json=change).status_code == 403, who
            category = {"name": {"en": "x"}, "slug": {"en": "x"}}
            assert raw.post("/shop/categories", json=category).status_code == 403, who
            # ... while the storefront's own calls work.
            assert raw.get("/shop/categories").status_code == 200, who
            assert raw.get("/shop/me/carts").status_code == 200, who
    api = ctp.integration_api_root()
    assert api.customers().with_id(victim_id).get().execute().body.email == "victim@example.test"


def test_customer_root_403_names_the_missing_scope_and_the_fix(ctp: CtpClient) -> None:
    me = ctp.customer_api_root({})
    with pytest.raises(ForbiddenError) as caught:  # the shopper root has no customers(): the full root on its token
        me.project_root().customers().get().execute()
    err = caught.value
    assert err.codes == ["insufficient_scope"]
    assert err.hint is not None and "view_customers:shop" in err.hint and "integration root" in err.hint
    assert "view_customers:shop" in str(err)


def test_project_wide_customer_scopes_are_an_explicit_opt_in(backend: Backend) -> None:
    config = _config(backend, customer_scopes=project_scopes(PROJECT_WIDE_CUSTOMER_PERMISSIONS, "shop"))
    with CtpClient(config, transport=backend.transport()) as wide:
        state_session: dict[str, Any] = {}
        wide.get_customer_token(state_session)
        state = wide.customer_session_state(state_session)
        assert state is not None and "manage_customers:shop" in state.scope.split()


def test_integration_root_requests_no_scope_so_a_client_with_few_scopes_still_works() -> None:
    # An API client holding only what it needs: the old fixed list of 8 asked for more -> invalid_scope,
    # even for a GET.
    backend = Backend("shop", scopes=("view_categories",))
    config = _config(backend)
    with CtpClient(config, transport=backend.transport()) as ctp:
        api = ctp.integration_api_root()
        assert api.categories().get().execute().body.count == 0
        with pytest.raises(ForbiddenError) as caught:
            api.categories().post(CategoryDraft(name={"en": "x"}, slug={"en": "x"})).execute()
        assert caught.value.hint is not None and "manage_categories:shop" in caught.value.hint
    assert len(INTEGRATION_PERMISSIONS) == 8  # the seed's list stays, as a documented checklist


def test_asking_for_scopes_the_client_lacks_says_which_and_how_to_fix() -> None:
    backend = Backend("shop", scopes=("view_categories",))
    config = _config(backend, scopes=("view_categories:shop", "manage_orders:shop"))
    with CtpClient(config, transport=backend.transport()) as ctp, pytest.raises(InsufficientScopeError) as caught:
        ctp.get_integration_token()
    text = str(caught.value)
    assert "manage_orders:shop" in text and "Merchant Center" in text and "CTP_SCOPES" in text
