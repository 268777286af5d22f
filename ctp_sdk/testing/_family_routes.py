"""CRUD handlers for standard resources the generic dispatcher cannot find by path: Order Edits
(`/orders/edits`, two segments) and Subscriptions (no `Reference` type names them).

`register(family, prefix)` answers `<prefix>Get/Head` (query), `<prefix>ByID*` and `<prefix>KeyByKey*`
(get, head, update, delete) like the generic handlers of `_backend` answer the other resources; the
family's create handler stays its module's own.
"""

from __future__ import annotations

from typing import Any

from . import _actions, _spec
from ._context import Ctx
from ._resources import check_version, delete_version, load, query, view
from ._routes import route


def register(family: _spec.Family, prefix: str) -> None:
    def _query(ctx: Ctx) -> tuple[int, Any]:
        page = query(ctx, ctx.store.all(family.type_id))
        if ctx.op.method == "HEAD":
            return (200 if page["results"] else 404), None
        return 200, page

    def _get(ctx: Ctx) -> tuple[int, Any]:
        found = load(ctx, family)
        return 200, (None if ctx.op.method == "HEAD" else view(ctx, found))

    def _update(ctx: Ctx) -> tuple[int, Any]:
        updated = _actions.apply_update(ctx, family, load(ctx, family), ctx.body)
        ctx.store.put(family.type_id, updated)
        return 200, view(ctx, updated)

    def _delete(ctx: Ctx) -> tuple[int, Any]:
        found = load(ctx, family)
        check_version(found, delete_version(ctx))
        ctx.store.delete(family.type_id, found["id"])
        return 200, view(ctx, found)

    route(f"{prefix}Get", f"{prefix}Head")(_query)
    single = (f"{prefix}ByID", f"{prefix}KeyByKey")
    route(*(f"{s}{m}" for s in single for m in ("Get", "Head")))(_get)
    route(*(f"{s}Post" for s in single))(_update)
    route(*(f"{s}Delete" for s in single))(_delete)
