"""The fake auth server: API clients, the OAuth flows, tokens on the backend's clock, scope checks.

Endpoints (all POST, form-encoded, HTTP Basic client authentication):
`/oauth/token` (client_credentials, refresh_token), `/oauth/{projectKey}/customers/token` and
`/oauth/{projectKey}/in-store/key={storeKey}/customers/token` (password),
`/oauth/{projectKey}/anonymous/token` (anonymous session), `/oauth/introspect`, `/oauth/token/revoke`.

Scopes are `permission:{projectKey}`; `manage_project` grants everything, `manage_X` grants `view_X`.
Customer tokens carry `customer_id:{id}`, guest tokens `anonymous_id:{id}`. Nothing here logs or
returns a secret except the token being issued, to its own requester.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ._errors import ApiFailure, insufficient_scope, invalid_token

ACCESS_TOKEN_LIFETIME = 172_800  # 48 h, commercetools' default
REFRESH_TOKEN_INACTIVITY = 200 * 86_400


@dataclass(frozen=True)
class ApiClient:
    """An API client the auth server accepts: credentials and the scopes it may be granted; those
    created through `/api-clients` (`_api_clients`) also their name, creation instant, deletion time
    and token lifetimes (None: the defaults)."""

    client_id: str
    client_secret: str = field(repr=False)
    scopes: frozenset[str]
    name: str | None = None
    created_at: str | None = None
    delete_at: float | None = None
    access_token_seconds: int | None = None
    refresh_token_seconds: int | None = None


@dataclass
class Grant:
    """What a token stands for. Never printed with its token values."""

    client_id: str
    project_key: str
    scopes: frozenset[str]  # permission scopes, e.g. "manage_orders:shop"
    expires_at: float
    customer_id: str | None = None
    anonymous_id: str | None = None
    store_key: str | None = None

    @property
    def scope_string(self) -> str:
        extra = []
        if self.customer_id:
            extra.append(f"customer_id:{self.customer_id}")
        if self.anonymous_id:
            extra.append(f"anonymous_id:{self.anonymous_id}")
        return " ".join([*sorted(self.scopes), *extra])


@dataclass
class _Refresh:
    grant: Grant
    last_used: float


def covers(granted: Iterable[str], wanted: str) -> bool:
    """Is permission scope `wanted` (`view_orders:shop`) implied by the `granted` ones?"""
    have = set(granted)
    if wanted in have:
        return True
    permission, _, project = wanted.partition(":")
    if f"manage_project:{project}" in have and not permission.endswith("_api_clients"):
        # "Due to the sensitive nature of this API, it can not be used with the
        # manage_project:{projectKey} scope, but only with manage_api_clients:{projectKey}."
        # (https://docs.commercetools.com/api/projects/api-clients)
        return True
    if permission.startswith("view_") and f"manage_{permission[5:]}:{project}" in have:
        return True
    if permission == "view_published_products":
        return bool({f"view_products:{project}", f"manage_products:{project}"} & have)
    return False


CustomerLookup = Callable[[str, str, str | None], str | None]
"""(email, password, store key) -> customer id, or None when the credentials are wrong."""


class AuthServer:
    """OAuth endpoints and bearer-token checks for one project."""

    def __init__(self, project_key: str, clock: Callable[[], float], find_customer: CustomerLookup) -> None:
        self.project_key = project_key
        self.clock = clock
        self.find_customer = find_customer
        self.access_token_lifetime = ACCESS_TOKEN_LIFETIME
        self._clients: dict[str, ApiClient] = {}
        self._access: dict[str, Grant] = {}
        self._refresh: dict[str, _Refresh] = {}
        self.last_used: dict[str, float] = {}  # client id -> when it last obtained a token
        # Requests to the token endpoints by grant_type (refused ones too): how tests prove that a
        # fleet of clients shared one token.
        self.token_requests: Counter[str] = Counter()

    def add_client(self, client_id: str, client_secret: str, scopes: Iterable[str]) -> ApiClient:
        """Register an API client; `scopes` are permission names or full `perm:{projectKey}` scopes."""
        full = frozenset(s if ":" in s else f"{s}:{self.project_key}" for s in scopes)
        client = ApiClient(client_id, client_secret, full)
        self._clients[client_id] = client
        return client

    def register(self, client: ApiClient) -> None:
        """Register a client made whole elsewhere (`/api-clients`), its scopes already full."""
        self._clients[client.client_id] = client

    def clients(self) -> list[ApiClient]:
        """The registered clients in creation order (those past their `delete_at` are gone)."""
        return [c for c in list(self._clients.values()) if self.live_client(c.client_id) is not None]

    def live_client(self, client_id: str) -> ApiClient | None:
        """The client, unless unknown or deleted: on (or after) its `delete_at` it is removed here."""
        client = self._clients.get(client_id)
        if client is not None and client.delete_at is not None and client.delete_at <= self.clock():
            self.remove_client(client_id)
            return None
        return client

    def remove_client(self, client_id: str) -> None:
        """Delete a client and revoke every token it obtained."""
        self._clients.pop(client_id, None)
        self.last_used.pop(client_id, None)
        self._access = {t: g for t, g in self._access.items() if g.client_id != client_id}
        self._refresh = {t: r for t, r in self._refresh.items() if r.grant.client_id != client_id}

    def revoke_all(self) -> None:
        self._access.clear()
        self._refresh.clear()

    # -- OAuth endpoints -------------------------------------------------------------------

    def handle(self, path: str, headers: Mapping[str, str], form: Mapping[str, str]) -> dict[str, object]:
        """Answer one OAuth request; raises ApiFailure (with OAuth error fields) on refusal."""
        if path != "/oauth/introspect":
            self.token_requests[form.get("grant_type", "")] += 1
        client = self._client(headers)
        parts = path.strip("/").split("/")
        if path == "/oauth/introspect":
            return self._introspect(client, form)
        if path == "/oauth/token/revoke":
            return self._revoke(client, form)
        if path == "/oauth/token":
            grant_type = form.get("grant_type")
            if grant_type == "client_credentials":
                return self._issue(client, self._scopes(client, form.get("scope")))
            if grant_type == "refresh_token":
                return self._refresh_flow(client, form)
            raise _oauth(400, "unsupported_grant_type", f"Unsupported grant type '{grant_type}'.")
        if len(parts) == 4 and parts[0] == "oauth" and parts[2:] == ["customers", "token"]:
            return self._password(client, parts[1], None, form)
        if (
            len(parts) == 6
            and parts[0] == "oauth"
            and parts[2] == "in-store"
            and parts[3].startswith("key=")
            and parts[4:] == ["customers", "token"]
        ):
            return self._password(client, parts[1], parts[3][4:], form)
        if len(parts) == 4 and parts[0] == "oauth" and parts[2:] == ["anonymous", "token"]:
            return self._anonymous(client, parts[1], form)
        raise _oauth(404, "invalid_request", f"Unknown auth endpoint {path}.")

    def _client(self, headers: Mapping[str, str]) -> ApiClient:
        value = headers.get("authorization", "")
        scheme, _, encoded = value.partition(" ")
        refused = _oauth(
            401, "invalid_client", "Please provide valid client credentials using HTTP Basic Authentication."
        )
        if scheme.lower() != "basic":
            raise refused
        try:
            client_id, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise refused from None
        client = self.live_client(client_id)
        if client is None or not secrets.compare_digest(client.client_secret, secret):
            raise refused
        return client

    def _scopes(self, client: ApiClient, requested: str | None) -> frozenset[str]:
        if not requested:
            return client.scopes
        wanted = frozenset(requested.split())
        for scope in wanted:
            _, _, project = scope.partition(":")
            if project != self.project_key or not covers(client.scopes, scope):
                raise _oauth(400, "invalid_scope", f"Invalid scope: {scope}.")
        return wanted

    def _project(self, project_key: str) -> None:
        if project_key != self.project_key:
            raise _oauth(400, "invalid_request", f"Unknown project '{project_key}'.")

    def _issue(
        self, client: ApiClient, scopes: frozenset[str], *, refresh: bool = False, **who: str | None
    ) -> dict[str, object]:
        now = self.clock()
        lifetime = client.access_token_seconds or self.access_token_lifetime
        grant = Grant(client.client_id, self.project_key, scopes, now + lifetime, **who)
        access = secrets.token_urlsafe(24)
        self._access[access] = grant
        self.last_used[client.client_id] = now
        body: dict[str, object] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": lifetime,
            "scope": grant.scope_string,
        }
        if refresh:
            refresh_token = f"{self.project_key}:{secrets.token_urlsafe(24)}"
            self._refresh[refresh_token] = _Refresh(grant, now)
            body["refresh_token"] = refresh_token
        return body

    def _refresh_flow(self, client: ApiClient, form: Mapping[str, str]) -> dict[str, object]:
        token = form.get("refresh_token", "")
        entry = self._refresh.get(token)
        now = self.clock()
        if entry is None or entry.grant.client_id != client.client_id:
            raise _oauth(400, "invalid_grant", "The refresh token was not found. It may have expired.")
        if now - entry.last_used > (client.refresh_token_seconds or REFRESH_TOKEN_INACTIVITY):
            del self._refresh[token]
            raise _oauth(400, "invalid_grant", "The refresh token was not found. It may have expired.")
        entry.last_used = now
        old = entry.grant
        return self._issue(
            client, old.scopes, customer_id=old.customer_id, anonymous_id=old.anonymous_id, store_key=old.store_key
        )

    def _password(
        self, client: ApiClient, project_key: str, store_key: str | None, form: Mapping[str, str]
    ) -> dict[str, object]:
        self._project(project_key)
        if form.get("grant_type") != "password":
            raise _oauth(400, "unsupported_grant_type", "Only grant_type=password is supported here.")
        email, password = form.get("username", ""), form.get("password", "")
        if not email or not password:
            raise _oauth(400, "invalid_request", "Missing required parameter: username or password.")
        scopes = self._scopes(client, form.get("scope"))
        customer_id = self.find_customer(email, password, store_key)
        if customer_id is None:
            raise _oauth(
                400, "invalid_customer_account_credentials", "Customer account with the given credentials not found."
            )
        return self._issue(client, scopes, refresh=True, customer_id=customer_id, store_key=store_key)

    def _anonymous(self, client: ApiClient, project_key: str, form: Mapping[str, str]) -> dict[str, object]:
        self._project(project_key)
        if not covers(client.scopes, f"create_anonymous_token:{self.project_key}"):
            raise _oauth(400, "invalid_scope", "The API client lacks the create_anonymous_token scope.")
        scopes = self._scopes(client, form.get("scope"))
        anonymous_id = form.get("anonymous_id") or str(uuid.uuid4())
        return self._issue(client, scopes, refresh=True, anonymous_id=anonymous_id)

    def _revoke(self, client: ApiClient, form: Mapping[str, str]) -> dict[str, object]:
        # RFC 7009: 200 whether or not the token existed; only the issuing client's tokens are revoked.
        token = form.get("token", "")
        if not token:
            raise _oauth(400, "invalid_request", "Missing required parameter: token.")
        refresh = self._refresh.get(token)
        if refresh is not None and refresh.grant.client_id == client.client_id:
            del self._refresh[token]
        access = self._access.get(token)
        if access is not None and access.client_id == client.client_id:
            del self._access[token]
        return {}

    def _introspect(self, client: ApiClient, form: Mapping[str, str]) -> dict[str, object]:
        """RFC 7662. A client may introspect its own tokens; another client's only with the
        `introspect_oauth_tokens` scope (https://docs.commercetools.com/api/releases/
        2017-08-03-release-ouath2-token-introspection). Without it, such a token reads as inactive,
        so the answer reveals nothing about tokens the caller may not see."""
        grant = self._access.get(form.get("token", ""))
        if grant is None or grant.expires_at <= self.clock():
            return {"active": False}
        if grant.client_id != client.client_id and f"introspect_oauth_tokens:{self.project_key}" not in client.scopes:
            return {"active": False}
        return {"active": True, "scope": grant.scope_string, "exp": int(grant.expires_at), "client_id": grant.client_id}

    # -- API side --------------------------------------------------------------------------

    def authenticate(self, authorization: str | None) -> Grant:
        """The grant behind an `Authorization: Bearer` header; 401 invalid_token otherwise."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise invalid_token("Missing or invalid bearer token.")
        grant = self._access.get(token.strip())
        if grant is None or self.live_client(grant.client_id) is None:
            raise invalid_token("invalid_token")
        if grant.expires_at <= self.clock():
            raise invalid_token("The access token has expired.")
        return grant

    @staticmethod
    def authorize(grant: Grant, required: Iterable[str], project_key: str) -> None:
        """403 insufficient_scope unless the grant holds one of the operation's `required` scopes."""
        options = [s.replace("{projectKey}", project_key) for s in required]
        if project_key != grant.project_key:
            raise insufficient_scope(f"The token is not valid for project '{project_key}'.")
        if options and not any(covers(grant.scopes, scope) for scope in options):
            raise insufficient_scope(
                f"Insufficient scope. One of the following scopes is missing: {', '.join(options)}"
            )


def _oauth(status: int, code: str, message: str) -> ApiFailure:
    return ApiFailure(status, code, message, oauth=True)
