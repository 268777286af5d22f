"""Workflows for the `/search` endpoints, raw JSON over HTTP, from commercetools' documentation
(https://docs.commercetools.com/api/projects/product-search, /api/projects/customer-search,
/api/search-query-language), run against the embedded backend and the peer server:

- product search: activate Product Search, publish a small catalog (enum colours, prices, two
  categories under a root), then full text, exact/prefix/range on variant fields, and/or/not,
  `categoriesSubTree`, sorting by price, paging, `markMatchingVariants`, distinct/count/range
  facets and `postFilter`, projections in the results; an unpublished product is never found;
- customer search: activate it, its indexing status, full text over `all`, exact email, prefix on
  names, address fields, sorting, paging.

Peer defects (commercetools-mock 4.4.0):
| workflow | peer behaviour | commercetools |
| --- | --- | --- |
| product search | answers before activation (no 400 `ObjectNotFound`) | refused until Product Search is activated |
| customer search | 404 `Route POST:/{projectKey}/customers/search not found` | the documented search |
"""

from __future__ import annotations

from typing import Any

import pytest

from test_workflows import Shop, _ok

from testing_targets import Target, run_workflow, unique


def _project_action(shop: Shop, action: dict[str, Any]) -> dict[str, Any]:
    project = _ok(shop.api.get(f"/{shop.p}"))
    return _ok(shop.api.post(f"/{shop.p}", json={"version": project["version"], "actions": [action]}))


def _catalog(shop: Shop, tag: str) -> dict[str, Any]:
    product_type = shop.create(
        "product-types",
        {
            "name": unique("fruit"),
            "description": "Fruit",
            "attributes": [
                {
                    "name": "colour",
                    "label": {"en": "Colour"},
                    "isRequired": False,
                    "type": {
                        "name": "enum",
                        "values": [{"key": "yellow", "label": "Yellow"}, {"key": "red", "label": "Red"}],
                    },
                }
            ],
        },
    )
    root = shop.create("categories", {"name": {"en": "Food"}, "slug": {"en": unique("food")}})
    fruit = shop.create(
        "categories",
        {"name": {"en": "Fruit"}, "slug": {"en": unique("fruit")}, "parent": {"typeId": "category", "id": root["id"]}},
    )
    products = {}
    for name, colour, cents, category in (
        ("Organic banana", "yellow", 120, fruit),
        ("Banana bread", "yellow", 450, root),
        ("Red apple", "red", 80, fruit),
        ("Lemon", "yellow", 60, fruit),
    ):
        products[name] = shop.create(
            "products",
            {
                "productType": {"typeId": "product-type", "id": product_type["id"]},
                "name": {"en": f"{name} {tag}"},
                "slug": {"en": unique("p")},
                "categories": [{"typeId": "category", "id": category["id"]}],
                "masterVariant": {
                    "sku": unique(name.split()[-1].lower()),
                    "prices": [{"value": {"currencyCode": "EUR", "centAmount": cents}}],
                    "attributes": [{"name": "colour", "value": colour}],
                },
                "variants": [
                    {
                        "sku": unique("big"),
                        "prices": [{"value": {"currencyCode": "EUR", "centAmount": cents * 3}}],
                        "attributes": [{"name": "colour", "value": colour}],
                    }
                ],
                "publish": True,
            },
        )
    shop.create(
        "products",
        {
            "productType": {"typeId": "product-type", "id": product_type["id"]},
            "name": {"en": f"Unpublished banana {tag}"},
            "slug": {"en": unique("p")},
            "publish": False,
        },
    )
    return {"root": root, "fruit": fruit, "products": products}


def product_search(target: Target) -> None:
    shop = Shop(target)
    path = f"/{shop.p}/products/search"
    inactive = shop.api.post(path, json={})
    assert inactive.status_code == 400 and inactive.json()["errors"][0]["code"] == "ObjectNotFound"
    _project_action(shop, {"action": "changeProductSearchIndexingEnabled", "enabled": True, "mode": "ProductsSearch"})
    tag = unique("t").replace("-", "")
    catalog = _catalog(shop, tag)
    ids = {name: p["id"] for name, p in catalog["products"].items()}

    def search(body: dict[str, Any]) -> dict[str, Any]:
        return _ok(shop.api.post(path, json=body))

    def names(found: dict[str, Any]) -> list[str]:
        by_id = {v: k for k, v in ids.items()}
        return [by_id.get(r["id"], "?") for r in found["results"]]

    mine = {"fullText": {"field": "name", "language": "en", "value": tag}}
    bananas = search(
        {"query": {"and": [mine, {"fullText": {"field": "name", "language": "en", "value": f"banana {tag}"}}]}}
    )
    assert sorted(names(bananas)) == ["Banana bread", "Organic banana"]
    cheap_yellow = search(
        {
            "query": {
                "and": [
                    mine,
                    {"exact": {"field": "variants.attributes.colour.key", "fieldType": "enum", "value": "yellow"}},
                    {"range": {"field": "variants.prices.centAmount", "lt": 200}},
                ]
            },
            "sort": [{"field": "variants.prices.centAmount", "order": "asc"}],
            "markMatchingVariants": True,
        }
    )
    assert names(cheap_yellow) == ["Lemon", "Organic banana"]
    lemon, banana = (r["matchingVariants"] for r in cheap_yellow["results"])
    assert lemon["allMatched"] is True and [v["id"] for v in lemon["matchedVariants"]] == [1, 2]  # 0.60, 1.80
    assert banana["allMatched"] is False and [v["id"] for v in banana["matchedVariants"]] == [1]  # 1.20, not 3.60
    in_root = search(
        {
            "query": {
                "and": [
                    mine,
                    {"exact": {"field": "categoriesSubTree", "value": catalog["root"]["id"]}},
                    {"not": [{"prefix": {"field": "name", "language": "en", "value": "Lem"}}]},
                ]
            },
            "sort": [{"field": "variants.prices.centAmount", "order": "desc"}],
            "limit": 2,
            "facets": [
                {"distinct": {"name": "colours", "field": "variants.attributes.colour.key", "fieldType": "enum"}},
                {"count": {"name": "variants", "level": "variants"}},
                {
                    "ranges": {
                        "name": "prices",
                        "field": "variants.prices.centAmount",
                        "ranges": [{"to": 100, "key": "cheap"}, {"from": 100, "key": "dear"}],
                    }
                },
            ],
            "productProjectionParameters": {},
        }
    )
    assert in_root["total"] == 3 and names(in_root) == ["Banana bread", "Organic banana"]
    facets = {f["name"]: f for f in in_root["facets"]}
    assert facets["colours"]["buckets"] == [{"key": "yellow", "count": 2}, {"key": "red", "count": 1}]
    assert facets["variants"]["value"] == 6
    assert facets["prices"]["buckets"] == [{"key": "cheap", "count": 1}, {"key": "dear", "count": 3}]
    assert in_root["results"][0]["productProjection"]["name"]["en"] == f"Banana bread {tag}"
    red_only = search(
        {
            "query": mine,
            "postFilter": {"exact": {"field": "variants.attributes.colour.key", "fieldType": "enum", "value": "red"}},
            "facets": [
                {"distinct": {"name": "colours", "field": "variants.attributes.colour.key", "fieldType": "enum"}}
            ],
        }
    )
    assert names(red_only) == ["Red apple"] and red_only["total"] == 1
    assert {b["key"] for b in red_only["facets"][0]["buckets"]} == {"yellow", "red"}
    either = search(
        {
            "query": {
                "or": [
                    {"exact": {"field": "id", "value": ids["Lemon"]}},
                    {"exact": {"field": "id", "values": [ids["Red apple"]]}},
                ]
            }
        }
    )
    assert sorted(names(either)) == ["Lemon", "Red apple"]
    page = search(
        {"query": mine, "sort": [{"field": "name", "language": "en", "order": "asc"}], "limit": 1, "offset": 1}
    )
    assert page["total"] == 4 and names(page) == ["Lemon"]
    assert shop.api.post(path, json={"limit": 101}).status_code == 400


def customer_search(target: Target) -> None:
    shop = Shop(target)
    path = f"/{shop.p}/customers/search"
    assert shop.api.head(path).status_code == 409
    project = _project_action(shop, {"action": "changeCustomerSearchStatus", "status": "Activated"})
    assert project["searchIndexing"]["customers"]["status"] == "Activated"
    tag = unique("z").replace("-", "")
    people = [("John", "Smith", "Berlin"), ("Johanna", "Jones", "Munich"), ("Mary", "Johnson", "Berlin")]
    created = {}
    for first, last, city in people:
        created[first] = shop.create(
            "customers",
            {
                "email": f"{first.lower()}.{tag}@example.com",
                "password": "secret-1",
                "firstName": first,
                "lastName": last,
                "companyName": tag,
                "addresses": [{"country": "DE", "city": city}],
            },
        )["customer"]
    status = _ok(shop.api.get(f"{path}/indexing-status"))
    assert status["status"] == "Ready" and status["states"]["indexed"] >= 3
    assert shop.api.head(path).status_code == 200

    def search(query: dict[str, Any], **extra: Any) -> list[str]:
        body = {"query": {"and": [{"exact": {"field": "companyName", "value": tag}}, query]}, **extra}
        found = _ok(shop.api.post(path, json=body))
        by_id = {c["id"]: name for name, c in created.items()}
        return [by_id[r["id"]] for r in found["results"]]

    assert search({"fullText": {"field": "all", "value": "john"}}) == ["John"]
    assert search({"exact": {"field": "email", "value": f"mary.{tag}@example.com"}}) == ["Mary"]
    assert search({"prefix": {"field": "firstName", "value": "joh", "caseInsensitive": True}}) == ["John", "Johanna"]
    assert search(
        {"exact": {"field": "addresses.city", "value": "Berlin"}}, sort=[{"field": "lastName", "order": "desc"}]
    ) == ["John", "Mary"]
    assert search({"exists": {"field": "firstName"}}, limit=1, offset=2) == ["Mary"]


WORKFLOWS = {"product_search": product_search, "customer_search": customer_search}
PEER_DEFECTS = {
    "product_search": "commercetools-mock answers Product Search before it is activated (no 400 ObjectNotFound)",
    "customer_search": "commercetools-mock has no Customer Search (404 route not found)",
}


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_workflow(name: str, target: Target, request: pytest.FixtureRequest) -> None:
    run_workflow(WORKFLOWS, PEER_DEFECTS, name, target, request)


def test_unindexed_fields_answer_501_and_malformed_queries_400(fake: Target) -> None:
    shop = Shop(fake)
    _project_action(shop, {"action": "changeProductSearchIndexingEnabled", "enabled": True, "mode": "ProductsSearch"})
    path = f"/{shop.p}/products/search"
    unknown = shop.api.post(path, json={"query": {"exact": {"field": "reviewRatingStatistics.count", "value": 1}}})
    assert unknown.status_code == 501
    no_type = shop.api.post(path, json={"query": {"exact": {"field": "variants.attributes.colour", "value": "x"}}})
    assert no_type.status_code == 400
    two = shop.api.post(
        path, json={"query": {"exact": {"field": "id", "value": "a"}, "prefix": {"field": "id", "value": "b"}}}
    )
    assert two.status_code == 400
    too_many = {"query": {"or": [{"exact": {"field": "id", "value": str(i)}} for i in range(50)]}}
    assert shop.api.post(path, json=too_many).status_code == 400
    projection_search = shop.api.get(f"/{shop.p}/product-projections/search")
    assert projection_search.status_code == 200  # Product Projection Search is a separate index
