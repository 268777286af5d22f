"""Search Term Suggestions (`GET /product-projections/suggest`), raw JSON over HTTP, on the embedded
backend and the peer server (https://docs.commercetools.com/api/projects/search-term-suggestions):
keyword tokens by tokenizer, prefixes, fuzzy, staged, limit.
"""

from __future__ import annotations

from typing import Any

import pytest

from test_workflows import Shop, _ok

from testing_targets import Target, run_workflow, unique


def _word(prefix: str) -> str:
    return unique(prefix).replace("-", "")  # one token, unique on a shared (peer) server


def _product(shop: Shop, keywords: dict[str, Any], *, publish: bool) -> None:
    product_type = shop.create("product-types", {"name": unique("kw"), "description": "keywords"})
    draft = {
        "productType": {"typeId": "product-type", "id": product_type["id"]},
        "name": {"en": "Tool"},
        "slug": {"en": unique("tool")},
        "masterVariant": {"sku": unique("kw")},
        "searchKeywords": keywords,
        "publish": publish,
    }
    shop.create("products", draft)


def suggestions(target: Target) -> None:
    shop = Shop(target)
    tool, knife, box = _word("tool"), _word("knife"), _word("box")
    multi = f"Multi {tool}"
    _product(
        shop,
        {
            "en": [
                {"text": multi, "suggestTokenizer": {"type": "whitespace"}},
                {"text": f"Swiss army {knife}"},
            ],
            "de": [
                {
                    "text": "Schweizer Messer",
                    "suggestTokenizer": {"type": "custom", "inputs": [f"offiziers{knife}", "sackmesser"]},
                }
            ],
        },
        publish=True,
    )
    _product(shop, {"en": [{"text": f"{tool}box {box}"}]}, publish=False)

    def suggest(**params: str) -> dict[str, Any]:
        return _ok(shop.api.get(f"/{shop.p}/product-projections/suggest", params=params))

    # A whitespace-tokenized keyword is suggested for any token's prefix; an untokenized one only
    # for the prefix of its whole text.
    assert suggest(**{"searchKeywords.en": tool[:-2]}) == {"searchKeywords.en": [{"text": multi}]}
    assert suggest(**{"searchKeywords.en": knife}) == {"searchKeywords.en": []}
    # A custom tokenizer's inputs, in another locale, in one request.
    both = suggest(**{"searchKeywords.de": f"offiziers{knife[:4]}", "searchKeywords.en": "multi"})
    assert both["searchKeywords.de"] == [{"text": "Schweizer Messer"}]
    assert multi in [s["text"] for s in both["searchKeywords.en"]]  # (the peer may hold others)
    # staged=true sees the unpublished product's keywords.
    staged = suggest(**{"searchKeywords.en": tool, "staged": "true"})
    assert sorted(s["text"] for s in staged["searchKeywords.en"]) == sorted([multi, f"{tool}box {box}"])
    # fuzzy: two characters swapped is one edit, within the level for a term of more than 5 characters.
    typo = "otol" + tool[4:]  # "tool..." with its first two characters swapped
    assert suggest(**{"searchKeywords.en": typo}) == {"searchKeywords.en": []}
    assert suggest(**{"searchKeywords.en": typo, "fuzzy": "true"}) == {"searchKeywords.en": [{"text": multi}]}
    assert suggest(**{"searchKeywords.en": tool, "staged": "true", "limit": "1"})["searchKeywords.en"] == [
        {"text": multi}
    ]


WORKFLOWS = {"suggestions": suggestions}
PEER_DEFECTS: dict[str, str] = {}


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_suggest_workflow(name: str, target: Target, request: pytest.FixtureRequest) -> None:
    run_workflow(WORKFLOWS, PEER_DEFECTS, name, target, request)


def test_suggest_needs_a_locale_parameter(fake: Target) -> None:
    shop = Shop(fake)
    response = shop.api.get(f"/{shop.p}/product-projections/suggest", params={"fuzzy": "true"})
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["code"] == "InvalidInput"
