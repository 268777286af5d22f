"""The import types beyond the first six: types, discount codes, standalone prices, business units,
products with their variants (product, product-variant, variant, product-variant-patch), product
selections, product tailorings, orders and order patches.

Each is applied to the platform project as `_import_api` applies the others: upserted by key (orders
by order number), key references that do not resolve yet leave the operation `unresolved` until they
do, and what the platform would reject ends `validationFailed` with the platform's errors.

Products follow the Import API's split: a ProductImport creates nothing until its master variant
arrives (a ProductVariantImport with `isMasterVariant`); until then the product's operation, and any
other variant's for it, is `waitForMasterVariant`. `publish` as documented for ProductImport and
ProductVariantImport: absent, only the staged projection changes; true or false, both change (true
also publishes).
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import _spec
from ._errors import ApiFailure, invalid_json
from ._import_values import Unresolved, attribute, check_refs, draft, price, reference

if TYPE_CHECKING:
    from ._auth import Grant
    from ._backend import Backend

Apply = Callable[["Backend", "Grant", str, dict[str, Any]], int]


class WaitForMasterVariant(Exception):
    """The product (or the variant's product) waits for its master variant's import."""


def _upsert(backend: Backend, grant: Grant, now: str, segment: str, body: dict[str, Any], **kw: Any) -> int:
    from ._import_api import upsert

    return upsert(backend, grant, now, segment, body, **kw)


def _apply_type(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    return _upsert(backend, grant, now, "types", draft(backend, resource))


def _apply_discount_code(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    check_refs(backend, [("cart-discount", r) for r in resource.get("cartDiscounts") or []])
    return _upsert(backend, grant, now, "discount-codes", draft(backend, resource))


def _apply_standalone_price(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    refs = [("customer-group", resource.get("customerGroup")), ("channel", resource.get("channel"))]
    discounted = resource.get("discounted")
    if isinstance(discounted, dict):
        refs.append(("product-discount", discounted.get("discount")))
    check_refs(backend, refs)
    return _upsert(backend, grant, now, "standalone-prices", draft(backend, resource))


def _apply_business_unit(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    refs: list[tuple[str, Any]] = [("store", s) for s in resource.get("stores") or []]
    refs.append(("business-unit", resource.get("parentUnit")))
    for associate in resource.get("associates") or []:
        refs.append(("customer", associate.get("customer")))
        refs += [("associate-role", a.get("associateRole")) for a in associate.get("associateRoleAssignments") or []]
    check_refs(backend, refs)
    roles = ("shippingAddresses", "defaultShippingAddress", "billingAddresses", "defaultBillingAddress")
    # Checked before anything is stored: a failed import leaves the project as it was.
    count = len(resource.get("addresses") or [])
    for role in roles:
        value = resource.get(role)
        for index in value if isinstance(value, list) else [] if value is None else [value]:
            _address_id([""] * count, index)
    version = _upsert(
        backend, grant, now, "business-units", draft(backend, resource, drop=roles), keep_address_ids=True
    )
    # The address roles are indexes into `addresses`, stored as the addresses' ids.
    unit = backend.store.find("business-unit", "key", resource["key"])
    assert unit is not None
    for address in unit.get("addresses") or []:
        address.setdefault("id", str(uuid.uuid4())[:8])  # as the platform gives every address an id
    ids = [a["id"] for a in unit.get("addresses") or []]
    for kind in ("Shipping", "Billing"):
        wanted = [_address_id(ids, i) for i in resource.get(f"{kind.lower()}Addresses") or []]
        default = resource.get(f"default{kind}Address")
        if default is not None:
            unit[f"default{kind}AddressId"] = _address_id(ids, default)
            wanted += [] if unit[f"default{kind}AddressId"] in wanted else [unit[f"default{kind}AddressId"]]
        unit[f"{kind.lower()}AddressIds"] = wanted
    return version


def _address_id(ids: list[str], index: Any) -> str:
    if not isinstance(index, int) or not 0 <= index < len(ids):
        raise ApiFailure(400, "InvalidOperation", f"The address index {index} is out of range.")
    return ids[index]


def _apply_product_selection(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    """The selection upserted by key; its `assignments` replace the products it had, assigned (or, in
    mode IndividualExclusion, excluded) as the platform's addProduct/excludeProduct do."""
    from ._actions import apply_update
    from ._import_api import platform_ctx
    from ._product_selections import _ASSIGNMENTS

    assignments = resource.get("assignments") or []
    check_refs(backend, [("product", a.get("product")) for a in assignments])
    upsert_version = _upsert(backend, grant, now, "product-selections", draft(backend, resource, drop=("assignments",)))
    selection = backend.store.find("product-selection", "key", resource["key"])
    assert selection is not None
    for old in [a for a in backend.store.all(_ASSIGNMENTS) if a.get("selection") == selection["id"]]:
        backend.store.delete(_ASSIGNMENTS, old["id"])
    name = "excludeProduct" if selection.get("mode") == "IndividualExclusion" else "addProduct"
    actions = [{"action": name, **copy.deepcopy(a)} for a in assignments]
    if not actions:
        return upsert_version
    ctx = platform_ctx(backend, grant, now, "product-selections", None)
    body = {"version": selection["version"], "actions": actions}
    updated = apply_update(ctx, _spec.families()["product-selections"], selection, body)
    backend.store.put("product-selection", updated)
    return int(updated["version"])


_TAILORED = ("name", "description", "metaTitle", "metaDescription", "metaKeywords", "slug", "attributes")


def _apply_product_tailoring(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    """A product's tailoring for a store, upserted by key: the data in the staged projection (and the
    current one, published, with `publish: true`)."""
    check_refs(backend, [("store", resource.get("store")), ("product", resource.get("product"))])
    body = draft(backend, resource)
    data: dict[str, Any] = {k: body[k] for k in _TAILORED if body.get(k) is not None}
    variants = []
    for variant in resource.get("variants") or []:
        tailored = _variant_body(backend, variant)
        tailored.pop("key", None)
        product = backend.store.find("product", "key", resource["product"]["key"])
        assert product is not None
        staged = product["masterData"]["staged"]
        match = next(
            (v for v in [staged["masterVariant"], *staged.get("variants", [])] if v.get("sku") == variant.get("sku")),
            None,
        )
        if match is None:
            raise invalid_json(f"variants: the product has no variant with sku '{variant.get('sku')}'")
        variants.append({"id": match["id"], **tailored})
    if variants:
        data["variants"] = variants
    existing = backend.store.find("product-tailoring", "key", resource["key"])
    tailoring: dict[str, Any] = {
        "id": existing["id"] if existing else str(uuid.uuid4()),
        "version": existing["version"] + 1 if existing else 1,
        "createdAt": existing["createdAt"] if existing else now,
        "lastModifiedAt": now,
        "key": resource["key"],
        "store": {"typeId": "store", "key": resource["store"]["key"]},
        "product": reference(backend, resource["product"]),
        "published": bool(resource.get("publish")) or bool(existing and existing["published"]),
        "staged": data,
        "current": copy.deepcopy(data) if resource.get("publish") else (existing or {}).get("current", {}),
    }
    tailoring["hasStagedChanges"] = tailoring["staged"] != tailoring["current"]
    backend.store.put("product-tailoring", tailoring)
    from . import _history

    _history.observe(
        backend, "product-tailoring", tailoring, "ResourceCreated" if existing is None else "ResourceUpdated"
    )
    return int(tailoring["version"])


# --- products and variants --------------------------------------------------------------------------


def _pending_product(backend: Backend, key: str) -> dict[str, Any] | None:
    """The ProductImport waiting (for its master variant) for product `key`, if one is."""
    from ._other_apis import import_state

    for import_type, resource in import_state(backend).pending.values():
        if import_type == "product" and resource.get("key") == key:
            return resource
    return None


_PRODUCT_ROOT = ("key", "productType", "taxCategory", "state", "priceMode", "publish")


def _product_refs(resource: dict[str, Any]) -> list[tuple[str, Any]]:
    refs: list[tuple[str, Any]] = [("product-type", resource.get("productType"))]
    refs += [("category", c) for c in resource.get("categories") or []]
    return [*refs, ("tax-category", resource.get("taxCategory")), ("state", resource.get("state"))]


def _projections(product: dict[str, Any], publish: Any) -> list[dict[str, Any]]:
    master = product["masterData"]
    if publish is None:
        return [master["staged"]]
    if publish:
        master["published"] = True
    return [master["staged"], master["current"]]


def _bump(product: dict[str, Any], now: str) -> int:
    product["version"] += 1
    product["lastModifiedAt"] = now
    version: int = product["version"]
    return version


def _apply_product(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    check_refs(backend, _product_refs(resource))
    product = backend.store.find("product", "key", resource["key"])
    if product is None:
        raise WaitForMasterVariant()
    body = draft(backend, resource)
    for name in ("taxCategory", "state"):
        if name in body:
            product[name] = reference(backend, body[name])
    if "priceMode" in body:
        product["priceMode"] = body["priceMode"]
    if "productType" in body:
        product["productType"] = reference(backend, body["productType"])
    for data in _projections(product, resource.get("publish")):
        for name, value in body.items():
            if name in _PRODUCT_ROOT:
                continue
            if name == "categories":
                value = [reference(backend, c) for c in value]
            data[name] = value
    return _bump(product, now)


def _variant_body(backend: Backend, resource: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("key", "sku", "images"):
        if resource.get(name) is not None:
            out[name] = copy.deepcopy(resource[name])
    out["attributes"] = [attribute(backend, a) for a in resource.get("attributes") or []]
    assets = draft(backend, {"assets": resource.get("assets") or []})["assets"]
    for asset in assets:
        asset.setdefault("id", str(uuid.uuid4()))
        if isinstance(asset.get("custom"), dict):
            asset["custom"]["type"] = reference(backend, asset["custom"].get("type"))
    out["assets"] = assets
    return out


def _apply_product_variant(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    product_ref = resource.get("product") or {}
    product = backend.store.find("product", "key", product_ref.get("key"))
    if product is None:
        waiting = _pending_product(backend, str(product_ref.get("key")))
        if waiting is None:
            raise Unresolved([{"typeId": "product", "key": str(product_ref.get("key"))}])
        if not resource.get("isMasterVariant"):
            raise WaitForMasterVariant()
        # The master variant arrives: the waiting product is created with it (its own operation is
        # imported on the next pass, applying its fields to the product that now exists).
        check_refs(backend, _product_refs(waiting))
        body = draft(backend, waiting, drop=("publish",))
        body["masterVariant"] = _variant_body(backend, resource)
        if waiting.get("publish") or resource.get("publish"):
            body["publish"] = True
        return _upsert(backend, grant, now, "products", body)
    variant = _variant_body(backend, resource)
    for data in _projections(product, resource.get("publish")):
        variants = [data["masterVariant"], *data.get("variants", [])]
        existing = next((v for v in variants if v.get("key") == variant.get("key")), None)
        if existing is not None:
            existing.update(copy.deepcopy(variant))
            target = existing
        else:
            target = {"id": 1 + max(v["id"] for v in variants), "prices": [], **copy.deepcopy(variant)}
            data.setdefault("variants", []).append(target)
        if resource.get("isMasterVariant") and data["masterVariant"] is not target:
            # The imported variant becomes the master; the old master stays as a variant.
            data["variants"] = [v for v in data.get("variants", []) if v is not target] + [data["masterVariant"]]
            data["masterVariant"] = target
    return _bump(product, now)


def _apply_variant(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    """A VariantImport: a variant of an existing product, upserted by key."""
    return _apply_product_variant(backend, grant, now, {**resource, "isMasterVariant": False})


def _apply_variant_patch(backend: Backend, grant: Grant, now: str, patch: dict[str, Any]) -> int:
    """Attribute values set (null: removed) on one variant; `staged: false` changes both projections."""
    variant_key = (patch.get("productVariant") or {}).get("key")
    product_key = (patch.get("product") or {}).get("key")
    products = backend.store.all("product")
    for product in products if product_key is None else [p for p in products if p.get("key") == product_key]:
        staged = product["masterData"]["staged"]
        if any(v.get("key") == variant_key for v in [staged["masterVariant"], *staged.get("variants", [])]):
            break
    else:
        raise Unresolved([{"typeId": "product-variant", "key": str(variant_key)}])
    attributes = patch.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise invalid_json("attributes: expected an object of attribute name -> value")
    master = product["masterData"]
    targets = [master["staged"]] if patch.get("staged", True) is not False else [master["staged"], master["current"]]
    for data in targets:
        for variant in [data["masterVariant"], *data.get("variants", [])]:
            if variant.get("key") != variant_key:
                continue
            kept = {a["name"]: a for a in variant.get("attributes", [])}
            for name, value in attributes.items():
                if value is None:
                    kept.pop(name, None)
                else:
                    typed = value if isinstance(value, dict) and "value" in value else {"value": value}
                    kept[name] = attribute(backend, {**typed, "name": name})
            variant["attributes"] = list(kept.values())
    return _bump(product, now)


# --- orders -----------------------------------------------------------------------------------------


def _money(value: Any) -> Any:
    if isinstance(value, dict):
        out = dict(value)
        out.setdefault("type", "centPrecision")
        out.setdefault("fractionDigits", 2)
        return out
    return value


def _line_item(backend: Backend, draft_item: dict[str, Any], order: dict[str, Any]) -> dict[str, Any]:
    product_ref = draft_item.get("product")
    product = backend.store.find("product", "key", (product_ref or {}).get("key")) if product_ref else None
    variant = copy.deepcopy(draft_item.get("variant") or {})
    variant.setdefault("id", 1)
    variant["prices"] = [price(backend, p) for p in draft(backend, {"prices": variant.get("prices") or []})["prices"]]
    line_price = price(backend, draft(backend, {"price": draft_item.get("price") or {}})["price"])
    line_price["value"] = _money(line_price.get("value"))
    quantity = int(draft_item.get("quantity") or 1)
    item: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "productId": product["id"] if product else str(uuid.uuid4()),
        "name": draft_item.get("name") or {},
        "productType": product["productType"] if product else {"typeId": "product-type", "id": str(uuid.uuid4())},
        "variant": variant,
        "price": line_price,
        "quantity": quantity,
        "totalPrice": {**line_price["value"], "centAmount": line_price["value"].get("centAmount", 0) * quantity},
        "discountedPricePerQuantity": [],
        "taxedPricePortions": [],
        "state": [
            {"quantity": quantity, "state": reference(backend, s["state"])} for s in draft_item.get("state") or []
        ]
        or [],
        "perMethodTaxRate": [],
        "priceMode": "Platform",
        "lineItemMode": "Standard",
    }
    if product is not None:
        item["productKey"] = product.get("key")
    for name in ("taxRate", "inventoryMode"):
        if draft_item.get(name) is not None:
            item[name] = copy.deepcopy(draft_item[name])
    if draft_item.get("shippingDetails") is not None:
        item["shippingDetails"] = _shipping_details(draft_item["shippingDetails"], quantity)
    for name in ("supplyChannel", "distributionChannel"):
        if draft_item.get(name) is not None:
            item[name] = reference(backend, draft_item[name])
    if draft_item.get("custom") is not None:
        item["custom"] = _custom_ref(backend, draft(backend, {"custom": draft_item["custom"]})["custom"])
    return item


def _platform_values(backend: Backend, value: Any) -> Any:
    """Every KeyReference in `value` as the platform's `{typeId, id}`, every money amount typed."""
    if isinstance(value, list):
        return [_platform_values(backend, v) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"typeId", "key"}:
        # Stores are the one resource the platform references by key (StoreKeyReference).
        return dict(value) if value["typeId"] == "store" else reference(backend, value)
    out = {k: _platform_values(backend, v) for k, v in value.items()}
    return _money(out) if {"currencyCode", "centAmount"} <= out.keys() else out


def _with_ids(items: Any, now: str, *, created: bool = False) -> list[dict[str, Any]]:
    out = []
    for item in items or []:
        item = {"id": str(uuid.uuid4()), **item}
        if created:
            item.setdefault("createdAt", now)
        out.append(item)
    return out


def _shipping_details(details: dict[str, Any], quantity: Any) -> dict[str, Any]:
    """ItemShippingDetails: the targets as given; `valid` as the platform computes it (they add up)."""
    targets = copy.deepcopy(details.get("targets") or [])
    return {"targets": targets, "valid": sum(t.get("quantity", 0) for t in targets) == quantity}


def _custom_line_item(item: dict[str, Any]) -> dict[str, Any]:
    out = {"id": str(uuid.uuid4()), **item}
    # The import gives one discounted price for the item; the platform keeps it per quantity.
    out["discountedPricePerQuantity"] = [
        {"quantity": item.get("quantity", 1), "discountedPrice": d}
        for d in item.get("discountedPricePerQuantity") or []
    ]
    for name in ("state", "discountedPricePerQuantity", "perMethodTaxRate", "taxedPricePortions"):
        out.setdefault(name, [])
    if isinstance(out.get("shippingDetails"), dict):
        out["shippingDetails"] = _shipping_details(out["shippingDetails"], out.get("quantity"))
    if isinstance(out.get("taxedPrice"), dict):
        out["taxedPrice"] = {"taxPortions": [], **out["taxedPrice"]}
    out.setdefault("priceMode", "Standard")
    return out


def _shipping_info(info: dict[str, Any], now: str) -> dict[str, Any]:
    out = dict(info)
    out.setdefault("shippingMethodState", "MatchesCart")
    if isinstance(out.get("shippingRate"), dict):
        out["shippingRate"] = {"tiers": [], **out["shippingRate"]}
    deliveries = _with_ids(out.get("deliveries"), now, created=True)
    for delivery in deliveries:
        delivery["parcels"] = _with_ids(delivery.get("parcels"), now, created=True)
        delivery.setdefault("items", [])
    out["deliveries"] = deliveries
    return out


def _custom_ref(backend: Backend, custom: dict[str, Any]) -> dict[str, Any]:
    return {"type": reference(backend, custom.get("type")), "fields": custom.get("fields") or {}}


def _apply_order(backend: Backend, grant: Grant, now: str, resource: dict[str, Any]) -> int:
    """An order as imported (no cart): line items as given, states and prices as given."""
    refs: list[tuple[str, Any]] = [("customer", resource.get("customer"))]
    refs += [("customer-group", resource.get("customerGroup")), ("store", resource.get("store"))]
    refs += [("product", li.get("product")) for li in resource.get("lineItems") or []]
    check_refs(backend, refs)
    if not resource.get("orderNumber") or resource.get("totalPrice") is None:
        raise invalid_json("orderNumber, totalPrice: Missing required value")
    existing = backend.store.find("order", "orderNumber", resource["orderNumber"])
    body = draft(backend, resource)
    order: dict[str, Any] = {
        "id": existing["id"] if existing else str(uuid.uuid4()),
        "version": existing["version"] + 1 if existing else 1,
        "createdAt": existing["createdAt"] if existing else now,
        "lastModifiedAt": now,
        "orderState": "Open",
        "origin": "Customer",
        "syncInfo": [],
        "refusedGifts": [],
        "shippingMode": "Single",
        "shipping": [],
        "customLineItems": [],
        "taxMode": "Platform",
        "taxRoundingMode": "HalfEven",
        "taxCalculationMode": "LineItemLevel",
        "inventoryMode": "None",
        "lineItems": [],
        "totalPrice": _money(body["totalPrice"]),
    }
    for name, value in body.items():
        if name in ("customer", "lineItems", "totalPrice", "custom", "customerGroup", "store", "state"):
            continue
        order[name] = _platform_values(backend, value)
    order["customLineItems"] = [_custom_line_item(c) for c in order["customLineItems"]]
    if isinstance(order.get("shippingInfo"), dict):
        order["shippingInfo"] = _shipping_info(order["shippingInfo"], now)
    for name in ("shippingAddress", "billingAddress"):
        if isinstance(order.get(name), dict) and isinstance(order[name].get("custom"), dict):
            order[name]["custom"] = _custom_ref(backend, order[name]["custom"])
    order["itemShippingAddresses"] = [
        {**a, "custom": _custom_ref(backend, a["custom"])} if isinstance(a.get("custom"), dict) else a
        for a in order.get("itemShippingAddresses") or []
    ]
    if body.get("customer") is not None:
        order["customerId"] = reference(backend, body["customer"])["id"]
    for name in ("customerGroup", "store", "state"):
        if body.get(name) is not None:
            order[name] = _platform_values(backend, body[name])
    if body.get("custom") is not None:
        order["custom"] = _custom_ref(backend, body["custom"])
    order["lineItems"] = [_line_item(backend, li, order) for li in resource.get("lineItems") or []]
    backend.store.put("order", order)
    from . import _history

    _history.observe(backend, "order", order, "ResourceCreated" if existing is None else "ResourceUpdated")
    return int(order["version"])


# OrderField name -> the platform order update action it is
_ORDER_PATCHES = (
    "addReturnInfo",
    "addParcelToDelivery",
    "addDeliveries",
    "removeDelivery",
    "removeParcelFromDelivery",
    "setDeliveryAddress",
    "setParcelMeasurements",
    "setParcelTrackingData",
    "setParcelItems",
)


def _apply_order_patch(backend: Backend, grant: Grant, now: str, patch: dict[str, Any]) -> int:
    """The OrderField changes as the platform's order update actions (all of them, or none)."""
    from ._actions import apply_update
    from ._import_api import platform_ctx

    order = backend.store.find("order", "orderNumber", patch.get("orderNumber"))
    if order is None:
        raise Unresolved([{"typeId": "order", "key": str(patch.get("orderNumber"))}])
    fields = patch.get("fields") or {}
    actions: list[dict[str, Any]] = []
    for name in _ORDER_PATCHES:
        value = fields.get(name)
        if value is None:
            continue
        if name == "addDeliveries":
            actions += [{"action": "addDelivery", **d} for d in value]
        elif name == "setParcelItems":
            actions += [{"action": "setParcelItems", **p} for p in value]
        else:
            actions.append({"action": name, **value})
    unknown = set(fields) - set(_ORDER_PATCHES)
    if unknown:
        raise invalid_json(f"fields: unknown order patch fields {sorted(unknown)}")
    ctx = platform_ctx(backend, grant, now, "orders", None)
    family = _spec.families()["orders"]
    updated = apply_update(ctx, family, order, {"version": order["version"], "actions": actions})
    backend.store.put("order", updated)
    from . import _history

    _history.observe(backend, "order", updated, "ResourceUpdated")
    return int(updated["version"])


# import request path segment -> (ImportRequest `type`, the list field, apply function)
TYPES: dict[str, tuple[str, str, Apply]] = {
    "types": ("type", "resources", _apply_type),
    "discount-codes": ("discount-code", "resources", _apply_discount_code),
    "standalone-prices": ("standalone-price", "resources", _apply_standalone_price),
    "business-units": ("business-unit", "resources", _apply_business_unit),
    "products": ("product", "resources", _apply_product),
    "product-variants": ("product-variant", "resources", _apply_product_variant),
    "variants": ("variant", "resources", _apply_variant),
    "product-variant-patches": ("product-variant-patch", "patches", _apply_variant_patch),
    "product-selections": ("product-selection", "resources", _apply_product_selection),
    "product-tailorings": ("product-tailoring", "resources", _apply_product_tailoring),
    "orders": ("order", "resources", _apply_order),
    "order-patches": ("order-patch", "patches", _apply_order_patch),
}


def resource_key(import_type: str, resource: dict[str, Any]) -> str | None:
    """The operation's `resourceKey`: the key, or what identifies a keyless import resource."""
    if import_type in ("order", "order-patch"):
        number = resource.get("orderNumber")
        return number if isinstance(number, str) else None
    if import_type == "product-variant-patch":
        key = (resource.get("productVariant") or {}).get("key")
        return key if isinstance(key, str) else None
    key = resource.get("key")
    return key if isinstance(key, str) else None


__all__ = ["TYPES", "Apply", "WaitForMasterVariant", "resource_key"]
