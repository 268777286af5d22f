"""Every field of an import resource arrives on the platform resource (the embedded backend's Import API).

For each import type the embedded backend serves, a maximal resource is built from the Import API
spec (every property, recursively: see import_maximal.py), submitted through the SDK's Importer,
and the platform resource is read back through the platform API and compared field by field: every
field the platform resource has must hold the imported value (custom fields and attributes untyped,
key references resolved). The import-only fields (address indexes, `publish`, ...) are checked
where the platform puts them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ctp_sdk.importapi import models as import_models
from import_maximal import SEED_KEYS, Project, assert_arrived, import_schemas, maximal, untyped


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    return import_schemas()


@pytest.fixture
def project() -> Iterator[Project]:
    found = Project()
    found.seed()
    yield found
    found.close()


def _model(name: str, data: dict[str, Any]) -> Any:
    model = getattr(import_models, name).from_dict(data)
    assert model.to_dict() == data, f"the SDK's {name} does not carry every field of the maximal import"
    return model


def test_a_customer_arrives_with_every_field_addresses_and_address_roles(
    schemas: dict[str, Any], project: Project
) -> None:
    data = maximal(schemas, "CustomerImport")
    assert len(data["addresses"]) == 2 and data["addresses"][1]["custom"]["fields"]
    project.import_one(_model("CustomerImport", data))
    read = project.get(f"/customers/key={data['key']}")
    roles = ("defaultShippingAddress", "defaultBillingAddress", "shippingAddresses", "billingAddresses")
    # The platform never returns the password; it hashes it (sign-in with it is checked below).
    expected = {k: v for k, v in untyped(data).items() if k not in (*roles, "password")}
    assert_arrived(expected, read, "customer", project.keys_of())
    ids = [a["id"] for a in read["addresses"]]
    assert read["defaultShippingAddressId"] == ids[data["defaultShippingAddress"]]
    assert read["defaultBillingAddressId"] == ids[data["defaultBillingAddress"]]
    assert read["shippingAddressIds"] == [ids[i] for i in data["shippingAddresses"]]
    assert read["billingAddressIds"] == [ids[i] for i in data["billingAddresses"]]
    # A customer of a store signs in through the store.
    signed_in = project.post(
        f"/in-store/key={SEED_KEYS['store']}/login", {"email": data["email"], "password": data["password"]}
    )
    assert signed_in["customer"]["id"] == read["id"]

    # Re-importing upserts by key: addresses keep their ids (matched by key), the version goes up.
    data["firstName"] = "changed"
    data["addresses"][1]["city"] = "changed"
    project.import_one(_model("CustomerImport", data))
    again = project.get(f"/customers/key={data['key']}")
    assert again["version"] == read["version"] + 1 and again["firstName"] == "changed"
    assert [a["id"] for a in again["addresses"]] == ids and again["addresses"][1]["city"] == "changed"
    assert again["defaultShippingAddressId"] == ids[1]


def test_a_category_arrives_with_every_field(schemas: dict[str, Any], project: Project) -> None:
    data = maximal(schemas, "CategoryImport")
    project.import_one(_model("CategoryImport", data))
    read = project.get(f"/categories/key={data['key']}")
    assert_arrived(untyped(data), read, "category", project.keys_of())


def test_a_product_type_arrives_with_every_field(schemas: dict[str, Any], project: Project) -> None:
    data = maximal(schemas, "ProductTypeImport")
    project.import_one(_model("ProductTypeImport", data))
    read = project.get(f"/product-types/key={data['key']}")
    assert_arrived(untyped(data), read, "productType", project.keys_of())


def test_an_inventory_entry_arrives_with_every_field(schemas: dict[str, Any], project: Project) -> None:
    data = maximal(schemas, "InventoryImport")
    project.import_one(_model("InventoryImport", data))
    read = project.get(f"/inventory/key={data['key']}")
    assert_arrived(untyped(data), read, "inventoryEntry", project.keys_of())


def test_a_product_draft_arrives_with_every_field(schemas: dict[str, Any], project: Project) -> None:
    data = maximal(schemas, "ProductDraftImport")
    assert data["publish"] is True
    project.import_one(_model("ProductDraftImport", data))
    read = project.get(f"/products/key={data['key']}")
    on_product = ("key", "productType", "taxCategory", "state", "priceMode")
    assert_arrived({k: data[k] for k in on_product}, read, "product", project.keys_of())
    projected = {k: v for k, v in untyped(data).items() if k not in (*on_product, "publish")}
    # `publish: true`: the current projection holds the same data as the staged one.
    for projection in ("staged", "current"):
        assert_arrived(projected, read["masterData"][projection], projection, project.keys_of())
    assert read["masterData"]["published"] is True


def test_a_price_arrives_with_every_field(schemas: dict[str, Any], project: Project) -> None:
    data = maximal(schemas, "PriceImport")
    data["productVariant"] = {"typeId": "product-variant", "key": SEED_KEYS["product-variant"]}
    data["staged"] = False  # both projections
    project.import_one(_model("PriceImport", data))
    read = project.get(f"/products/key={SEED_KEYS['product']}")
    expected = {k: v for k, v in untyped(data).items() if k not in ("product", "productVariant", "publish", "staged")}
    for projection in ("staged", "current"):
        (price,) = read["masterData"][projection]["masterVariant"]["prices"]
        assert_arrived(expected, price, f"{projection}.price", project.keys_of())


@pytest.mark.parametrize(
    ("import_name", "path", "not_on_platform"),
    [
        ("TypeImport", "/types", ()),
        ("DiscountCodeImport", "/discount-codes", ()),
        ("StandalonePriceImport", "/standalone-prices", ()),
    ],
)
def test_more_import_types_arrive_with_every_field(
    schemas: dict[str, Any], project: Project, import_name: str, path: str, not_on_platform: tuple[str, ...]
) -> None:
    project.seed_more()
    data = maximal(schemas, import_name)
    project.import_one(_model(import_name, data))
    read = project.get(f"{path}/key={data['key']}")
    expected = {k: v for k, v in untyped(data).items() if k not in not_on_platform}
    assert_arrived(expected, read, import_name, project.keys_of())


def test_a_business_unit_arrives_with_every_field_and_address_roles(schemas: dict[str, Any], project: Project) -> None:
    project.seed_more()
    data = maximal(schemas, "BusinessUnitImport")
    assert data["unitType"] == "Company"
    project.import_one(_model("BusinessUnitImport", data))
    read = project.get(f"/business-units/key={data['key']}")
    roles = ("defaultShippingAddress", "defaultBillingAddress", "shippingAddresses", "billingAddresses")
    expected = {k: v for k, v in untyped(data).items() if k not in roles}
    assert_arrived(expected, read, "businessUnit", project.keys_of())
    ids = [a["id"] for a in read["addresses"]]
    assert read["defaultShippingAddressId"] == ids[data["defaultShippingAddress"]]
    assert read["billingAddressIds"] == [ids[i] for i in data["billingAddresses"]]


def test_a_product_selection_arrives_with_its_assignments(schemas: dict[str, Any], project: Project) -> None:
    data = maximal(schemas, "ProductSelectionImport")
    project.import_one(_model("ProductSelectionImport", data))
    read = project.get(f"/product-selections/key={data['key']}")
    assert_arrived(untyped({k: v for k, v in data.items() if k != "assignments"}), read, "selection", project.keys_of())
    products = project.get(f"/product-selections/{read['id']}/products")
    assigned = [
        {k: v for k, v in a.items() if k in ("variantSelection", "variantExclusion")} | {"product": a["product"]}
        for a in products["results"]
    ]
    assert_arrived(untyped(data["assignments"]), assigned, "assignments", project.keys_of())


def test_an_order_arrives_with_every_field(schemas: dict[str, Any], project: Project) -> None:
    project.seed_more()
    data = maximal(schemas, "OrderImport")
    project.import_one(_model("OrderImport", data))
    read = project.get(f"/orders/order-number={data['orderNumber']}")
    # An imported order names its customer by id (`customerId`), as the platform's orders do.
    customer = project.backend.store.find("customer", "key", SEED_KEYS["customer"])
    assert customer is not None and read["customerId"] == customer["id"]
    expected = {k: v for k, v in untyped(data).items() if k != "customer"}
    # Where the platform's order shapes a field differently: a line item names its product by id and
    # key; a custom line item's discounted price is kept per quantity.
    for item in expected["lineItems"]:
        item["productKey"] = item.pop("product")["key"]
    for item in expected["customLineItems"]:
        item["discountedPricePerQuantity"] = [{"discountedPrice": d} for d in item["discountedPricePerQuantity"]]
    assert_arrived(expected, read, "order", project.keys_of())


def test_a_product_tailoring_arrives_with_every_field(schemas: dict[str, Any], project: Project) -> None:
    data = maximal(schemas, "ProductTailoringImport")
    data["variants"] = [{**data["variants"][0], "sku": "max-seed-sku"}]  # the seeded product's variant
    assert data["publish"] is True
    project.import_one(_model("ProductTailoringImport", data))
    read = project.get(f"/product-tailoring/key={data['key']}")
    assert_arrived({k: data[k] for k in ("key", "store", "product")}, read, "tailoring", project.keys_of())
    tailored = {k: v for k, v in untyped(data).items() if k not in ("key", "store", "product", "publish")}
    for variant in tailored["variants"]:
        del variant["sku"]  # the platform names the tailored variant by id
    assert read["published"] is True
    for projection in ("staged", "current"):
        assert_arrived(tailored, read[projection], projection, project.keys_of())
