"""The spec's resource annotations (`x-annotation-createable/updateable/deleteable`), for every spec version.

Specs before 2026-08 carry none of them, yet the fake backend (`ctp_sdk.testing`, through
`spec_index.RESOURCES`) needs them to know the standard resources. When the spec has none, each path
gets the annotations spec/api.lock published for it (if the path and its models still exist; a path the
lock knows without annotations is not a resource), and paths the lock does not know get them derived
from their structure: a collection whose POST takes a `...Draft`
and whose `/{ID}` node reads a model is createable; `/{ID}` updated by a `...Update` body is updateable,
and deleteable if it has a DELETE.
"""

from __future__ import annotations

from typing import Any

from .diagnostics import Diagnostics
from .preprocess import SCHEMA_PREFIX, Spec

KEYS = ("createable", "updateable", "deleteable")


def _ref(schema: Any) -> str | None:
    ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
    return ref[len(SCHEMA_PREFIX) :] if ref.startswith(SCHEMA_PREFIX) else None


def _body(op: dict[str, Any]) -> str | None:
    return _ref(op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema"))


def _result(op: dict[str, Any]) -> str | None:
    for status in ("200", "201"):
        response = op.get("responses", {}).get(status)
        if response:
            return _ref(response.get("content", {}).get("application/json", {}).get("schema"))
    return None


def derived(path: str, spec: Spec) -> dict[str, str]:
    paths = spec["paths"]
    item = paths[path]
    root = path == "/{projectKey}"
    single = item if root else paths.get(path + "/{ID}")
    out: dict[str, str] = {}
    model = _result(single["get"]) if single and "get" in single else None
    draft = _body(item["post"]) if "post" in item and not root else None
    if draft and draft.endswith("Draft") and model:
        out["createable"] = draft
    update = _body(single["post"]) if single and "post" in single else None
    if model and update and update.endswith("Update"):
        out["updateable"] = model
    if model and single and "delete" in single and not root:
        out["deleteable"] = model
    return out


def resources(
    spec: Spec, locked: dict[str, dict[str, str]], diag: Diagnostics, known: frozenset[str] = frozenset()
) -> dict[str, dict[str, str]]:
    """Path -> {createable: Draft, updateable: Model, deleteable: Model} for the standard resources.
    `known`: the paths the lock has published (a known path without locked marks is not a resource)."""
    annotated = {
        path: {key: str(item[f"x-annotation-{key}"]) for key in KEYS if f"x-annotation-{key}" in item}
        for path, item in spec["paths"].items()
    }
    annotated = {path: marks for path, marks in annotated.items() if marks}
    if any("x-ctp-overlay-annotations" not in spec["paths"][path] for path in annotated):
        return annotated
    schemas = spec["components"]["schemas"]
    out: dict[str, dict[str, str]] = {}
    from_lock = from_structure = 0
    for path in spec["paths"]:
        marks = locked.get(path)
        if marks is not None and all(model in schemas for model in marks.values()):
            from_lock += 1
        elif path in known:
            continue
        else:
            marks = derived(path, spec)
            from_structure += 1 if marks else 0
        if marks:
            out[path] = marks
    diag.warn(
        "spec/api.lock",
        f"this spec has no x-annotation-createable/updateable/deleteable: {from_lock} resources taken from "
        f"spec/api.lock, {from_structure} derived from the path structure",
    )
    return out
