"""In-memory storage of resources as JSON dicts, by typeId, in creation order."""

from __future__ import annotations

from typing import Any

Resource = dict[str, Any]


class Store:
    """Resources by typeId and id. Not thread-safe: the backend serializes requests."""

    def __init__(self) -> None:
        self._data: dict[str, dict[str, Resource]] = {}

    def all(self, type_id: str) -> list[Resource]:
        return list(self._data.get(type_id, {}).values())

    def get(self, type_id: str, resource_id: str) -> Resource | None:
        return self._data.get(type_id, {}).get(resource_id)

    def find(self, type_id: str, field: str, value: Any) -> Resource | None:
        """The first resource whose top-level `field` equals `value` (keys, emails, order numbers)."""
        for resource in self._data.get(type_id, {}).values():
            if value is not None and resource.get(field) == value:
                return resource
        return None

    def put(self, type_id: str, resource: Resource) -> None:
        self._data.setdefault(type_id, {})[resource["id"]] = resource

    def delete(self, type_id: str, resource_id: str) -> None:
        self._data.get(type_id, {}).pop(resource_id, None)

    def unscoped(self) -> Store:
        """The whole project's data (a store-scoped view answers with the store it filters)."""
        return self

    def clear(self) -> None:
        self._data.clear()

    def counts(self) -> dict[str, int]:
        return {type_id: len(items) for type_id, items in self._data.items() if items}
