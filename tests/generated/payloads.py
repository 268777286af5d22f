"""Small valid payloads shared by the generated-layer tests."""

from __future__ import annotations

from typing import Any

CATEGORY: dict[str, Any] = {
    "id": "c-1",
    "version": 3,
    "createdAt": "2024-01-31T09:30:00.000Z",
    "lastModifiedAt": "2024-01-31T09:30:00.000Z",
    "name": {"en": "Shoes"},
    "slug": {"en": "shoes"},
    "ancestors": [],
    "orderHint": "0.1",
    "assets": [],
}
