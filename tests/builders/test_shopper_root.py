"""The shopper roots offer exactly the operations the spec lets a shopper's token call.

The expected sets are derived here, from the spec file's own `security` scopes and ctp_auth's customer
permissions, independently of codegen/shopper.py; the generated classes are walked through the full
root's index (every operation's chain of builder calls). Allowed calls build the same requests as the full
root. The type checkers' view is in tests/client/test_shopper_typing.py (kept out of tests/builders, which
tests/codegen/test_round_trip.py also runs against older specs in a copy without Node packages).
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

import httpx
import pytest
from ctp_auth import B2B_CUSTOMER_PERMISSIONS, CUSTOMER_PERMISSIONS
from shared_data import require_spec

from ctp_sdk import ApiRoot, B2BShopperApiRoot, ClientConfig, CtpClient, ShopperApiRoot
from ctp_sdk._builder import BuilderNode
from ctp_sdk._generated.builders._index import OPERATIONS
from ctp_sdk._request import ApiRequest

Chain = tuple[tuple[str, tuple[str, ...]], ...]


@cache
def spec_scopes() -> dict[str, tuple[str, set[str]]]:
    """operationId -> (path template, the permissions its declared OAuth scopes name), from the spec file."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec = yaml.load(require_spec().read_bytes(), Loader=loader)
    out: dict[str, tuple[str, set[str]]] = {}
    for path, item in spec["paths"].items():
        for verb in ("get", "post", "delete", "head", "put"):
            if verb in item:
                declared = [s for req in item[verb].get("security", []) for scopes in req.values() for s in scopes]
                # "manage_my_orders:{projectKey}:{storeKey}" names the permission manage_my_orders
                out[item[verb]["operationId"]] = (path, {s.strip().split(":")[0] for s in declared})
    return out


def expected(permissions: tuple[str, ...]) -> set[str]:
    return {op_id for op_id, (_, named) in spec_scopes().items() if named & set(permissions)}


def follow(root: BuilderNode, chain: Chain, verb: str) -> Any:
    """The verb method at the end of `chain` on `root`, or None where the root does not offer it."""
    node: Any = root
    for method, params in chain:
        if not hasattr(node, method):
            return None
        node = getattr(node, method)(*(f"{p}-1" for p in params))
    return getattr(node, verb, None)


def reachable(root: BuilderNode) -> set[str]:
    return {op_id for op_id, verb, chain in OPERATIONS if follow(root, chain, verb) is not None}


@pytest.fixture(scope="module")
def ctp() -> Any:
    config = ClientConfig(
        project_key="shop", client_id="id", client_secret="s" * 24, auth_url="https://a.test", api_url="https://b.test"
    )
    with CtpClient(config, transport=httpx.MockTransport(lambda r: httpx.Response(500))) as client:
        yield client


def test_the_shopper_root_offers_what_the_default_customer_scopes_allow(ctp: CtpClient) -> None:
    me = ctp.customer_api_root({})
    assert type(me) is ShopperApiRoot and ShopperApiRoot.PERMISSIONS == CUSTOMER_PERMISSIONS
    allowed = expected(CUSTOMER_PERMISSIONS)
    assert reachable(me) == allowed
    paths = {spec_scopes()[op][0].removeprefix("/{projectKey}") for op in allowed}
    for path in ("/me/active-cart", "/in-store/key={storeKey}/me/carts", "/product-projections/search", "/categories"):
        assert path in paths
    assert not any(p.startswith(("/customers", "/orders", "/as-associate", "/me/quotes")) for p in paths)


def test_the_b2b_root_adds_the_shoppers_business_units_quote_requests_and_quotes(ctp: CtpClient) -> None:
    b2b = ctp.customer_api_root({}, b2b=True)
    assert type(b2b) is B2BShopperApiRoot and B2BShopperApiRoot.PERMISSIONS == B2B_CUSTOMER_PERMISSIONS
    allowed = expected(B2B_CUSTOMER_PERMISSIONS)
    assert reachable(b2b) == allowed
    added = {spec_scopes()[op][0].removeprefix("/{projectKey}") for op in allowed - expected(CUSTOMER_PERMISSIONS)}
    for path in ("/me/business-units", "/me/quote-requests/{ID}", "/me/quotes/key={key}"):
        assert path in added
    assert "/in-business-unit/key={businessUnitKey}/me/customers" in added
    # The spec declares manage_orders / view_orders (and similar) for the as-associate endpoints, not a
    # customer scope: they are a backend's calls on an associate's behalf, so no shopper root offers them.
    assert not any(p.startswith("/as-associate") for p in added)


def test_a_root_cut_for_the_associate_scopes_would_offer_as_associate() -> None:
    """The as-associate family is absent because of its declared scopes, not because it is skipped."""
    wider = expected((*B2B_CUSTOMER_PERMISSIONS, "manage_orders", "view_orders"))
    assert any(spec_scopes()[op][0].startswith("/{projectKey}/as-associate") for op in wider)


def test_project_root_is_the_full_root_on_the_same_token(ctp: CtpClient) -> None:
    session: dict[str, Any] = {}
    me = ctp.customer_api_root(session)
    full = me.project_root()
    assert type(full) is ApiRoot
    assert full._executor is me._executor and full._params == me._params == ("shop",)
    assert reachable(full) == {op_id for op_id, _, _ in OPERATIONS}


def _call(verb_method: Any) -> ApiRequest[Any]:
    """Call a verb with a marker for every required parameter (the request is built, never sent)."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, param in inspect.signature(verb_method).parameters.items():
        if param.default is not inspect.Parameter.empty:
            continue
        if param.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[name] = f"marker-{name}"
        else:
            args.append(f"marker-{name}")
    request: ApiRequest[Any] = verb_method(*args, **kwargs)
    return request


@pytest.mark.parametrize("b2b", [False, True])
def test_allowed_calls_build_the_full_roots_requests(ctp: CtpClient, b2b: bool) -> None:
    me = ctp.customer_api_root({}, b2b=b2b)
    full = me.project_root()
    compared = 0
    for _, verb, chain in OPERATIONS:
        mine = follow(me, chain, verb)
        if mine is None:
            continue
        theirs = follow(full, chain, verb)
        assert inspect.signature(mine) == inspect.signature(theirs)
        a, b = _call(mine), _call(theirs)
        assert type(a) is type(b)
        assert (a._executor, a._endpoint, a._args, a._kwargs) == (b._executor, b._endpoint, b._args, b._kwargs)
        compared += 1
    assert compared == len(expected(B2B_CUSTOMER_PERMISSIONS if b2b else CUSTOMER_PERMISSIONS))
