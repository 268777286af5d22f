"""Maximal Import API resources built from the Import API spec, and the comparison with what the
platform API reads back (used by test_import_fidelity.py).

`maximal(spec, "CustomerImport")` fills every property of the schema, recursively (two items in lists,
one of each discriminated kind where the kind decides the value's shape), with values the platform
accepts: key references name the resources `seed()` creates, dates are dates, country and currency
codes are codes. A property the generator cannot fill fails the test rather than going missing.
"""

from __future__ import annotations

import copy
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from codegen.preprocess import load_yaml
from shared_data import require_spec

from ctp_sdk.importapi import Importer
from ctp_sdk.testing import Backend

Schema = dict[str, Any]

# typeId -> the key of the resource seed() creates for references of that type
SEED_KEYS = {
    "category": "max-category",
    "product-type": "max-product-type",
    "tax-category": "max-tax-category",
    "state": "max-state",
    "channel": "max-channel",
    "customer-group": "max-customer-group",
    "store": "max-store",
    "type": "max-type",
    "product-discount": "max-product-discount",
    "product": "max-product",
    "product-variant": "max-variant",
    "customer": "max-customer",
    "cart-discount": "max-cart-discount",
    "shipping-method": "max-shipping-method",
    "business-unit": "max-business-unit",
    "associate-role": "max-associate-role",
    "key-value-document": "max-custom-object",
    "discount-code": "max-discount-code",
    "order": "max-order",
    "payment": "max-payment",
    "cart": "max-cart",
    "price": "max-price",
    "variant": "max-variant",
}

# Strings whose value the platform checks, by property name.
_STRINGS = {
    "email": "max@example.com",
    "contactEmail": "max@example.com",
    "customerEmail": "max@example.com",
    "country": "DE",
    "currencyCode": "EUR",
    "locale": "en",
    "password": "s3cret-Passw0rd",
    "sku": "max-sku",
    "url": "https://example.com/max.png",
    "uri": "https://example.com/max.pdf",
    "contentType": "application/pdf",
    "cartPredicate": "1 = 1",
    "code": "MAX-CODE",
}
_INTEGERS = {"defaultShippingAddress": 1, "defaultBillingAddress": 0, "fractionDigits": 2, "minimumQuantity": 2}
_INTEGER_LISTS = {"shippingAddresses": [0, 1], "billingAddresses": [0]}
# Discriminated kinds whose shape the test fixes (the first mapping entry is taken otherwise).
_KINDS = {"Attribute": "text", "TypedMoney": "centPrecision"}


class _Cycle(Exception):
    """A schema that contains itself: the optional property that recurses is left out."""


class Generator:
    def __init__(self, schemas: dict[str, Schema]) -> None:
        self.schemas = schemas
        self.stack: list[str] = []

    def named(self, name: str, prop: str = "") -> Any:
        if name in self.stack:
            raise _Cycle(name)
        self.stack.append(name)
        try:
            return self._named(name, prop)
        finally:
            self.stack.pop()

    def _named(self, name: str, prop: str) -> Any:
        schema = self.schemas[name]
        if name.endswith("KeyReference") and name != "KeyReference":
            mapping = self.schemas["KeyReference"]["discriminator"]["mapping"]
            type_id = next(k for k, ref in mapping.items() if ref.endswith("/" + name))
            return {"typeId": type_id, "key": SEED_KEYS[type_id]}
        if name == "Custom":
            return {"type": {"typeId": "type", "key": SEED_KEYS["type"]}, "fields": self.custom_fields()}
        if name == "LocalizedString":
            return {"en": f"{prop or 'text'} (max)", "de": f"{prop or 'text'} (max, de)"}
        disc = self.discriminator(schema)
        if disc is not None and "allOf" not in schema:
            mapping = disc["mapping"]
            kind = _KINDS.get(name, next(iter(mapping)))
            return self.named(mapping[kind].rsplit("/", 1)[1], prop)
        return self.value(schema, prop)

    def custom_fields(self) -> dict[str, Any]:
        # One custom field of each kind the Import API types, with a value of that kind.
        values: dict[str, Any] = {
            "Boolean": True,
            "String": "max",
            "LocalizedString": {"en": "max"},
            "Enum": "max-enum",
            "LocalizedEnum": "max-lenum",
            "Number": 42,
            "Money": {"type": "centPrecision", "currencyCode": "EUR", "centAmount": 4200, "fractionDigits": 2},
            "Date": "2026-01-02",
            "Time": "03:04:05.000",
            "DateTime": "2026-01-02T03:04:05.000Z",
            "Reference": {"typeId": "category", "key": SEED_KEYS["category"]},
        }
        out = {f"f{kind}": {"type": kind, "value": v} for kind, v in values.items()}
        out.update({f"f{kind}Set": {"type": f"{kind}Set", "value": [v]} for kind, v in values.items()})
        return out

    def discriminator(self, schema: Schema) -> dict[str, Any] | None:
        for part in [schema, *schema.get("allOf", [])]:
            if "discriminator" in part and part["discriminator"].get("mapping"):
                found: dict[str, Any] = part["discriminator"]
                return found
        return None

    def resolve(self, schema: Schema) -> Schema:
        while "$ref" in schema:
            schema = self.schemas[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def properties(self, schema: Schema) -> dict[str, Schema]:
        out: dict[str, Schema] = {}
        for part in schema.get("allOf", []):
            out.update(self.properties(self.resolve(part)))
        out.update(schema.get("properties") or {})
        return out

    def value(self, schema: Schema, prop: str) -> Any:
        if "$ref" in schema:
            return self.named(schema["$ref"].rsplit("/", 1)[1], prop)
        props = self.properties(schema)
        if props or schema.get("type") == "object":
            out = {}
            required = set(schema.get("required", [])).union(*(p.get("required", []) for p in schema.get("allOf", [])))
            for name, sub in props.items():
                try:
                    out[name] = self.value(sub, name)
                except _Cycle:
                    if name in required:
                        raise

            disc = next((d for d in [self.discriminator(self.resolve(p)) for p in schema.get("allOf", [])] if d), None)
            if disc is not None:
                own = (schema.get("allOf") or [{}])[-1].get("properties", {}).get(disc["propertyName"], {})
                kinds = [k for k, ref in disc["mapping"].items() if ref.endswith("/" + self.name_of(schema))]
                out[disc["propertyName"]] = own.get("enum", kinds or [None])[0]
            return out
        kind = schema.get("type")
        if kind == "array":
            if prop in _INTEGER_LISTS:
                return list(_INTEGER_LISTS[prop])
            count = 2 if prop in ("addresses", "variants", "prices", "assets", "images") else 1
            return [self._indexed(self.value(schema["items"], prop), i) for i in range(count)]
        if "enum" in schema:
            return schema["enum"][0]
        if kind == "boolean":
            return True
        if kind in ("integer", "number"):
            # Whole numbers also where the spec says `number` (centAmount, quantities: integers in fact).
            return _INTEGERS.get(prop, 3)
        if kind == "string":
            fmt = schema.get("format")
            if fmt in ("date-time", "datetime"):
                return "2026-01-02T03:04:05.000Z"
            if fmt in ("date", "date-only"):
                return "1990-05-06"
            if fmt in ("time", "time-only"):
                return "03:04:05.000"
            return _STRINGS.get(prop, f"max-{prop or 'value'}")
        raise AssertionError(f"cannot generate a value for {prop}: {schema}")

    def name_of(self, schema: Schema) -> str:
        return next((n for n, s in self.schemas.items() if s is schema), "")

    @staticmethod
    def _indexed(value: Any, i: int) -> Any:
        """The i-th list item: string keys, SKUs and slugs made distinct (the platform wants them unique)."""
        if i == 0 or not isinstance(value, dict):
            return value
        out = copy.deepcopy(value)
        for name in ("key", "sku"):
            if isinstance(out.get(name), str):
                out[name] = f"{out[name]}-{i}"
        return out


def import_schemas() -> dict[str, Schema]:
    spec = require_spec().parent.parent / "import" / "openapi.yaml"
    schemas: dict[str, Schema] = load_yaml(Path(spec).read_bytes())["components"]["schemas"]
    return schemas


def maximal(schemas: dict[str, Schema], name: str) -> dict[str, Any]:
    out = Generator(schemas).named(name)
    assert isinstance(out, dict)
    return out


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def assert_arrived(expected: Any, actual: Any, path: str, keys_of: dict[str, str]) -> None:
    """Every field of `expected` (the import resource, its typed values untyped) is in `actual` (the
    platform resource as read back) with the same value; a platform reference `{typeId, id}` counts as
    its key (`keys_of`: id -> key). Extra fields on the platform side (ids, versions) are fine."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, read {actual!r}"
        if "typeId" in expected and "key" in expected and set(expected) == {"typeId", "key"}:
            read_key = actual.get("key") or keys_of.get(str(actual.get("id")))
            assert read_key == expected["key"], f"{path}: reference {expected} read back as {actual}"
            return
        for name, value in expected.items():
            assert name in actual, f"{path}.{name} did not arrive (read {sorted(actual)})"
            assert_arrived(value, actual[name], f"{path}.{name}", keys_of)
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: {expected!r} read as {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            assert_arrived(e, a, f"{path}[{i}]", keys_of)
    elif isinstance(expected, str) and _DATE.match(expected) and isinstance(actual, str):
        assert _instant(expected) == _instant(actual), f"{path}: {expected} read back as {actual}"
    else:
        assert expected == actual, f"{path}: {expected!r} read back as {actual!r}"


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def untyped(value: Any) -> Any:
    """The import value as the platform holds it: custom fields and attributes without their `type`."""
    if isinstance(value, list):
        return [untyped(v) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for name, item in value.items():
        if name == "custom" and isinstance(item, dict):
            out[name] = {
                "type": item["type"],
                "fields": {k: untyped(f["value"]) for k, f in (item.get("fields") or {}).items()},
            }
        elif name == "attributes" and isinstance(item, list) and all("value" in a for a in item):
            out[name] = [{"name": a["name"], "value": untyped(a["value"])} for a in item]
        else:
            out[name] = untyped(item)
    return out


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

    def seed_more(self) -> None:
        """What the other import types reference: a cart discount, a customer, a shipping method, a role."""
        k = SEED_KEYS
        self.post(
            "/cart-discounts",
            {
                "key": k["cart-discount"],
                "name": {"en": "cd"},
                "value": {"type": "relative", "permyriad": 100},
                "cartPredicate": "1 = 1",
                "target": {"type": "lineItems", "predicate": "1 = 1"},
                "sortOrder": "0.4",
                "requiresDiscountCode": True,
            },
        )
        self.post("/customers", {"key": k["customer"], "email": "seed@example.com", "password": "seed-Passw0rd"})
        self.post(
            "/shipping-methods",
            {
                "key": k["shipping-method"],
                "name": "standard",
                "taxCategory": {"typeId": "tax-category", "key": k["tax-category"]},
                "zoneRates": [],
                "isDefault": False,
            },
        )
        self.post("/associate-roles", {"key": k["associate-role"], "buyerAssignable": True, "permissions": []})

    def import_one(self, resource: Any) -> None:
        importer = Importer(self.ctp.import_api_root(), "fidelity", sleep=lambda seconds: None)
        importer.submit([resource])
        result = importer.wait()
        assert result.ok, f"{result}: {result.errors()} {[op.to_dict() for op in result.unresolved]}"

    def close(self) -> None:
        self.http.close()
        self.ctp.close()
