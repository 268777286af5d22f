"""The decode workloads' inputs: real example payloads from the spec repository and two synthetic pages of
ProductProjections shaped like a real catalogue (prices, images, attributes): 500 x 20 variants, and
issue 13's 100 x 20 variants with more prices, images and (localized, nested) attributes per variant."""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Payload", "catalog_page", "examples_dir", "load_payloads", "product_page"]

_DEFAULT_REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "spec" / "commercetools-api-reference"


@dataclass(frozen=True)
class Payload:
    """One JSON document to decode: `model` is the class name in `ctp_sdk.models`."""

    name: str
    model: str
    raw: bytes


def examples_dir() -> Path:
    """`examples/` of the spec repository: next to CTP_SPEC_PATH (`.../oas/api/openapi.yaml`), or the
    shared checkout."""
    spec = os.environ.get("CTP_SPEC_PATH")
    parents = Path(spec).resolve().parents if spec else ()
    # A CTP_SPEC_PATH not shaped `<reference>/oas/api/openapi.yaml` names no examples: report them missing.
    reference = parents[2] if len(parents) > 2 else (_DEFAULT_REFERENCE if not spec else Path(spec).parent)
    return reference / "examples"


# (label, model, example file, JSON pointer into it)
_EXAMPLES = (
    ("Cart", "Cart", "carts.example.json", ("results", 0)),
    ("Order", "Order", "order.example.json", ()),
    ("Product", "Product", "product.example.json", ()),
    ("ProductProjection", "ProductProjection", "product-projection.example.json", ()),
)


def load_payloads() -> list[Payload]:
    """The four example objects, re-serialised compactly (as the API sends them)."""
    out = []
    for label, model, file, pointer in _EXAMPLES:
        data: Any = json.loads((examples_dir() / file).read_bytes())
        for step in pointer:
            data = data[step]
        out.append(Payload(label, model, _compact(data)))
    return out


def _compact(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def product_page(products: int = 500, variants: int = 20) -> Payload:
    """A `ProductProjectionPagedQueryResponse` of `products` projections, each with a master variant and
    `variants - 1` more (2 prices, 2 images, 5 attributes, availability each)."""
    results = [_projection(p, variants) for p in range(products)]
    page = {"limit": products, "offset": 0, "count": products, "total": products * 7, "results": results}
    return Payload(f"page {products}x{variants}", "ProductProjectionPagedQueryResponse", _compact(page))


def _uuid(kind: int, n: int) -> str:
    return f"{kind:08x}-{n >> 16 & 0xFFFF:04x}-4{n & 0xFFF:03x}-8000-{n:012x}"


def _ref(type_id: str, n: int) -> dict[str, Any]:
    return {"typeId": type_id, "id": _uuid(zlib.crc32(type_id.encode()) & 0xFFFF, n)}


def _projection(p: int, variants: int) -> dict[str, Any]:
    slug = f"product-{p}"
    return {
        "id": _uuid(1, p),
        "version": 7 + p % 5,
        "key": f"product-key-{p}",
        "productType": _ref("product-type", p % 4),
        "name": {"en": f"Product {p}", "de": f"Produkt {p}"},
        "description": {"en": f"<p>Description of product {p}.</p>", "de": f"<p>Beschreibung {p}.</p>"},
        "categories": [_ref("category", p % 12), _ref("category", 100 + p % 3)],
        "categoryOrderHints": {_uuid(3, p % 12): "0.5"},
        "slug": {"en": slug, "de": slug + "-de"},
        "metaTitle": {"en": f"Product {p}"},
        "metaDescription": {"en": f"Buy product {p}"},
        "masterVariant": _variant(p, 1),
        "variants": [_variant(p, v) for v in range(2, variants + 1)],
        "searchKeywords": {},
        "hasStagedChanges": p % 7 == 0,
        "published": True,
        "taxCategory": _ref("tax-category", 1),
        "reviewRatingStatistics": {
            "averageRating": 4.2,
            "highestRating": 5,
            "lowestRating": 2,
            "count": 17,
            "ratingsDistribution": {"2": 1, "4": 8, "5": 8},
        },
        "createdAt": "2024-03-05T10:11:12.345Z",
        "lastModifiedAt": "2025-01-31T09:30:00.000Z",
        "attributes": [],
    }


def _variant(p: int, v: int) -> dict[str, Any]:
    sku = f"SKU-{p:05d}-{v:02d}"
    return {
        "id": v,
        "sku": sku,
        "key": sku.lower(),
        "prices": [
            {
                "id": _uuid(4, p * 100 + v),
                "value": {"type": "centPrecision", "currencyCode": "EUR", "centAmount": 1999 + v, "fractionDigits": 2},
                "country": "DE",
            },
            {
                "id": _uuid(5, p * 100 + v),
                "value": {"type": "centPrecision", "currencyCode": "USD", "centAmount": 2199 + v, "fractionDigits": 2},
                "customerGroup": _ref("customer-group", 1),
                "validFrom": "2025-01-01T00:00:00.000Z",
            },
        ],
        "images": [
            {"url": f"https://images.example.com/{sku}-{i}.jpg", "dimensions": {"w": 1400, "h": 1400}, "label": "front"}
            for i in range(2)
        ],
        "attributes": [
            {"name": "color", "value": {"key": "blue", "label": {"en": "Blue", "de": "Blau"}}},
            {"name": "size", "value": {"key": str(36 + v), "label": str(36 + v)}},
            {"name": "material", "value": {"en": "cotton", "de": "Baumwolle"}},
            {"name": "weight", "value": 0.25 + v / 100},
            {"name": "new", "value": v % 2 == 0},
        ],
        "assets": [],
        "availability": {"isOnStock": True, "availableQuantity": 10 + v, "version": 3, "id": _uuid(6, p * 100 + v)},
    }


_CURRENCIES = (("EUR", "DE"), ("USD", "US"), ("GBP", "GB"))


def catalog_page(products: int = 100, variants: int = 20) -> Payload:
    """A `ProductProjectionPagedQueryResponse` shaped like a catalogue export (issue 13): `products`
    projections of `variants` variants each, every variant with 3 prices in 3 currencies, 3 images with
    dimensions, 8 attributes (half of them localized, some nested: enum labels, sets, nested objects)
    and availability."""
    results = []
    for p in range(products):
        projection = _projection(p, 1)
        projection["masterVariant"] = _catalog_variant(p, 1)
        projection["variants"] = [_catalog_variant(p, v) for v in range(2, variants + 1)]
        results.append(projection)
    page = {"limit": products, "offset": 0, "count": products, "total": products * 40, "results": results}
    return Payload(f"page {products}x{variants} catalog", "ProductProjectionPagedQueryResponse", _compact(page))


def _catalog_variant(p: int, v: int) -> dict[str, Any]:
    sku = f"CAT-{p:05d}-{v:02d}"
    n = p * 100 + v
    return {
        "id": v,
        "sku": sku,
        "key": sku.lower(),
        "prices": [
            {
                "id": _uuid(7 + c, n),
                "key": f"{sku}-{currency.lower()}",
                "value": {
                    "type": "centPrecision",
                    "currencyCode": currency,
                    "centAmount": 999 + v * (c + 1),
                    "fractionDigits": 2,
                },
                "country": country,
            }
            for c, (currency, country) in enumerate(_CURRENCIES)
        ],
        "images": [
            {
                "url": f"https://images.example.com/{sku}-{i}.jpg",
                "dimensions": {"w": 1200, "h": 1600},
                "label": ("front", "back", "detail")[i],
            }
            for i in range(3)
        ],
        "attributes": [
            {"name": "color", "value": {"key": "navy", "label": {"en": "Navy", "de": "Marineblau", "fr": "Marine"}}},
            {"name": "material", "value": {"en": "organic cotton", "de": "Bio-Baumwolle", "fr": "coton bio"}},
            {
                "name": "care",
                "value": [{"en": "wash at 30", "de": "Waschen bei 30"}, {"en": "no dryer", "de": "Kein Trockner"}],
            },
            {"name": "fit", "value": {"key": "regular", "label": {"en": "Regular", "de": "Normal"}}},
            {"name": "size", "value": {"key": str(34 + v), "label": str(34 + v)}},
            {"name": "weight", "value": 0.3 + v / 100},
            {"name": "ecoFriendly", "value": v % 3 == 0},
            {"name": "supplier", "value": {"typeId": "channel", "id": _uuid(8, p % 9)}},
        ],
        "assets": [],
        "availability": {"isOnStock": True, "availableQuantity": 5 + v, "version": 2, "id": _uuid(9, n)},
    }
