"""Generated endpoint modules build exact requests and raise typed errors."""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable

import httpx
import pytest
from payloads import CATEGORY

import ctp_sdk._generated.api.default as endpoints
from ctp_sdk import ApiError, ConcurrentModificationError, DecodeError, NotFoundError, models
from ctp_sdk._endpoint import Request, to_httpx
from ctp_sdk._generated.api.default import (
    by_project_key_categories_get as query_categories,
)
from ctp_sdk._generated.api.default import (
    by_project_key_categories_key_by_key_head as head_category,
)
from ctp_sdk._generated.api.default import (
    by_project_key_categories_key_by_key_post as update_category,
)
from ctp_sdk._generated.api.default import (
    by_project_key_product_projections_search_post as search_post,
)
from ctp_sdk._generated.api.default import (
    by_project_key_products_by_id_images_post as upload_image,
)

API = "https://api.example.test"


def _client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(base_url=API, transport=httpx.MockTransport(handler))


def _sent(request: Request[object]) -> httpx.Request:
    with httpx.Client(base_url=API) as client:
        return client.build_request(**to_httpx(request))


def test_every_operation_has_a_module() -> None:
    # The spec's own operations (codegen's index of them; the drift test ties the index to the spec).
    from ctp_sdk._generated.spec_index import OPERATIONS

    names = [m.name for m in pkgutil.iter_modules(endpoints.__path__)]
    assert sorted(names) == sorted(module for _, _, _, module, *_ in OPERATIONS)
    methods: dict[str, int] = {}
    expected: dict[str, int] = {}
    for name in names:
        op = importlib.import_module(f"{endpoints.__name__}.{name}").OPERATION
        methods[op.method] = methods.get(op.method, 0) + 1
    for _, method, *_ in OPERATIONS:
        expected[method] = expected.get(method, 0) + 1
    assert methods == expected and set(methods) == {"GET", "POST", "HEAD", "DELETE"}


def test_query_parameters_are_typed_and_pattern_named_ones_expand() -> None:
    req = query_categories.request(
        "my-project",
        where=["key = :k", "parent is not defined"],
        predicate_vars={"k": "shoes", "ids": ["a", "b"]},
        sort=["createdAt desc"],
        limit=20,
        offset=0,
        with_total=True,
        extra_query={"x-experimental": "1"},
    )
    sent = _sent(req)
    assert sent.method == "GET"
    assert sent.url.path == "/my-project/categories"
    assert sent.url.params.multi_items() == [
        ("sort", "createdAt desc"),
        ("limit", "20"),
        ("offset", "0"),
        ("withTotal", "true"),
        ("where", "key = :k"),
        ("where", "parent is not defined"),
        ("var.k", "shoes"),
        ("var.ids", "a"),
        ("var.ids", "b"),
        ("x-experimental", "1"),
    ]


def test_path_values_are_escaped_and_validated() -> None:
    sent = _sent(head_category.request("p", "a/../b?c#d"))
    assert sent.url.raw_path == b"/p/categories/key=a%2F..%2Fb%3Fc%23d"
    sent = _sent(head_category.request("p", ".."))
    assert sent.url.raw_path == b"/p/categories/key=%2E%2E"
    with pytest.raises(ValueError, match="must not be empty"):
        head_category.request("p", "")


def test_json_body_is_required_and_type_checked() -> None:
    update = models.CategoryUpdate(version=2, actions=[models.CategoryChangeNameAction(name={"en": "Boots"})])
    sent = _sent(update_category.request("p", "shoes", update, expand=["parent"]))
    assert sent.method == "POST"
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.content) == {"version": 2, "actions": [{"action": "changeName", "name": {"en": "Boots"}}]}
    with pytest.raises(TypeError, match="body must be a CategoryUpdate, got dict"):
        update_category.request("p", "shoes", {"version": 2, "actions": []})  # type: ignore[arg-type]


def test_form_encoded_search_sends_parameters_in_the_body() -> None:
    sent = _sent(search_post.request("p", text={"en": "red shirt"}, filter=['variants.sku:"A"'], limit=5))
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.url.query == b""
    assert httpx.QueryParams(sent.content.decode()).multi_items() == [
        ("filter", 'variants.sku:"A"'),
        ("limit", "5"),
        ("text.en", "red shirt"),
    ]


def test_image_upload_sends_bytes_with_its_content_type() -> None:
    sent = _sent(upload_image.request("p", "prod-1", b"\x89PNG", content_type="image/png", filename="a.png"))
    assert sent.content == b"\x89PNG"
    assert sent.headers["content-type"] == "image/png"
    assert sent.url.params["filename"] == "a.png"


def test_success_returns_the_typed_body() -> None:
    page = {"limit": 20, "offset": 0, "count": 1, "results": [CATEGORY]}
    with _client(lambda r: httpx.Response(200, json=page)) as client:
        body = query_categories.sync(client, "p")
    assert isinstance(body, models.CategoryPagedQueryResponse)
    assert body.results[0].name == {"en": "Shoes"}
    with _client(lambda r: httpx.Response(200)) as client:
        assert head_category.sync(client, "p", "shoes") is None


def test_errors_are_raised_typed_with_decoded_error_objects() -> None:
    conflict = {
        "statusCode": 409,
        "message": "Object c-1 has a different version than expected. Expected: 2 - Actual: 3.",
        "errors": [{"code": "ConcurrentModification", "message": "...", "currentVersion": 3}],
    }
    update = models.CategoryUpdate(version=2, actions=[])
    headers = {"X-Correlation-ID": "corr-1"}
    with _client(lambda r: httpx.Response(409, json=conflict, headers=headers)) as client:
        with pytest.raises(ConcurrentModificationError) as info:
            update_category.sync(client, "p", "shoes", update)
    err = info.value
    assert err.status_code == 409 and err.current_version == 3 and err.codes == ["ConcurrentModification"]
    assert type(err.errors[0]).__name__ == "ConcurrentModificationError"
    assert err.correlation_id == "corr-1" and err.operation == "ByProjectKeyCategoriesKeyByKeyPost"
    not_found = {"statusCode": 404, "message": "not found", "errors": [{"code": "ResourceNotFound", "message": "x"}]}
    with _client(lambda r: httpx.Response(404, json=not_found)) as client, pytest.raises(NotFoundError):
        query_categories.sync(client, "p")
    with _client(lambda r: httpx.Response(404)) as client:  # HEAD: no body at all
        with pytest.raises(NotFoundError):
            head_category.sync(client, "p", "nope")
    with _client(lambda r: httpx.Response(502, text="<html>Bad gateway</html>")) as client:
        with pytest.raises(ApiError) as gateway:
            query_categories.sync(client, "p")
    assert gateway.value.status_code == 502 and gateway.value.response is None


def test_malformed_success_body_is_a_decode_error() -> None:
    with _client(lambda r: httpx.Response(200, text="{truncated")) as client:
        with pytest.raises(DecodeError, match="not JSON"):
            query_categories.sync(client, "p")
    with _client(lambda r: httpx.Response(200, json={"limit": "20"})) as client:
        with pytest.raises(DecodeError, match="CategoryPagedQueryResponse at limit"):
            query_categories.sync(client, "p")
