"""The History (audit log) API on the embedded backend: one record per change made to the project
through the embedded platform API (and per resource an import creates or updates), queryable as the
History API's query parameters describe (resource type, id, key, record type, date range, paging).

A record's `changes` are derived from the update actions that made it: `changePrice` as a
`ChangePriceChange` with the price before and after, and `set<Field>` / `change<Field>` of a top-level
field as the matching `<Action>Change` with the field's previous and next value. Other actions make a
record without change entries (as History does for changes it does not track).
"""

from __future__ import annotations

import copy
import functools
import weakref
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ._errors import invalid_input

if TYPE_CHECKING:
    from ._auth import Grant
    from ._backend import Backend
    from ._context import Ctx


@dataclass
class HistoryState:
    records: list[dict[str, Any]] = field(default_factory=list)
    # (typeId, id) -> the resource as last recorded (the "previous" side of the next change)
    snapshots: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


_STATES: weakref.WeakKeyDictionary[Backend, HistoryState] = weakref.WeakKeyDictionary()


def state_of(backend: Backend) -> HistoryState:
    found = _STATES.get(backend)
    if found is None:
        found = _STATES[backend] = HistoryState()
    return found


def observe(
    backend: Backend,
    type_id: str,
    resource: dict[str, Any],
    record_type: str,
    changes: list[dict[str, Any]] | None = None,
    grant: Grant | None = None,
) -> None:
    """Record that `resource` (as it is now) was created, updated or deleted."""
    state = state_of(backend)
    version = int(resource.get("version", 1))
    modified_by: dict[str, Any] = {"isPlatformClient": False, "type": "application"}
    if grant is not None:
        modified_by["id"] = grant.client_id
        modified_by["clientId"] = grant.client_id
    label = {"type": "StringLabel", "value": str(resource.get("key") or resource["id"])}
    previous = state.snapshots.get((type_id, resource["id"]))
    reference: dict[str, Any] = {"typeId": type_id, "id": resource["id"]}
    if resource.get("key") is not None:
        reference["key"] = resource["key"]
    state.records.append(
        {
            "version": version,
            "previousVersion": int(previous["version"]) if previous else 0,
            "type": record_type,
            "modifiedBy": modified_by,
            "modifiedAt": resource.get("lastModifiedAt") or resource.get("createdAt"),
            "label": label,
            "previousLabel": {"type": "StringLabel", "value": str((previous or resource).get("key") or resource["id"])},
            "changes": changes or [],
            "resource": reference,
            "stores": [],
            "withoutChanges": not changes,
        }
    )
    if record_type == "ResourceDeleted":
        state.snapshots.pop((type_id, resource["id"]), None)
    else:
        state.snapshots[(type_id, resource["id"])] = copy.deepcopy(resource)


def record_platform_call(
    backend: Backend, ctx_op_method: str, type_id: str | None, body: Any, result: Any, grant: Grant
) -> None:
    """After a successful platform POST/DELETE that answered a resource: record what it changed."""
    if type_id is None or not isinstance(result, dict) or "id" not in result or "version" not in result:
        return
    state = state_of(backend)
    before = state.snapshots.get((type_id, result["id"]))
    if ctx_op_method == "DELETE":
        observe(backend, type_id, result, "ResourceDeleted", grant=grant)
        return
    actions = body.get("actions") if isinstance(body, dict) else None
    if before is None and not actions:
        observe(backend, type_id, result, "ResourceCreated", grant=grant)
        return
    if before is not None and before.get("version") == result.get("version"):
        return  # a read-like POST (search, replicate) changed nothing
    changes = [c for action in actions or [] if (c := _change(action, before or {}, result)) is not None]
    observe(backend, type_id, result, "ResourceUpdated", changes, grant=grant)


def _change(action: Any, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any] | None:
    if not isinstance(action, dict) or not isinstance(action.get("action"), str):
        return None
    name: str = action["action"]
    if name == "changePrice":
        return _price_change(action, before, after)
    for prefix in ("set", "change"):
        if name.startswith(prefix) and len(name) > len(prefix):
            prop = name[len(prefix)].lower() + name[len(prefix) + 1 :]
            type_name = name[0].upper() + name[1:] + "Change"
            if type_name not in _simple_change_types() or (prop not in before and prop not in after):
                return None
            change = {"type": type_name, "change": name}
            if before.get(prop) is not None:
                change["previousValue"] = copy.deepcopy(before[prop])
            if after.get(prop) is not None:
                change["nextValue"] = copy.deepcopy(after[prop])
            return change
    return None


def _price_change(action: dict[str, Any], before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any] | None:
    staged = action.get("staged", True)
    catalog = "staged" if staged else "current"

    def find(resource: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        data = resource.get("masterData", {}).get(catalog, {})
        for variant in [data.get("masterVariant", {}), *data.get("variants", [])]:
            for price in variant.get("prices", []):
                if price.get("id") == action.get("priceId"):
                    return str(variant.get("sku") or variant.get("id")), price
        return None

    old, new = find(before), find(after)
    if old is None or new is None:
        return None
    return {
        "type": "ChangePriceChange",
        "change": "changePrice",
        "previousValue": copy.deepcopy(old[1]),
        "nextValue": copy.deepcopy(new[1]),
        "catalogData": catalog,
        "priceId": action["priceId"],
        "variant": new[0],
    }


@functools.cache
def _simple_change_types() -> frozenset[str]:
    """History change types fully described by previousValue/nextValue (no extra required fields)."""
    import attrs

    from .. import history

    models = __import__(f"{history.__name__}.models", fromlist=["__all__"])
    out = set()
    for name in models.__all__:
        if not name.endswith("Change") or not name[0].isupper():
            continue
        cls = getattr(models, name)
        if not attrs.has(cls):
            continue
        required = {f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING}
        if required <= {"type", "change", "previous_value", "next_value"}:
            out.add(name)
    return frozenset(out)


# --- queries -------------------------------------------------------------------------------------


def _instant(raw: str, name: str, now: str) -> datetime:
    if raw == "now":  # the spec's DateStringFilter keyword
        raw = now
    try:
        if raw.isdigit():
            return datetime.fromtimestamp(int(raw) / 1000, tz=UTC)
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise invalid_input(f"{name}: expected an ISO 8601 date-time or epoch milliseconds, got {raw!r}") from None


def query(backend: Backend, ctx: Ctx, resource_type: str | None, resource_id: str | None) -> dict[str, Any]:
    records = state_of(backend).records
    types = {resource_type} if resource_type else set(ctx.qs("resourceTypes"))
    start = _instant(ctx.q("date.from") or "", "date.from", ctx.now) if ctx.q("date.from") else None
    end = _instant(ctx.q("date.to") or "", "date.to", ctx.now) if ctx.q("date.to") else None
    wanted_changes = set(ctx.qs("changes"))
    out = []
    for record in reversed(records):  # newest first, as History answers
        ref = record["resource"]
        if types and ref["typeId"] not in types:
            continue
        if (resource_id or ctx.q("resourceId")) not in (None, ref["id"]):
            continue
        if ctx.q("resourceKey") not in (None, ref.get("key")):
            continue
        if ctx.q("type") not in (None, record["type"]):
            continue
        if ctx.q("clientId") not in (None, record["modifiedBy"].get("clientId")):
            continue
        if wanted_changes and not wanted_changes & {c["change"] for c in record["changes"]}:
            continue
        when = datetime.fromisoformat(str(record["modifiedAt"]).replace("Z", "+00:00"))
        if (start is not None and when < start) or (end is not None and when > end):
            continue
        out.append(record)
    limit = ctx.q_int("limit", 20) or 20
    offset = ctx.q_int("offset", 0) or 0
    if not 0 < limit <= 500 or offset < 0:
        raise invalid_input("limit must be 1..500 and offset >= 0")
    page = out[offset : offset + limit]
    answer: dict[str, Any] = {"limit": limit, "offset": offset, "count": len(page), "results": page}
    if ctx.q_bool("withTotal") or ctx.q("withTotal") is None:
        answer["total"] = len(out)
    return answer
