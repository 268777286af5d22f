"""The project itself: `GET` / `HEAD /{projectKey}` and its update actions (`POST /{projectKey}`);
Messages (`_messages`). API Extensions are in `_extensions`.

Settings the fake acts on or merely reports are changed as the API does; changes that would need
behaviour the fake does not have answer 501 rather than pretend: external OAuth (tokens come only
from this backend's auth server), reservation expiry.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from . import _messages, _spec
from ._context import Ctx
from ._errors import invalid_json, not_implemented
from ._resources import check_version
from ._routes import route

Action = dict[str, Any]


def _carts(field: str, key: str) -> Callable[[dict[str, Any], Action], None]:
    def change(project: dict[str, Any], action: Action) -> None:
        project["carts"][field] = action.get(key)

    return change


def _replace(field: str, key: str) -> Callable[[dict[str, Any], Action], None]:
    def change(project: dict[str, Any], action: Action) -> None:
        value = action.get(key)
        if value is None:
            project.pop(field, None)
        else:
            project[field] = copy.deepcopy(value)

    return change


def _search_status(index: str) -> Callable[[dict[str, Any], Action], None]:
    def change(project: dict[str, Any], action: Action) -> None:
        status = action.get("status") or ("Activated" if action.get("enabled") else "Deactivated")
        # `changeProductSearchIndexingEnabled` switches Product Search (`productsSearch`) with mode
        # ProductsSearch, Product Projection Search (`products`) without a mode.
        name = "productsSearch" if index == "products" and action.get("mode") == "ProductsSearch" else index
        project.setdefault("searchIndexing", {})[name] = {"status": status}

    return change


def _my_unit_status(project: dict[str, Any], action: Action) -> None:
    project.setdefault("businessUnits", {})["myBusinessUnitStatusOnCreation"] = action.get("status")


def _my_unit_role(project: dict[str, Any], action: Action) -> None:
    # Stored as the key reference the API answers with; only a key identifier can be turned into one
    # here (project actions do not see the resources), an id answers 501.
    role = action.get("associateRole")
    settings = project.setdefault("businessUnits", {})
    settings.setdefault("myBusinessUnitStatusOnCreation", "Inactive")
    if role is None:
        settings.pop("myBusinessUnitAssociateRoleOnCreation", None)
    elif isinstance(role, dict) and role.get("key"):
        settings["myBusinessUnitAssociateRoleOnCreation"] = {"typeId": "associate-role", "key": role["key"]}
    else:
        raise not_implemented("setMyBusinessUnitAssociateRoleOnCreation with an id (give the role's key)")


def _carts_config(project: dict[str, Any], action: Action) -> None:
    project["carts"].update(copy.deepcopy(action.get("cartsConfiguration") or {}))


def _inventory(project: dict[str, Any], action: Action) -> None:
    project["inventory"]["releaseExpiredReservations"] = bool(action.get("releaseExpiredReservations"))


_ACTIONS: dict[str, Callable[[dict[str, Any], Action], None]] = {
    "changeName": _replace("name", "name"),
    "changeCountries": _replace("countries", "countries"),
    "changeCurrencies": _replace("currencies", "currencies"),
    "changeLanguages": _replace("languages", "languages"),
    "changeMessagesConfiguration": _messages.configure,
    "changeMessagesEnabled": _messages.configure,
    "changeCartsConfiguration": _carts_config,
    "changeCountryTaxRateFallbackEnabled": _carts("countryTaxRateFallbackEnabled", "countryTaxRateFallbackEnabled"),
    "changePriceRoundingMode": _carts("priceRoundingMode", "priceRoundingMode"),
    "changeTaxRoundingMode": _carts("taxRoundingMode", "taxRoundingMode"),
    "changeShoppingListsConfiguration": _replace("shoppingLists", "shoppingListsConfiguration"),
    "setShippingRateInputType": _replace("shippingRateInputType", "shippingRateInputType"),
    "setDiscountsConfiguration": _replace("discounts", "discountsConfiguration"),
    "setProductCatalogModel": _replace("productCatalogModel", "productCatalogModel"),
    "setReleaseExpiredReservations": _inventory,
    "changeProductSearchIndexingEnabled": _search_status("products"),
    "changeOrderSearchStatus": _search_status("orders"),
    "changeCustomerSearchStatus": _search_status("customers"),
    "changeBusinessUnitSearchStatus": _search_status("businessUnits"),
    "changeMyBusinessUnitStatusOnCreation": _my_unit_status,
    "setMyBusinessUnitAssociateRoleOnCreation": _my_unit_role,
}


@route("ByProjectKeyGet", "ByProjectKeyHead")
def _get(ctx: Ctx) -> tuple[int, Any]:
    return 200, (None if ctx.op.method == "HEAD" else copy.deepcopy(ctx.project))


@route("ByProjectKeyPost")
def _update(ctx: Ctx) -> tuple[int, Any]:
    body = ctx.body_dict()
    project = ctx.project
    check_version({"id": project["key"], **project}, body.get("version"))
    actions = body.get("actions")
    if not isinstance(actions, list):
        raise invalid_json("actions: Missing required value")
    work = copy.deepcopy(project)
    for action in actions:
        name = action.get("action") if isinstance(action, dict) else None
        if not isinstance(name, str):
            raise invalid_json("actions -> action: Missing required value")
        if name not in _spec.subtypes("ProjectUpdateAction"):
            raise invalid_json(f"actions -> action: Unknown update action '{name}' for Project.")
        change = _ACTIONS.get(name)
        if change is None:
            raise not_implemented(f"Project update action '{name}'")
        change(work, action)
    if work != project:
        work["version"] += 1
    project.clear()
    project.update(work)
    return 200, copy.deepcopy(project)
