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

import httpx
import pytest

from ctp_sdk.importapi import Importer
from ctp_sdk.importapi import models as import_models
from ctp_sdk.testing import Backend
from import_maximal import SEED_KEYS, assert_arrived, import_schemas, maximal, untyped


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    return import_schemas()


class Project:
    """An embedded backend with the resources the maximal imports reference, and raw platform reads."""

    def __init__(self) -> None:
        self.backend = Backend()
        self.ctp = self.backend.ctp_client()
        self.http = httpx.Client(
            transport=self.backend.transport(), base_url=f"{self.backend.api_url}/{self.backend.project_key}"
        )
        self.http.headers["authorization"] = f"Bearer {self._token()}"

    def _token(self) -> str:
        reply = httpx.Client(transport=self.backend.transport()).post(
            f"{self.backend.auth_url}/oauth/token",
            data={"grant_type": "client_credentials", "scope": f"manage_project:{self.backend.project_key}"},
            auth=(self.backend.client.client_id, self.backend.client.client_secret),
        )
        reply.raise_for_status()
        token: str = reply.json()["access_token"]
        return token

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        reply = self.http.post(path, json=body)
        assert reply.status_code in (200, 201), reply.text
        out: dict[str, Any] = reply.json()
        return out

    def get(self, path: str) -> dict[str, Any]:
        reply = self.http.get(path)
        assert reply.status_code == 200, reply.text
        out: dict[str, Any] = reply.json()
        return out

    def keys_of(self) -> dict[str, str]:
        """id -> key of every resource the store holds (to read references back as keys)."""
        out: dict[str, str] = {}
        for type_id in SEED_KEYS:
            found = self.backend.store.find(type_id, "key", SEED_KEYS[type_id])
            if found is not None:
                out[found["id"]] = SEED_KEYS[type_id]
        return out

    def seed(self) -> None:
        k = SEED_KEYS
        self.post("/types", {"key": k["type"], "name": {"en": "max"}, "resourceTypeIds": ["category"]})
        self.post("/categories", {"key": k["category"], "name": {"en": "c"}, "slug": {"en": k["category"]}})
        self.post("/product-types", {"key": k["product-type"], "name": "pt", "description": "pt"})
        self.post("/tax-categories", {"key": k["tax-category"], "name": "tc"})
        self.post("/states", {"key": k["state"], "type": "ProductState"})
        self.post("/channels", {"key": k["channel"], "roles": ["InventorySupply"]})
        self.post("/customer-groups", {"key": k["customer-group"], "groupName": "g"})
        self.post("/stores", {"key": k["store"]})
        self.post(
            "/product-discounts",
            {
                "key": k["product-discount"],
                "name": {"en": "pd"},
                "value": {"type": "relative", "permyriad": 100},
                "predicate": "1 = 1",
                "sortOrder": "0.5",
                "isActive": True,
            },
        )
        self.post(
            "/products",
            {
                "key": k["product"],
                "name": {"en": "p"},
                "slug": {"en": k["product"]},
                "productType": {"typeId": "product-type", "key": k["product-type"]},
                "masterVariant": {"sku": "max-seed-sku", "key": k["product-variant"]},
                "publish": True,
            },
        )

    def import_one(self, resource: Any) -> None:
        importer = Importer(self.ctp.import_api_root(), "fidelity", sleep=lambda seconds: None)
        importer.submit([resource])
        result = importer.wait()
        assert result.ok, f"{result}: {result.errors()} {[op.to_dict() for op in result.unresolved]}"

    def close(self) -> None:
        self.http.close()
        self.ctp.close()


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
