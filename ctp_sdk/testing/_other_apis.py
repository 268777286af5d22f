"""Where the embedded backend answers the Import, History and Checkout APIs.

commercetools serves them on their own hosts; the backend serves every API on one origin (one
loopback port for `serve()`), so each other API lives under a path prefix of the backend's URL
(`Backend.import_url` = `<api_url>/_import`...). Project keys cannot contain `_`, so a prefix never
collides with a platform path. Import API paths (`import-containers` in them) collide with none either,
so they are answered without the prefix too: a client whose import URL is the API URL (the default for a
host that is not commercetools', e.g. `python -m ctp_sdk.testing serve`) reaches them.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote

from . import _history, _import_api
from ._context import Ctx
from ._errors import ApiFailure, invalid_json, not_implemented

if TYPE_CHECKING:
    from ._backend import Backend

PREFIXES = {"/_import/": "import", "/_history/": "history", "/_checkout/": "checkout"}
SCOPES = {
    "import": ("manage_import_containers:{projectKey}", "manage_project:{projectKey}"),
    "history": ("view_audit_log:{projectKey}", "manage_audit_log:{projectKey}", "manage_project:{projectKey}"),
}

_IMPORT_STATES: weakref.WeakKeyDictionary[Backend, _import_api.ImportState] = weakref.WeakKeyDictionary()


def import_state(backend: Backend) -> _import_api.ImportState:
    """The backend's Import API data (containers, operations, what is still processing)."""
    state = _IMPORT_STATES.get(backend)
    if state is None:
        state = _IMPORT_STATES[backend] = _import_api.ImportState()
    return state


def api_of(path: str) -> str | None:
    found = next((api for prefix, api in PREFIXES.items() if path.startswith(prefix)), None)
    if found is None and _is_bare_import_path(path):
        return "import"
    return found


def _is_bare_import_path(path: str) -> bool:
    parts = path.strip("/").split("/")
    return len(parts) >= 2 and ("import-containers" in parts[1:3] or parts[1] == "import-operations")


def handle(
    backend: Backend, api: str, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes
) -> tuple[int, Any]:
    """Answer one request to another API (`path` still carries its prefix)."""
    if api == "checkout":
        raise not_implemented(
            "the Checkout API (the embedded backend models the platform, Import and History APIs; "
            "test Checkout calls with httpx.MockTransport or against a real project)"
        )
    parts = [unquote(p) for p in path.strip("/").split("/")]
    if path.startswith(tuple(PREFIXES)):
        parts = parts[1:]  # the API's prefix
    if not parts or not parts[0]:
        raise ApiFailure(404, "ResourceNotFound", f"The path {path} does not exist.")
    project_key, rest = parts[0], parts[1:]
    grant = backend.auth.authenticate(headers.get("authorization"))
    backend.auth.authorize(grant, SCOPES[api], project_key)
    payload: Any = None
    if body:
        try:
            payload = json.loads(body)
        except ValueError as exc:
            raise invalid_json(f"Invalid JSON: {type(exc).__name__}") from None
    ops = [op for op in _spec_ops()]
    ctx = Ctx(
        store=backend.store,
        now=backend.clock.isoformat(),
        project_key=project_key,
        op=ops[0],
        params={"projectKey": project_key},
        query=parse_qsl(query, keep_blank_values=True),
        body=payload,
        grant=grant,
    )
    if api == "import":
        return _import_api.handle(backend, import_state(backend), method.upper(), rest, ctx)
    if method.upper() != "GET" or len(rest) > 2 or rest[:1] == ["graphql"]:
        raise not_implemented(f"History {method} /{'/'.join(rest)} (the embedded backend answers the record queries)")
    return 200, _history.query(backend, ctx, rest[0] if rest else None, rest[1] if len(rest) == 2 else None)


def _spec_ops() -> list[Any]:
    # Ctx wants an operation; the other APIs' handlers never read it, so the project GET stands in.
    from . import _spec

    return [op for op in _spec.operations() if op.id == "ByProjectKeyGet"]
