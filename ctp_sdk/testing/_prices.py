"""Product price actions beyond add/set (`_catalog.py`): `changePrice` replaces one embedded price by
id, keeping the id (commercetools does), in the staged data or, with `staged: false`, in both."""

from __future__ import annotations

import copy
from typing import Any

from . import _spec
from ._actions import on_action
from ._catalog import _after_product_change, _price, _targets, all_variants
from ._context import Ctx
from ._errors import invalid_input
from ._resources import Resource


@on_action("product", "changePrice")
def _change_price(ctx: Ctx, family: _spec.Family, product: Resource, action: dict[str, Any]) -> None:
    price_id = action.get("priceId")
    new = _price(ctx, action.get("price"))
    new["id"] = price_id
    changed = False
    for data in _targets(product, action):
        for variant in all_variants(data):
            prices = variant.get("prices", [])
            for i, price in enumerate(prices):
                if price.get("id") == price_id:
                    prices[i] = copy.deepcopy(new)
                    changed = True
    if not changed:
        raise invalid_input(f"The price with ID '{price_id}' was not found.")
    _after_product_change(product)
