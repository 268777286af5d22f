"""Discount sort orders are unique, as commercetools documents them
(https://docs.commercetools.com/api/projects/cartDiscounts#cartdiscount: CartDiscount.sortOrder "is unique among
all CartDiscounts and DiscountGroups"; /api/projects/productDiscounts#productdiscount: ProductDiscount.sortOrder
"Unique decimal value between 0 and 1"). A second discount with a sort order in use answers 400 DuplicateField,
which is why the official Java SDK's CartDiscountFixtures and ProductFixtures delete the discount holding
`sortOrder="0.41"` / `"0.3"` before creating theirs. Cart discounts in a DiscountGroup share the group's.
"""

from __future__ import annotations

from typing import Any

from ._context import Ctx
from ._errors import ApiFailure

# resource type -> the resource types whose sort orders it must not repeat
_SHARED_WITH = {
    "cart-discount": ("cart-discount", "discount-group"),
    "discount-group": ("cart-discount", "discount-group"),
    "product-discount": ("product-discount",),
}


def check_sort_order(ctx: Ctx, type_id: str, resource: dict[str, Any]) -> None:
    """400 DuplicateField if another discount (outside `resource`'s discount group) holds its sortOrder."""
    sort_order = resource.get("sortOrder")
    if sort_order is None or resource.get("discountGroup") is not None:
        return
    store = ctx.store.unscoped()
    for other_type in _SHARED_WITH.get(type_id, ()):
        for other in store.all(other_type):
            if other["id"] == resource["id"] or other.get("discountGroup") is not None:
                continue
            if other.get("sortOrder") == sort_order:
                raise ApiFailure(
                    400,
                    "DuplicateField",
                    f"A duplicate value '\"{sort_order}\"' exists for field 'sortOrder'.",
                    field="sortOrder",
                    duplicateValue=sort_order,
                    conflictingResource={"typeId": other_type, "id": other["id"]},
                )
