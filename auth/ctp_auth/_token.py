"""Immutable results of the OAuth calls: ``Token`` and ``Introspection``."""

from __future__ import annotations

from dataclasses import dataclass

from ctp_auth._redact import mask


def _scope_value(scope: str, prefix: str) -> str | None:
    for item in scope.split():
        if item.startswith(prefix):
            return item[len(prefix) :] or None
    return None


@dataclass(frozen=True, slots=True, repr=False)
class Token:
    """An access token as issued by the auth server.

    Attributes:
        access_token: the bearer token to send in ``Authorization``.
        expires_at: absolute expiry, Unix epoch seconds from the issuing client's clock
            (issue time + ``expires_in``).
        scope: the space-separated scopes the server granted (``perm:projectKey ...``).
        token_type: always ``Bearer`` on commercetools.
        refresh_token: present for password and anonymous tokens; a refresh keeps the old one.
    """

    access_token: str
    expires_at: float
    scope: str
    token_type: str = "Bearer"
    refresh_token: str | None = None

    @property
    def scopes(self) -> tuple[str, ...]:
        """The granted scopes, one item each."""
        return tuple(self.scope.split())

    @property
    def customer_id(self) -> str | None:
        """The customer id from a ``customer_id:{id}`` scope, if the server granted one."""
        return _scope_value(self.scope, "customer_id:")

    @property
    def anonymous_id(self) -> str | None:
        """The anonymous id from an ``anonymous_id:{id}`` scope, if the server granted one."""
        return _scope_value(self.scope, "anonymous_id:")

    def expires_within(self, seconds: float, now: float) -> bool:
        """True if the token is expired at ``now`` or will be within ``seconds``."""
        return now + seconds >= self.expires_at

    def __repr__(self) -> str:
        return (
            f"Token(access_token={mask(self.access_token)}, expires_at={self.expires_at!r}, "
            f"scope={self.scope!r}, token_type={self.token_type!r}, "
            f"refresh_token={mask(self.refresh_token)})"
        )


@dataclass(frozen=True, slots=True)
class Introspection:
    """What the auth server says about a token (``POST /oauth/introspect``).

    Attributes:
        active: whether the token is currently valid.
        scope: its scopes, if active.
        exp: its expiry as Unix epoch seconds, if active.
        client_id: the API client it was issued to, when the server says.
    """

    active: bool
    scope: str | None = None
    exp: float | None = None
    client_id: str | None = None
