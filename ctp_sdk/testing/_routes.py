"""Handlers for operations that are not plain CRUD, registered by operation id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._context import Ctx

Handler = Callable[[Ctx], tuple[int, Any]]
"""Answers one call: (status, JSON body or None)."""

ROUTES: dict[str, Handler] = {}


def route(*operation_ids: str) -> Callable[[Handler], Handler]:
    """Register `handler` for the given spec operation ids (`ByProjectKeyMeActiveCartGet`)."""

    def register(handler: Handler) -> Handler:
        for op_id in operation_ids:
            if op_id in ROUTES:
                raise RuntimeError(f"two handlers for {op_id}")
            ROUTES[op_id] = handler
        return handler

    return register
