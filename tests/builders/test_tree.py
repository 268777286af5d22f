"""The builder tree: names as in commercetools' official SDKs, path checks, no I/O, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from ctp_sdk import ApiResponse
from ctp_sdk._builder import BuilderNode
from ctp_sdk._endpoint import Request
from ctp_sdk._generated.builders.by_project_key import ByProjectKeyBuilder


class NoNetwork:
    def execute(self, request: Request[Any]) -> ApiResponse[Any]:
        raise AssertionError("a builder sent a request")


@pytest.fixture
def api() -> ByProjectKeyBuilder:
    return ByProjectKeyBuilder(NoNetwork(), ("my-project",))


def path_of(request: Any) -> str:
    built: Request[Any] = request.build()
    return f"{built.method} {built.path}"


def template_of(node: BuilderNode) -> str:
    """The path template a node stands for (its generated class docstring)."""
    return (type(node).__doc__ or "").strip().strip("`")


def test_names_mirror_the_official_sdks(api: ByProjectKeyBuilder) -> None:
    assert path_of(api.categories().with_id("c1").get()) == "GET /my-project/categories/c1"
    assert path_of(api.me().active_cart().get()) == "GET /my-project/me/active-cart"
    assert path_of(api.product_projections().search().get()) == "GET /my-project/product-projections/search"
    assert path_of(api.custom_objects().with_container_and_key("ct", "k").get()) == (
        "GET /my-project/custom-objects/ct/k"
    )
    assert path_of(api.orders().with_order_number("o-1").head()) == "HEAD /my-project/orders/order-number=o-1"
    assert path_of(api.in_store_key_with_store_key_value("s1").carts().with_key("k").get()) == (
        "GET /my-project/in-store/key=s1/carts/key=k"
    )
    chain = (
        api.as_associate()
        .with_associate_id_value("a1")
        .in_business_unit_key_with_business_unit_key_value("bu")
        .quote_requests()
        .with_id("q")
        .get()
    )
    assert path_of(chain) == "GET /my-project/as-associate/a1/in-business-unit/key=bu/quote-requests/q"
    assert template_of(api.customers().email_confirm()) == "/{projectKey}/customers/email/confirm"
    assert template_of(api.customers().password_reset()) == "/{projectKey}/customers/password/reset"
    assert template_of(api.customers().password()) == "/{projectKey}/customers/password"


def test_joined_and_keyword_named_nodes(api: ByProjectKeyBuilder) -> None:
    from ctp_sdk._generated.spec_index import OPERATIONS

    units = api.business_units()
    paths = {path for _, _, path, *_ in OPERATIONS}
    # Joined nodes that older spec versions do not have yet (codegen/builder_nodes.yaml warns about them).
    if "/{projectKey}/business-units/key={key}/associates/{associateId}" in paths:
        assert path_of(units.key_with_key_value_associates_with_associate_id_value("b", "a").get()) == (
            "GET /my-project/business-units/key=b/associates/a"
        )
    if "/{projectKey}/business-units/search/indexing-status" in paths:
        assert path_of(units.search_indexing_status().get()) == (
            "GET /my-project/business-units/search/indexing-status"
        )
    assert template_of(api.me().password().reset()) == "/{projectKey}/me/password/reset"
    assert template_of(api.me().email_confirm()) == "/{projectKey}/me/email/confirm"
    assert template_of(api.orders().import_order()) == "/{projectKey}/orders/import"
    products = api.in_store_key_with_store_key_value("s").products()
    assert path_of(products.with_product_id("p").product_tailoring().get()) == (
        "GET /my-project/in-store/key=s/products/p/product-tailoring"
    )
    assert path_of(products.with_product_key("pk").product_tailoring().get()) == (
        "GET /my-project/in-store/key=s/products/key=pk/product-tailoring"
    )


def test_path_values_are_checked_when_the_node_is_made_and_escaped(api: ByProjectKeyBuilder) -> None:
    with pytest.raises(ValueError, match="id"):
        api.categories().with_id("")
    with pytest.raises(TypeError, match="id"):
        api.categories().with_id(42)  # type: ignore[arg-type]
    assert path_of(api.categories().with_key("../a b/?x").get()) == "GET /my-project/categories/key=..%2Fa%20b%2F%3Fx"
    assert path_of(api.categories().with_id("..").get()) == "GET /my-project/categories/%2E%2E"


def test_reprs_show_no_path_values(api: ByProjectKeyBuilder) -> None:
    node = api.customers().with_password_token("secret-password-token")
    request = node.get()
    assert "secret" not in repr(node) + repr(request)
    assert isinstance(node, BuilderNode)


def test_query_arguments_are_validated_when_built(api: ByProjectKeyBuilder) -> None:
    request = api.categories().get(limit=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="limit"):
        request.build()
    with pytest.raises(TypeError, match="no_such"):
        api.categories().get().with_query(no_such=1)


def _generated_after(code: str) -> list[str]:
    script = textwrap.dedent(code) + (
        "\nimport json, sys\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith('ctp_sdk._generated'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


SETUP = """
import httpx
from ctp_sdk import ClientConfig, CtpClient
ctp = CtpClient(ClientConfig(project_key="p", client_id="i", client_secret="s" * 20,
                             auth_url="https://auth.test", api_url="https://api.test"),
                transport=httpx.MockTransport(lambda r: httpx.Response(500)))
"""


def test_import_and_client_import_nothing_generated() -> None:
    # Only the spec record (two constant-only modules), for the User-Agent's commercetools-api/<version>.
    assert _generated_after(SETUP) == ["ctp_sdk._generated", "ctp_sdk._generated._spec"]
    assert _generated_after("import ctp_sdk") == []


def test_builders_import_only_their_own_nodes_until_a_request_is_built() -> None:
    walked = _generated_after(SETUP + "r = ctp.integration_api_root().categories().with_id('c').get()")
    assert walked == [
        "ctp_sdk._generated",
        "ctp_sdk._generated._spec",
        "ctp_sdk._generated.builders",
        "ctp_sdk._generated.builders.by_project_key",
        "ctp_sdk._generated.builders.by_project_key_categories",
        "ctp_sdk._generated.builders.by_project_key_categories_by_id",
    ]
    built = _generated_after(SETUP + "r = ctp.integration_api_root().categories().with_id('c').get().build()")
    assert "ctp_sdk._generated.api.default.by_project_key_categories_by_id_get" in built
    assert len([m for m in built if ".models." in m]) < 40
