"""Checked by mypy (strict) in test_typing.py: the generated models type-check as users write them.

Not collected by pytest (no test_ prefix); it is only ever type-checked.
"""

from __future__ import annotations

import datetime
from typing import assert_type

from ctp_sdk._endpoint import Request
from ctp_sdk._generated.api.default import by_project_key_categories_by_id_get as get_category
from ctp_sdk._generated.api.default import by_project_key_categories_get as query_categories
from ctp_sdk._generated.api.default import by_project_key_categories_key_by_key_head as head_category
from ctp_sdk.models import (
    Cart,
    CartDraft,
    CartState,
    Category,
    CategoryChangeNameAction,
    CategoryPagedQueryResponse,
    CategorySetKeyAction,
    CategoryUpdate,
    CategoryUpdateAction,
    CentPrecisionMoneyDraft,
    ChannelDraft,
    ChannelRoleEnum,
    InventoryMode,
    LocalizedString,
    OrderReference,
    ReplicaCartDraft,
)

# Concrete actions are accepted where the base is expected, with no `action=` and no ignore.
update = CategoryUpdate(version=1, actions=[CategoryChangeNameAction(name={"en": "Shoes"}), CategorySetKeyAction()])
assert_type(update.actions, list[CategoryUpdateAction])
name: LocalizedString = {"en": "Shoes"}
assert_type(CategoryChangeNameAction(name=name).action, str)

money = CentPrecisionMoneyDraft(currency_code="EUR", cent_amount=100)
assert_type(money.cent_amount, int)

replica = ReplicaCartDraft(reference=OrderReference(id="o-1"))
assert_type(Category.from_dict({}), Category)
assert_type(Category.from_dict({}).created_at, datetime.datetime)
assert_type(Category.from_dict({}).key, str | None)
assert_type(Cart.from_dict({}).cart_state, CartState)

# Fields typed as an enum take its wire strings (a Literal of the known values) and hold the member.
draft = CartDraft(currency="EUR", inventory_mode="ReserveOnOrder")
assert_type(draft.inventory_mode, InventoryMode | None)
assert_type(
    ChannelDraft(key="k", roles=["InventorySupply", ChannelRoleEnum.PRIMARY]).roles, list[ChannelRoleEnum] | None
)

# Endpoint requests carry their exact success type; HEAD has none.
assert_type(get_category.request("p", "id"), Request[Category])
assert_type(query_categories.request("p", limit=20, predicate_vars={"k": "v"}), Request[CategoryPagedQueryResponse])
assert_type(head_category.request("p", "k"), Request[None])
