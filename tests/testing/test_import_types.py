"""The Import API's other import types on the embedded backend: their state machine (products waiting
for their master variant, references resolving when they appear, validation failures), patches, and
how many of the Import API's operations the backend serves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ctp_sdk.importapi import Importer, ImportResult
from ctp_sdk.importapi.models import (
    BusinessUnitImport,
    DiscountCodeImport,
    OrderImport,
    OrderPatchImport,
    ProductImport,
    ProductTypeImport,
    ProductVariantImport,
    ProductVariantPatch,
    VariantImport,
)
from import_maximal import Project


@pytest.fixture
def project() -> Iterator[Project]:
    found = Project()
    yield found
    found.close()


def _load(project: Project, resources: list[Any], container: str = "types") -> ImportResult:
    importer = Importer(project.ctp.import_api_root(), container, sleep=lambda seconds: None)
    importer.submit(resources)
    return importer.wait()


def _states(project: Project, container: str) -> dict[str, str]:
    root = project.ctp.import_api_root().import_containers().with_import_container_key_value(container)
    return {op.resource_key: str(op.state) for op in root.import_operations().get().iter_all()}


def _variant(key: str, product: str, *, master: bool, color: str, publish: bool | None = None) -> ProductVariantImport:
    data: dict[str, Any] = {
        "key": key,
        "sku": f"sku-{key}",
        "isMasterVariant": master,
        "product": {"typeId": "product", "key": product},
        "attributes": [{"type": "text", "name": "color", "value": color}],
    }
    if publish is not None:
        data["publish"] = publish
    return ProductVariantImport.from_dict(data)


def test_a_product_waits_for_its_master_variant_and_variants_upsert_by_key(project: Project) -> None:
    product = ProductImport.from_dict(
        {
            "key": "shirt",
            "name": {"en": "Shirt"},
            "slug": {"en": "shirt"},
            "productType": {"typeId": "product-type", "key": "apparel"},
        }
    )
    apparel = ProductTypeImport.from_dict({"key": "apparel", "name": "apparel", "description": "apparel"})
    # The product before its type (unresolved), and a variant before the master: both wait.
    result = _load(project, [product, _variant("shirt-red", "shirt", master=False, color="red")], "shirts")
    assert sorted(op.resource_key for op in result.unresolved) == ["shirt", "shirt-red"]  # both waiting
    assert _states(project, "shirts") == {"shirt": "unresolved", "shirt-red": "waitForMasterVariant"}
    _load(project, [apparel], "shirts")
    assert _states(project, "shirts")["shirt"] == "waitForMasterVariant"
    assert project.http.get("/products/key=shirt").status_code == 404  # nothing without a master variant

    result = _load(project, [_variant("shirt-white", "shirt", master=True, color="white", publish=True)], "shirts")
    assert result.ok and set(_states(project, "shirts").values()) == {"imported"}
    read = project.get("/products/key=shirt")
    assert read["masterData"]["published"] is True
    staged = read["masterData"]["staged"]
    assert staged["name"] == {"en": "Shirt"} and staged["masterVariant"]["key"] == "shirt-white"
    assert [v["key"] for v in staged["variants"]] == ["shirt-red"]
    assert staged["variants"][0]["attributes"] == [{"name": "color", "value": "red"}]

    # Upsert by key: the same variant again changes it in place; no `publish`: only the staged data.
    _load(project, [_variant("shirt-red", "shirt", master=False, color="crimson")], "shirts")
    again = project.get("/products/key=shirt")
    red = again["masterData"]["staged"]["variants"][0]
    assert red["id"] == staged["variants"][0]["id"] and red["attributes"] == [{"name": "color", "value": "crimson"}]
    assert again["version"] > read["version"]
    # A VariantImport adds a variant to an existing product.
    variant = VariantImport.from_dict(
        {"key": "shirt-blue", "sku": "sku-blue", "product": {"typeId": "product", "key": "shirt"}}
    )
    assert _load(project, [variant], "shirts").ok
    assert [v["key"] for v in project.get("/products/key=shirt")["masterData"]["staged"]["variants"]] == [
        "shirt-red",
        "shirt-blue",
    ]

    # A patch sets and removes attribute values on one variant (staged: false changes both projections).
    patch = ProductVariantPatch.from_dict(
        {
            "productVariant": {"typeId": "product-variant", "key": "shirt-white"},
            "attributes": {"size": {"type": "text", "value": "M"}, "color": None},
            "staged": False,
        }
    )
    assert _load(project, [patch], "patches").ok
    patched = project.get("/products/key=shirt")["masterData"]
    for projection in ("staged", "current"):
        assert patched[projection]["masterVariant"]["attributes"] == [{"name": "size", "value": "M"}]
    missing = ProductVariantPatch.from_dict({"productVariant": {"typeId": "product-variant", "key": "nope"}})
    result = _load(project, [missing], "patches")
    assert result.unresolved[0].unresolved_references[0].key == "nope"


def test_references_of_the_other_types_resolve_when_they_appear(project: Project) -> None:
    code = DiscountCodeImport.from_dict(
        {
            "key": "summer",
            "code": "SUMMER",
            "isActive": True,
            "cartDiscounts": [{"typeId": "cart-discount", "key": "summer-discount"}],
        }
    )
    result = _load(project, [code])
    assert result.unresolved[0].unresolved_references[0].key == "summer-discount"
    project.post(  # through the platform API, not the Import API: the waiting import resolves too
        "/cart-discounts",
        {
            "key": "summer-discount",
            "name": {"en": "summer"},
            "value": {"type": "relative", "permyriad": 1000},
            "cartPredicate": "1 = 1",
            "target": {"type": "lineItems", "predicate": "1 = 1"},
            "sortOrder": "0.3",
            "requiresDiscountCode": True,
        },
    )
    assert _states(project, "types") == {"summer": "imported"}
    assert project.get("/discount-codes/key=summer")["code"] == "SUMMER"


def test_validation_failures_carry_the_platform_errors(project: Project) -> None:
    unit = BusinessUnitImport.from_dict(
        {
            "key": "acme",
            "name": "Acme",
            "unitType": "Company",
            "addresses": [{"key": "hq", "country": "DE"}],
            "defaultShippingAddress": 3,
        }
    )
    result = _load(project, [unit])
    (op,) = result.rejected
    assert str(op.state) == "validationFailed" and op.errors is not None
    assert op.errors[0].code == "InvalidOperation" and "index 3" in op.errors[0].message


def test_orders_import_by_order_number_and_take_patches(project: Project) -> None:
    order = OrderImport.from_dict(
        {
            "orderNumber": "o-100",
            "customerEmail": "buyer@example.com",
            "totalPrice": {"type": "centPrecision", "currencyCode": "EUR", "centAmount": 2500},
            "shippingInfo": {  # deliveries go into the shipping info
                "shippingMethodName": "standard",
                "price": {"type": "centPrecision", "currencyCode": "EUR", "centAmount": 0},
                "shippingRate": {"price": {"type": "centPrecision", "currencyCode": "EUR", "centAmount": 0}},
            },
            "lineItems": [
                {
                    "name": {"en": "Mug"},
                    "variant": {"sku": "mug"},
                    "price": {"value": {"type": "centPrecision", "currencyCode": "EUR", "centAmount": 1250}},
                    "quantity": 2,
                }
            ],
        }
    )
    assert _load(project, [order], "orders").ok
    read = project.get("/orders/order-number=o-100")
    assert read["lineItems"][0]["totalPrice"]["centAmount"] == 2500 and read["orderState"] == "Open"
    line = read["lineItems"][0]["id"]
    patch = OrderPatchImport.from_dict(
        {
            "orderNumber": "o-100",
            "fields": {
                "addDeliveries": [
                    {"items": [{"id": line, "quantity": 2}], "parcels": [{"trackingData": {"trackingId": "T-1"}}]}
                ]
            },
        }
    )
    assert _load(project, [patch], "orders").ok
    (delivery,) = project.get("/orders/order-number=o-100")["shippingInfo"]["deliveries"]
    assert delivery["items"] == [{"id": line, "quantity": 2}]
    assert delivery["parcels"][0]["trackingData"]["trackingId"] == "T-1"
    # Importing the same order number again replaces the order (same id, next version).
    assert _load(project, [order], "orders").ok
    replaced = project.get("/orders/order-number=o-100")
    assert replaced["id"] == read["id"] and replaced["version"] == read["version"] + 2
    unknown = OrderPatchImport.from_dict({"orderNumber": "o-404", "fields": {}})
    assert _load(project, [unknown], "orders").unresolved[0].resource_key == "o-404"


def test_the_backend_serves_every_import_api_operation(project: Project) -> None:
    """Each of the Import API spec's operations, called on the embedded backend, answers (none 501)."""
    from codegen.preprocess import load_yaml
    from shared_data import require_spec

    spec = load_yaml((require_spec().parent.parent / "import" / "openapi.yaml").read_bytes())
    base = f"{project.backend.api_url}/_import"
    assert _load(project, [ProductTypeImport.from_dict({"key": "t", "name": "t", "description": "t"})], "c").ok
    op_id = next(iter(_states_ids(project, "c")))
    served, calls = [], 0
    for path, item in spec["paths"].items():
        for method in ("get", "post", "put", "delete"):
            if method not in item:
                continue
            url = base + path.format(projectKey=project.backend.project_key, importContainerKey="c", id=op_id)
            body = {"type": path.split("/")[2].removesuffix("s"), "resources": []} if method == "post" else None
            if path.endswith("/import-containers"):
                body = {"key": f"new-{calls}"}
            if method == "put":
                body = {"key": "c", "version": 1}
            reply = project.http.request(method.upper(), url, json=body)
            calls += 1
            if reply.status_code != 501:
                served.append(item[method]["operationId"])
            if method == "delete":
                project.http.post(f"{base}/{project.backend.project_key}/import-containers", json={"key": "c"})
    assert calls == 26 and len(served) == 26, sorted(
        set(
            op["operationId"]
            for it in spec["paths"].values()
            for m, op in it.items()
            if m in ("get", "post", "put", "delete")
        )
        - set(served)
    )


def _states_ids(project: Project, container: str) -> list[str]:
    root = project.ctp.import_api_root().import_containers().with_import_container_key_value(container)
    return [op.id for op in root.import_operations().get().iter_all()]
