"""`Backend`: one fake commercetools project (auth server + API) answering requests in-process.

Request path: `/oauth/...` goes to the auth server; anything else is matched against the spec's
operations (most specific template wins), authenticated (401 `invalid_token`), authorized against
the operation's scopes (403 `insufficient_scope`), then answered by a registered handler or the
generic CRUD handler of its resource family; an in-store operation by its project-level counterpart's
handler on a store-scoped view (`_in_store`). An operation without any answers 501 naming it.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

from . import (
    _actions,
    _api_clients,
    _approvals,
    _as_associate,
    _business_units,
    _cart_actions,
    _cart_merge,
    _carts,
    _catalog,
    _customer_tokens,
    _customers,
    _definitions,
    _extensions,
    _fulfilment,
    _history,
    _images,
    _in_store,
    _mcp_servers,
    _messages,
    _my_b2b,
    _order_edits,
    _order_import,
    _order_search,
    _other_apis,
    _payments,
    _product_actions,
    _product_discounts,
    _product_selections,
    _project_settings,
    _quotes,
    _recurring_orders,
    _search,
    _search_endpoints,
    _shopping_lists,
    _spec,
    _standalone_prices,
    _subscriptions,
    _suggest,
    _tailoring,
    _tax_shipping,
    _variant_projections,
    _variants,
)
from ._auth import ApiClient, AuthServer
from ._clock import FakeClock
from ._context import Ctx
from ._errors import ApiFailure, invalid_json, not_implemented
from ._resources import build, check_version, delete_version, load, query, view
from ._routes import ROUTES, Handler
from ._store import Store

_ = (
    _api_clients,
    _approvals,
    _as_associate,
    _business_units,
    _cart_actions,
    _cart_merge,
    _carts,
    _catalog,
    _customer_tokens,
    _customers,
    _definitions,
    _fulfilment,
    _images,
    _mcp_servers,
    _my_b2b,
    _order_edits,
    _order_import,
    _order_search,
    _payments,
    _product_actions,
    _product_discounts,
    _product_selections,
    _project_settings,
    _quotes,
    _recurring_orders,
    _search,
    _search_endpoints,
    _shopping_lists,
    _standalone_prices,
    _subscriptions,
    _suggest,
    _tailoring,
    _tax_shipping,
    _variant_projections,
    _variants,
)  # imported for the handlers they register

_log = logging.getLogger("ctp_sdk.testing")

DEFAULT_CLIENT_ID = "ctp-testing-client"
DEFAULT_CLIENT_SECRET = "ctp-testing-secret"
DEFAULT_SCOPES = ("manage_project", "create_anonymous_token")
AUTH_URL = "https://auth.ctp-testing.invalid"
API_URL = "https://api.ctp-testing.invalid"


@dataclass
class Reply:
    """An HTTP answer: status, headers, body bytes."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class Backend:
    """A stateful in-memory commercetools project with its auth server.

    Args:
        project_key: the one project this backend serves.
        client_id / client_secret / scopes: the API client registered at start (more with
            `add_api_client`); scopes are permission names (`manage_orders`) or full scopes.
        clock: a `FakeClock` (default: a new one at the current time); `clock.advance(...)` expires
            tokens. `createdAt` / `lastModifiedAt` are stamped from it too.
        countries / currencies / languages: the project settings `GET /{projectKey}` returns.

    Use `transport()` for an httpx transport (no sockets) or `serve()` for a loopback HTTP server.
    Thread-safe: requests are answered one at a time.
    """

    auth_url = AUTH_URL
    api_url = API_URL
    check_responses = False
    """Self-check (the backend's own test mode): decode every 2xx body with the generated model of the
    operation's declared response before it leaves; one the SDK could not read becomes a 500."""

    def __init__(
        self,
        project_key: str = "test-project",
        *,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        scopes: Iterable[str] = DEFAULT_SCOPES,
        clock: FakeClock | None = None,
        countries: Sequence[str] = ("DE", "US"),
        currencies: Sequence[str] = ("EUR", "USD"),
        languages: Sequence[str] = ("en", "de"),
    ) -> None:
        if not project_key:
            raise ValueError("project_key must not be empty")
        self.project_key = project_key
        self.clock = clock if clock is not None else FakeClock()
        self.store = Store()
        self.auth = AuthServer(project_key, self.clock, self._find_customer)
        self.client = self.auth.add_client(client_id, client_secret, scopes)
        self.settings = {"countries": list(countries), "currencies": list(currencies), "languages": list(languages)}
        self._created_at = self.clock.isoformat()
        self.project: dict[str, Any] = self._initial_project()
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"Backend(project_key={self.project_key!r}, resources={self.store.counts()})"

    def add_api_client(self, client_id: str, client_secret: str, scopes: Iterable[str]) -> ApiClient:
        """Register another API client (e.g. one with fewer scopes, to test 403s)."""
        with self._lock:
            return self.auth.add_client(client_id, client_secret, scopes)

    def reset(self) -> None:
        """Forget every resource and token (API clients stay)."""
        with self._lock:
            self.store.clear()
            self.auth.revoke_all()
            self.project.clear()
            self.project.update(self._initial_project())

    def transport(self) -> Any:
        """An `httpx.BaseTransport` answering every request from this backend (any host)."""
        from ._transport import BackendTransport

        return BackendTransport(self)

    def serve(self, port: int = 0) -> Any:
        """A started loopback HTTP server (`.url`, `.close()`; also a context manager)."""
        from ._server import BackendServer

        return BackendServer(self, port=port)

    def client_config(self, scopes: Iterable[str] | None = None) -> Any:
        """A `ctp_sdk.ClientConfig` for this backend's API client; integration `scopes` default to
        `manage_project` (the full scope strings, as ClientConfig takes them)."""
        from .._config import ClientConfig

        return ClientConfig(
            project_key=self.project_key,
            client_id=self.client.client_id,
            client_secret=self.client.client_secret,
            auth_url=self.auth_url,
            api_url=self.api_url,
            scopes=tuple(scopes) if scopes is not None else (f"manage_project:{self.project_key}",),
            import_url=f"{self.api_url}/_import",
            history_url=f"{self.api_url}/_history",
            checkout_url=f"{self.api_url}/_checkout",
        )

    def ctp_client(self, scopes: Iterable[str] | None = None) -> Any:
        """A `ctp_sdk.CtpClient` wired to this backend through `transport()` (close it when done)."""
        from .._client import CtpClient

        return CtpClient(self.client_config(scopes), transport=self.transport())

    def _find_customer(self, email: str, password: str, store_key: str | None) -> str | None:
        customer = _customers.authenticate_customer(self.store, email, password, store_key)
        return customer["id"] if customer is not None else None

    # -- entry point -------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes) -> Reply:
        """Answer one HTTP request. `path` is still percent-escaped; `query` is the raw query string;
        `headers` keys are case-insensitive (lower-cased here)."""
        lower = {k.lower(): v for k, v in headers.items()}
        correlation_id = lower.get("x-correlation-id") or f"ctp-testing-{uuid.uuid4()}"
        with self._lock:
            try:
                other_api = _other_apis.api_of(path)
                if other_api is not None:  # Import, History, Checkout (_other_apis.py)
                    status, payload = _other_apis.handle(self, other_api, method, path, query, lower, body)
                elif path.startswith("/oauth/"):
                    status, payload = self._oauth(method, path, lower, body)
                else:
                    status, payload = self._api(method.upper(), path, query, lower, body)
            except ApiFailure as failure:
                status, payload = failure.status, failure.body()
            except Exception as exc:  # a fault of the fake itself: answer 500, never drop the connection
                _log.exception("ctp_sdk.testing failed answering %s %s", method, path)
                fault = ApiFailure(500, "General", f"Internal error of ctp_sdk.testing ({type(exc).__name__}).")
                status, payload = fault.status, fault.body()
        reply = Reply(status, {"X-Correlation-ID": correlation_id})
        if payload is not None and method.upper() != "HEAD":
            reply.body = json.dumps(payload, separators=(",", ":")).encode()
            reply.headers["Content-Type"] = "application/json; charset=utf-8"
        if status == 401 and not path.startswith("/oauth/"):
            reply.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return reply

    def _oauth(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> tuple[int, Any]:
        if method.upper() != "POST":
            raise ApiFailure(405, "invalid_request", "Only POST is supported.", oauth=True)
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        return 200, self.auth.handle(path, headers, form)

    def _api(self, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes) -> tuple[int, Any]:
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if any(".." in part.split("/") for part in parts if "/" in part):
            # An escaped `../` inside one segment (`/carts/..%2Fcategories`): commercetools refuses it with
            # 403 (the Java SDK's CartQueryTests.pathTraversal expects a ForbiddenException naming the path).
            raise ApiFailure(403, "General", f"Access to {path} is forbidden: a path segment holds '../'.")
        found = _spec.find_operation(method, parts)
        if found is None:
            allowed = [m for m in ("GET", "POST", "DELETE", "HEAD") if _spec.find_operation(m, parts)]
            if allowed:
                raise ApiFailure(405, "MethodNotAllowed", f"Method {method} is not allowed on {path}.")
            raise ApiFailure(404, "ResourceNotFound", f"URI not found: {path}")
        op, params = found
        if op.path == "/{projectKey}" and params.get("projectKey") != self.project_key:
            # No such project here: commercetools answers this path with 404, not 403 (as the
            # official TS SDK's error-case tests expect for `/invalid-uri-404`).
            raise ApiFailure(404, "ResourceNotFound", f"URI not found: {path}")
        grant = self.auth.authenticate(headers.get("authorization"))
        self.auth.authorize(grant, _permission_options(op, params), params.get("projectKey", ""))
        payload: Any = None
        content_type = headers.get("content-type", "application/json")
        if body and "x-www-form-urlencoded" in content_type and op.body is None and method == "POST":
            # Form-encoded POSTs (product projection search) carry the query parameters as the body.
            query = f"{query}&{body.decode('utf-8', 'replace')}" if query else body.decode("utf-8", "replace")
        elif body and content_type.startswith("image/") and op.id in _images.UPLOADS:
            payload = body  # the image itself (`_images` reads its size from it)
        elif body:
            if method in ("POST",) and "json" not in content_type:
                raise not_implemented(f"Operation {op.id} with content type {headers.get('content-type')}")
            try:
                payload = json.loads(body)
            except ValueError as exc:
                raise invalid_json(f"Invalid JSON: {type(exc).__name__}") from None
        answer = _answer(op)
        if answer is None:
            raise not_implemented(f"Operation {op.id} ({op.method} {op.path})")
        handled_as, handler = answer
        ctx = Ctx(
            store=self.store if handled_as is op else _in_store.StoreView(self.store, params["storeKey"], op.id),
            now=self.clock.isoformat(),
            project_key=self.project_key,
            op=handled_as,
            params=params,
            query=parse_qsl(query, keep_blank_values=True),
            body=payload,
            grant=grant,
            project=self.project,
            auth=self.auth,
        )
        _extensions.refuse_triggered(ctx)  # an API Extension the fake cannot call: 501, not skipped
        watched = _messages.watch(ctx)  # Messages on: what may change (501 first if one could not be written)
        status, answer_body = handler(ctx)
        _messages.record(ctx, watched, status, answer_body)
        if self.check_responses:
            _check_response(op, status, answer_body)
        if method in ("POST", "DELETE") and status < 300:  # the History API's records (_history.py)
            segments = handled_as.path.split("/")
            family = _spec.families().get(segments[2]) if len(segments) > 2 else None
            # `/orders/edits/...` answers OrderEdits, which History does not track (no `order-edit` resource type)
            nested_edit = len(segments) > 3 and segments[3] == "edits"
            type_id = family.type_id if family is not None and not nested_edit else None
            _history.record_platform_call(self, method, type_id, payload, answer_body, grant)
        return status, answer_body

    def _initial_project(self) -> dict[str, Any]:
        return {
            "key": self.project_key,
            "name": self.project_key,
            "version": 1,
            "createdAt": self._created_at,
            **copy.deepcopy(self.settings),
            "messages": {"enabled": False},
            "carts": {"deleteDaysAfterLastModification": 90, "countryTaxRateFallbackEnabled": False},
            "shoppingLists": {"deleteDaysAfterLastModification": 360},
            "inventory": {"releaseExpiredReservations": False},
            "discounts": {"discountCombinationMode": "Stacking"},
        }


def _check_response(op: _spec.Op, status: int, body: Any) -> None:
    if body is None or op.result is None or not 200 <= status < 300:
        return
    cls = _spec.model_class(op.result)
    if not isinstance(cls, type) or not hasattr(cls, "from_dict"):
        return
    try:
        cls.from_dict(body)
    except Exception as exc:
        raise ApiFailure(
            500, "General", f"Self-check: the {op.result} answered to {op.id} does not decode: {exc}"
        ) from None


def _permission_options(op: _spec.Op, params: Mapping[str, str]) -> list[str]:
    """The operation's scopes as `perm:{projectKey}` alternatives; the `customer_id:{id}` style ones
    are token bindings, checked by the /me handlers instead."""
    out = []
    for scope in op.scopes:
        filled = scope.replace("{projectKey}", params.get("projectKey", "")).replace(
            "{storeKey}", params.get("storeKey", "")
        )
        if "{" not in filled:
            out.append(filled)
    return out


_FAMILY_PATH = re.compile(r"/\{projectKey\}/([a-z-]+)(/\{ID\}|/key=\{key\})?")


def _generic(op: _spec.Op) -> Handler | None:
    """The CRUD handler for a standard resource operation, or None if `op` is not one."""
    m = _FAMILY_PATH.fullmatch(op.path)
    if m is None:
        return None
    family = _spec.families().get(m.group(1))
    if family is None:
        return None
    single = m.group(2) is not None
    if single:
        return {"GET": _get, "HEAD": _head, "POST": _update, "DELETE": _delete}.get(op.method)
    return {"GET": _query, "HEAD": _head_query, "POST": _create}.get(op.method)


def _answer(op: _spec.Op) -> tuple[_spec.Op, Handler] | None:
    """The handler for `op` and the operation it answers as: its own (registered or generic CRUD),
    or for an in-store operation its project-level counterpart's, run on a store-scoped view."""
    handler = ROUTES.get(op.id) or _generic(op)
    if handler is not None:
        return op, handler
    base = _in_store.counterparts().get(op.id)
    if base is None:
        return None
    handler = ROUTES.get(base.id) or _generic(base)
    return (base, handler) if handler is not None else None


def generic_handler(op: _spec.Op) -> Handler | None:
    """The generic CRUD handler of a standard resource operation (for a route that wraps it)."""
    return _generic(op)


def handler_for(op: _spec.Op) -> Handler | None:
    """The handler answering `op` itself (registered or generic CRUD), for endpoints that answer
    through another operation's handler (as-associate ones, after their permission checks)."""
    return ROUTES.get(op.id) or _generic(op)


def _family(ctx: Ctx) -> _spec.Family:
    return _spec.families()[ctx.op.path.split("/")[2]]


def _query(ctx: Ctx) -> tuple[int, Any]:
    return 200, query(ctx, ctx.store.all(_family(ctx).type_id))


def _head_query(ctx: Ctx) -> tuple[int, Any]:
    return (200 if query(ctx, ctx.store.all(_family(ctx).type_id))["results"] else 404), None


def _create(ctx: Ctx) -> tuple[int, Any]:
    family = _family(ctx)
    resource = build(ctx, family, ctx.body_dict())
    ctx.store.put(family.type_id, resource)
    return 201, view(ctx, resource)


def _get(ctx: Ctx) -> tuple[int, Any]:
    return 200, view(ctx, load(ctx, _family(ctx)))


def _head(ctx: Ctx) -> tuple[int, Any]:
    load(ctx, _family(ctx))
    return 200, None


def _update(ctx: Ctx) -> tuple[int, Any]:
    family = _family(ctx)
    updated = _actions.apply_update(ctx, family, load(ctx, family), ctx.body)
    ctx.store.put(family.type_id, updated)
    return 200, view(ctx, updated)


def _delete(ctx: Ctx) -> tuple[int, Any]:
    family = _family(ctx)
    found = load(ctx, family)
    check_version(found, delete_version(ctx))
    ctx.store.delete(family.type_id, found["id"])
    return 200, view(ctx, found)


def supported_operations() -> list[_spec.Op]:
    """The spec operations this backend answers (the rest answer 501)."""
    return [op for op in _spec.operations() if _answer(op) is not None]
