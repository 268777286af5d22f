"""The in-store operations (`/{projectKey}/in-store/key={storeKey}/...`), by one path rule.

An in-store operation is answered by the handler of its project-level counterpart (the same method
on the path without `/in-store/key={storeKey}`), run on a `StoreView` of the data:

- resources whose model has a `store` field (carts, orders, shopping lists, quotes, ...) are visible
  only when it names this store; those with a `stores` list (customers, cart discounts, discount codes,
  business units, ...) when it contains this store or is empty (global customers sign in anywhere).
  Anything else is hidden, so reads, updates and deletes of another store's resource answer 404
  `ResourceNotFound`, queries and `/me/active-cart` see only the store's resources, and a cart or
  guest cart of another store cannot be ordered or taken over on sign-in;
- a resource created through the path gets `store: {typeId: "store", key}` (or `stores: [that]` when
  the draft gives none); the store must exist, else 400 `ReferencedResourceNotFound` (typeId store);
- sign-in (`/login`, `/me/login`, the in-store password flow) accepts global customers and those of
  the store; a store's customers cannot sign in globally nor in another store (`InvalidCredentials`);
- the catalog: products are the store's assortment (all, or those its active Product Selections
  include, `_product_selections`); a store with distribution or supply channels or languages
  answers 501 wherever products are read, since the fake does not model what those change
  (availability, price selection, localization).

Which typeIds belong to stores is read from the generated models (`store` / `stores` fields typed
`StoreKeyReference`), the counterparts from the operation table. An in-store operation whose
counterpart is unsupported answers 501 like any other.
"""

from __future__ import annotations

import functools
from typing import Any

from . import _spec
from ._errors import not_implemented
from ._product_selections import in_assortment
from ._store import Resource, Store

IN_STORE = "/{projectKey}/in-store/key={storeKey}"
_CATALOG_RESTRICTIONS = ("distributionChannels", "supplyChannels", "languages")


@functools.cache
def counterparts() -> dict[str, _spec.Op]:
    """In-store operation id -> its project-level operation (same method, path without the store)."""
    by_path = {(op.method, op.path): op for op in _spec.operations()}
    out: dict[str, _spec.Op] = {}
    for op in _spec.operations():
        if op.path.startswith(IN_STORE + "/"):
            base = by_path.get((op.method, "/{projectKey}" + op.path[len(IN_STORE) :]))
            if base is not None:
                out[op.id] = base
    return out


@functools.cache
def store_fields() -> dict[str, str]:
    """typeId -> `store` (belongs to one store) or `stores` (to a list of them; empty = all)."""
    out: dict[str, str] = {}
    for family in _spec.families().values():
        fields = _spec.model_fields(family.model)
        for name in ("store", "stores"):
            info = fields.get(name)
            if info is not None and "StoreKeyReference" in info.class_names:
                out[family.type_id] = name
    return out


def store_keys(type_id: str, resource: Resource) -> list[str] | None:
    """The keys of the stores `resource` belongs to (empty: all stores); None if not store-bound."""
    field = store_fields().get(type_id)
    if field is None:
        return None
    value: Any = resource.get(field)
    refs = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    return [str(ref.get("key")) for ref in refs if isinstance(ref, dict)]


class StoreView(Store):
    """The data as seen through `/in-store/key={store_key}`: writes go to the project's store."""

    def __init__(self, inner: Store, store_key: str, operation: str) -> None:
        super().__init__()
        self._data = inner._data
        self._inner = inner
        self.store_key = store_key
        self.operation = operation  # the in-store operation id, for 501 answers

    def unscoped(self) -> Store:
        return self._inner

    def _visible(self, type_id: str, resource: Resource) -> bool:
        keys = store_keys(type_id, resource)
        if keys is None:
            return True
        if store_fields()[type_id] == "stores" and not keys:
            return True
        return self.store_key in keys

    def _check(self, type_id: str) -> None:
        if type_id != "product":
            return
        store = self._inner.find("store", "key", self.store_key)
        restricted = [name for name in _CATALOG_RESTRICTIONS if store is not None and store.get(name)]
        if restricted:
            raise not_implemented(
                f"Operation {self.operation} on products of store '{self.store_key}' (its {', '.join(restricted)})"
            )

    def _in_assortment(self, type_id: str, resource: Resource) -> bool:
        if type_id != "product":
            return True
        shop = self._inner.find("store", "key", self.store_key)
        return shop is None or in_assortment(self._inner, shop, resource["id"])

    def all(self, type_id: str) -> list[Resource]:
        self._check(type_id)
        return [r for r in super().all(type_id) if self._visible(type_id, r) and self._in_assortment(type_id, r)]

    def get(self, type_id: str, resource_id: str) -> Resource | None:
        self._check(type_id)
        found = super().get(type_id, resource_id)
        if found is None or not self._visible(type_id, found) or not self._in_assortment(type_id, found):
            return None
        return found

    def find(self, type_id: str, field: str, value: Any) -> Resource | None:
        for resource in self.all(type_id):
            if value is not None and resource.get(field) == value:
                return resource
        return None
