"""``RedisTokenStore``: one integration token per API client and scope set for a whole fleet of processes.

Layout per key (``{prefix}{key}``): a hash with ``exp`` (expiry, epoch seconds), ``fp`` (a one-way
fingerprint of the token, for compare-and-delete after a 401) and ``tok`` (the token as JSON, encrypted
when a cipher is given), expiring in Redis when the token does; the renewal lease is a plain
``SET NX PX`` key beside it. Every check-and-write is one Lua script, so it is atomic across processes.
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any, Protocol

from ctp_auth._store import DEFAULT_LEASE_TTL, TokenStoreUnavailableError, token_fingerprint
from ctp_auth._token import Token

if TYPE_CHECKING:
    import redis

__all__ = ["RedisTokenStore", "TokenCipher", "fail_fast_redis"]

logger = logging.getLogger("ctp_auth")

DEFAULT_KEY_PREFIX = "ctp_auth:"

_SET_IF_NEWER = """
local cur = redis.call('HGET', KEYS[1], 'exp')
if cur and tonumber(cur) >= tonumber(ARGV[1]) then
  return redis.call('HGET', KEYS[1], 'tok')
end
redis.call('HSET', KEYS[1], 'exp', ARGV[1], 'fp', ARGV[2], 'tok', ARGV[3])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
return ARGV[3]
"""

_DISCARD = """
if redis.call('HGET', KEYS[1], 'fp') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class TokenCipher(Protocol):
    """Encrypts tokens at rest in Redis; ``cryptography.fernet.Fernet(key)`` is one."""

    def encrypt(self, data: bytes) -> bytes: ...

    def decrypt(self, token: bytes) -> bytes: ...


def fail_fast_redis(url: str, *, socket_timeout: float = 1.0) -> redis.Redis:
    """A ``redis.Redis`` on ``url`` that fails within ``socket_timeout`` when Redis is down.

    redis-py's default retries a failed command 10 times with backoff: seconds per renewal (or per
    rate-limited call) while Redis is down. One immediate retry still covers a pooled connection that a
    Redis restart dropped.
    """
    import redis  # noqa: PLC0415  # optional dependency (ctp-auth[redis])
    from redis.backoff import NoBackoff  # noqa: PLC0415
    from redis.retry import Retry  # noqa: PLC0415

    return redis.Redis.from_url(
        url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout, retry=Retry(NoBackoff(), 1)
    )


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis  # noqa: PLC0415  # optional dependency (ctp-auth[redis]): only a RedisTokenStore needs it

    return (redis.RedisError, OSError)


class RedisTokenStore:
    """Integration tokens shared through Redis (redis-py): ``CtpClient(config, token_store=store)``.

    Args:
        client: a ``redis.Redis``; give it short socket timeouts and few retries (``from_url`` does:
            1 s, one immediate retry) so that an unreachable Redis costs milliseconds, not seconds.
        key_prefix: namespace for the keys (one per API client and scope set, no secret in them).
        cipher: encrypts the stored tokens (e.g. ``cryptography.fernet.Fernet(key)``); default: stored
            as JSON, readable by anyone who can read the Redis.
        lease_ttl: seconds a renewal lease lives at most.

    Any Redis failure is raised as ``TokenStoreUnavailableError``, which the token provider turns into
    a warning and a token of its own process: Redis being down never stops API calls.
    """

    def __init__(
        self,
        client: redis.Redis,
        *,
        key_prefix: str = DEFAULT_KEY_PREFIX,
        cipher: TokenCipher | None = None,
        lease_ttl: float = DEFAULT_LEASE_TTL,
    ) -> None:
        if not lease_ttl > 0:
            raise ValueError("lease_ttl must be positive")
        self._redis = client
        self._prefix = key_prefix
        self._cipher = cipher
        self._lease_ttl = lease_ttl
        self._url: str | None = None
        self._socket_timeout = 1.0
        self._errors = _redis_errors()
        self._set_if_newer = client.register_script(_SET_IF_NEWER)
        self._discard = client.register_script(_DISCARD)
        self._release = client.register_script(_RELEASE)

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        key_prefix: str = DEFAULT_KEY_PREFIX,
        cipher: TokenCipher | None = None,
        lease_ttl: float = DEFAULT_LEASE_TTL,
        socket_timeout: float = 1.0,
    ) -> RedisTokenStore:
        """A store on ``redis://host:port/db`` (or ``unix:///path``) with short socket timeouts.

        A store made this way can be pickled and sent to worker processes: each process that unpickles
        it opens its own connections.
        """
        client = fail_fast_redis(url, socket_timeout=socket_timeout)
        store = cls(client, key_prefix=key_prefix, cipher=cipher, lease_ttl=lease_ttl)
        store._url = url
        store._socket_timeout = socket_timeout
        return store

    def __reduce__(self) -> tuple[Any, ...]:
        # Connections and their locks must not cross a process boundary: the receiver reconnects.
        if self._url is None:
            raise TypeError("only a RedisTokenStore made with RedisTokenStore.from_url(...) can be pickled")
        return (
            _from_url,
            (self._url, self._prefix, self._cipher, self._lease_ttl, self._socket_timeout),
        )

    def __repr__(self) -> str:
        where = _masked_url(self._url) if self._url is not None else "redis.Redis(...)"
        return (
            f"RedisTokenStore({where}, key_prefix={self._prefix!r}, encrypted={self._cipher is not None}, "
            f"lease_ttl={self._lease_ttl!r})"
        )

    @property
    def lease_ttl(self) -> float:
        return self._lease_ttl

    # -- TokenStore ------------------------------------------------------------------------------

    def get(self, key: str) -> Token | None:
        try:
            blob = self._redis.hget(self._prefix + key, "tok")
        except self._errors as exc:
            raise _unavailable("get", exc) from None
        return self._decode(blob)

    def set_if_newer(self, key: str, token: Token) -> Token:
        blob = self._encode(token)
        try:
            stored = self._set_if_newer(
                keys=[self._prefix + key],
                args=[
                    repr(token.expires_at),
                    token_fingerprint(token.access_token),
                    blob,
                    int(token.expires_at * 1000),
                ],
            )
        except self._errors as exc:
            raise _unavailable("set", exc) from None
        if stored == blob:
            return token
        return self._decode(stored) or token

    def discard(self, key: str, access_token: str) -> None:
        try:
            self._discard(keys=[self._prefix + key], args=[token_fingerprint(access_token)])
        except self._errors as exc:
            raise _unavailable("discard", exc) from None

    def acquire_lease(self, key: str) -> str | None:
        lease = f"{time.time_ns():x}.{id(self):x}"
        try:
            acquired = self._redis.set(self._lease_key(key), lease, nx=True, px=int(self._lease_ttl * 1000))
        except self._errors as exc:
            raise _unavailable("lease", exc) from None
        return lease if acquired else None

    def release_lease(self, key: str, lease: str) -> None:
        try:
            self._release(keys=[self._lease_key(key)], args=[lease])
        except self._errors as exc:
            raise _unavailable("release", exc) from None

    # -- encoding --------------------------------------------------------------------------------

    def _lease_key(self, key: str) -> str:
        return f"{self._prefix}{key}:lease"

    def _encode(self, token: Token) -> bytes:
        data = json.dumps(
            {
                "access_token": token.access_token,
                "expires_at": token.expires_at,
                "scope": token.scope,
                "token_type": token.token_type,
            }
        ).encode()
        return self._cipher.encrypt(data) if self._cipher is not None else data

    def _decode(self, blob: object) -> Token | None:
        if not isinstance(blob, bytes):
            return None
        try:
            data = self._cipher.decrypt(blob) if self._cipher is not None else blob
            fields = json.loads(data)
            return Token(
                access_token=str(fields["access_token"]),
                expires_at=float(fields["expires_at"]),
                scope=str(fields["scope"]),
                token_type=str(fields["token_type"]),
            )
        except Exception as exc:
            # Another key, another format or tampering: treat it as absent (the next renewal replaces
            # it). The exception may quote the blob, so only its class is logged.
            logger.warning("ctp_auth: ignoring an unreadable token in Redis (%s)", type(exc).__name__)
            return None


def _from_url(
    url: str, prefix: str, cipher: TokenCipher | None, lease_ttl: float, timeout: float
) -> RedisTokenStore:
    return RedisTokenStore.from_url(
        url, key_prefix=prefix, cipher=cipher, lease_ttl=lease_ttl, socket_timeout=timeout
    )


def _masked_url(url: str) -> str:
    # redis://user:password@host/0: keep everything but the password.
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at:
        return repr(url)
    user, colon, _password = credentials.partition(":")
    return repr(f"{scheme}{sep}{user}{':***' if colon else ''}@{host}")


def _unavailable(what: str, exc: BaseException) -> TokenStoreUnavailableError:
    # Only the class: redis-py's messages name the host, which is fine, but some quote command args.
    return TokenStoreUnavailableError(f"Redis {what} failed ({type(exc).__name__})")
