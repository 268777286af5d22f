"""API Clients (`/api-clients`, https://docs.commercetools.com/api/projects/api-clients): the project's
OAuth clients as resources, kept by the auth server (`_auth`) so a created client obtains tokens at
once and a deleted one is refused (its tokens revoked).

- Create returns the `secret` once; reads never show it, and nothing here logs it. The client id and
  secret are random (24 and 32 characters, as commercetools issues them).
- `scope` is stored as given (whitespace-separated `permission:{projectKey}` scopes; another project's
  scope is refused). `accessTokenValiditySeconds` (1 hour to 7 days) and
  `refreshTokenValiditySeconds` (30 seconds to 1 year) are stored and used for the client's tokens;
  `deleteDaysAfterCreation` sets `deleteAt`, after which the client is gone (on the backend's clock).
  `lastUsedAt` is the date the client last obtained a token.
- Only `manage_api_clients` / `view_api_clients` reach these endpoints: `manage_project` does not
  (`_auth.covers`), as documented.
- The backend's own clients (`Backend(client_id=...)`, `add_api_client`) are listed too, named by
  their id, without `createdAt`.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string
from typing import Any

from ._auth import ApiClient, AuthServer
from ._context import Ctx
from ._errors import invalid_input, invalid_json, not_found
from ._resources import check_required, query
from ._routes import route

_ALPHABET = string.ascii_letters + string.digits + "-_"
_ACCESS_SECONDS = (3_600, 604_800)
_REFRESH_SECONDS = (30, 31_536_000)


def _auth(ctx: Ctx) -> AuthServer:
    if ctx.auth is None:  # every Ctx the dispatcher builds has it; only a hand-made one lacks it
        raise RuntimeError("API client operations need the backend's auth server")
    return ctx.auth


def _instant(seconds: float) -> str:
    moment = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _epoch(instant: str) -> float:
    return dt.datetime.fromisoformat(instant.replace("Z", "+00:00")).timestamp()


def _resource(auth: AuthServer, client: ApiClient) -> dict[str, Any]:
    out: dict[str, Any] = {"id": client.client_id, "name": client.name or client.client_id}
    out["scope"] = " ".join(sorted(client.scopes))
    if client.created_at is not None:
        out["createdAt"] = client.created_at
    used = auth.last_used.get(client.client_id)
    if used is not None:
        out["lastUsedAt"] = _instant(used)[:10]
    if client.delete_at is not None:
        out["deleteAt"] = _instant(client.delete_at)
    if client.access_token_seconds is not None:
        out["accessTokenValiditySeconds"] = client.access_token_seconds
    if client.refresh_token_seconds is not None:
        out["refreshTokenValiditySeconds"] = client.refresh_token_seconds
    return out


def _seconds(draft: dict[str, Any], field: str, bounds: tuple[int, int]) -> int | None:
    value = draft.get(field)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise invalid_json(f"{field}: Invalid int.")
    if not bounds[0] <= value <= bounds[1]:
        raise invalid_input(f"'{field}' must be between {bounds[0]} and {bounds[1]}.", field=field)
    return value


def _scopes(ctx: Ctx, scope: Any) -> frozenset[str]:
    if not isinstance(scope, str):
        raise invalid_json("scope: Missing required value")
    scopes = frozenset(scope.split())
    if not scopes:
        raise invalid_input("'scope' must name at least one scope.", field="scope")
    for item in scopes:
        permission, _, rest = item.partition(":")
        if not permission or rest.partition(":")[0] != ctx.project_key:
            raise invalid_input(f"Invalid scope '{item}' for project '{ctx.project_key}'.", field="scope")
    return scopes


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


@route("ByProjectKeyApiClientsPost")
def _create(ctx: Ctx) -> tuple[int, Any]:
    draft = ctx.body_dict()
    check_required(draft, "ApiClientDraft")
    if not isinstance(draft["name"], str):
        raise invalid_json("name: Invalid string.")
    scopes = _scopes(ctx, draft["scope"])
    access = _seconds(draft, "accessTokenValiditySeconds", _ACCESS_SECONDS)
    refresh = _seconds(draft, "refreshTokenValiditySeconds", _REFRESH_SECONDS)
    days = draft.get("deleteDaysAfterCreation")
    if days is not None and (not isinstance(days, int) or isinstance(days, bool) or days < 1):
        raise invalid_input(
            "'deleteDaysAfterCreation' must be a positive number of days.", field="deleteDaysAfterCreation"
        )
    secret = _random(32)
    client = ApiClient(
        client_id=_random(24),
        client_secret=secret,
        scopes=scopes,
        name=draft["name"],
        created_at=ctx.now,
        delete_at=_epoch(ctx.now) + days * 86_400 if days is not None else None,
        access_token_seconds=access,
        refresh_token_seconds=refresh,
    )
    auth = _auth(ctx)
    auth.register(client)
    return 201, {**_resource(auth, client), "secret": secret}


def _all(ctx: Ctx) -> list[dict[str, Any]]:
    auth = _auth(ctx)
    return [_resource(auth, c) for c in auth.clients()]


@route("ByProjectKeyApiClientsGet")
def _query(ctx: Ctx) -> tuple[int, Any]:
    return 200, query(ctx, _all(ctx))


@route("ByProjectKeyApiClientsHead")
def _exists(ctx: Ctx) -> tuple[int, Any]:
    return (200 if query(ctx, _all(ctx))["results"] else 404), None


def _load(ctx: Ctx) -> ApiClient:
    client = _auth(ctx).live_client(ctx.params["ID"])
    if client is None:
        raise not_found("ID", ctx.params["ID"])
    return client


@route("ByProjectKeyApiClientsByIDGet", "ByProjectKeyApiClientsByIDHead")
def _get(ctx: Ctx) -> tuple[int, Any]:
    client = _load(ctx)
    return 200, (None if ctx.op.method == "HEAD" else _resource(_auth(ctx), client))


@route("ByProjectKeyApiClientsByIDDelete")
def _delete(ctx: Ctx) -> tuple[int, Any]:
    client = _load(ctx)
    auth = _auth(ctx)
    answer = _resource(auth, client)
    auth.remove_client(client.client_id)
    return 200, answer
