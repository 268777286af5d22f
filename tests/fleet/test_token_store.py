"""TokenStore: the in-memory default, RedisTokenStore on a real redis-server, and degradation when the
store is unreachable. Token requests are counted on the embedded backend."""

from __future__ import annotations

import dataclasses
import logging
import pickle
import threading
import time
from collections.abc import Iterator

import pytest
from redis_server import RedisServer, require

require("cryptography")

import redis  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402
from ctp_auth import (  # noqa: E402
    AuthTimeoutError,
    InMemoryTokenStore,
    RedisTokenStore,
    Token,
    TokenStore,
    TokenStoreUnavailableError,
)
from ctp_auth._limits import deadline_scope  # noqa: E402
from ctp_auth._shared_renewal import SharedRenewal  # noqa: E402

from ctp_sdk import ClientConfig, CtpClient  # noqa: E402
from ctp_sdk.testing import Backend  # noqa: E402


def _tokens(backend: Backend) -> int:
    return backend.auth.token_requests["client_credentials"]


def _client(backend: Backend, store: TokenStore | None) -> CtpClient:
    return CtpClient(backend.client_config(), transport=backend.transport(), token_store=store)


@pytest.fixture
def backend() -> Backend:
    return Backend("store-project")


def _token(value: str, expires_at: float) -> Token:
    return Token(access_token=value, expires_at=expires_at, scope="manage_project:p")


# -- the in-memory default ------------------------------------------------------------------------


def test_clients_without_a_store_each_fetch_their_own_token(backend: Backend) -> None:
    with _client(backend, None) as a, _client(backend, None) as b:
        a.integration_api_root().get().execute()
        b.integration_api_root().get().execute()
    assert _tokens(backend) == 2


def test_clients_sharing_an_in_memory_store_share_one_token_and_one_renewal_after_401(backend: Backend) -> None:
    store = InMemoryTokenStore()
    with _client(backend, store) as a, _client(backend, store) as b:
        a.integration_api_root().get().execute()
        b.integration_api_root().get().execute()
        assert _tokens(backend) == 1
        backend.auth.revoke_all()  # the API now answers 401 invalid_token to the shared token
        a.integration_api_root().get().execute()
        b.integration_api_root().get().execute()
    assert _tokens(backend) == 2


def test_in_memory_store_keeps_the_newer_token_and_discards_only_the_rejected_one() -> None:
    store = InMemoryTokenStore()
    newer, older = _token("newer-token-value", 2000.0), _token("older-token-value", 1000.0)
    assert store.set_if_newer("k", newer) is newer
    assert store.set_if_newer("k", older) is newer
    store.discard("k", "older-token-value")
    assert store.get("k") is newer
    store.discard("k", "newer-token-value")
    assert store.get("k") is None
    lease = store.acquire_lease("k")
    assert lease is not None and store.acquire_lease("k") is None
    store.release_lease("k", lease)
    assert store.acquire_lease("k") is not None


# -- RedisTokenStore ----------------------------------------------------------------------------------


def test_redis_store_semantics_on_a_real_server(redis_server: RedisServer) -> None:
    store = RedisTokenStore.from_url(redis_server.url, key_prefix="t:")
    far = time.time() + 3600
    first, later = _token("first-access-token-0001", far), _token("later-access-token-0002", far + 60)
    assert store.get("k") is None
    assert store.set_if_newer("k", later).access_token == later.access_token
    assert store.set_if_newer("k", first).access_token == later.access_token  # the newer one stays
    store.discard("k", first.access_token)  # not the stored one: kept
    assert store.get("k") == later
    store.discard("k", later.access_token)
    assert store.get("k") is None
    lease = store.acquire_lease("k")
    assert lease is not None
    assert store.acquire_lease("k") is None
    store.release_lease("k", "someone-else")  # only the holder releases
    assert store.acquire_lease("k") is None
    store.release_lease("k", lease)
    assert store.acquire_lease("k") is not None
    # The stored token expires in Redis when it expires for the API.
    store.set_if_newer("e", _token("expiring-token-value", time.time() + 100))
    ttl = redis.Redis.from_url(redis_server.url).pttl("t:e")
    assert 0 < ttl <= 100_000


def test_encrypted_tokens_are_unreadable_in_redis_and_a_wrong_key_reads_as_absent(redis_server: RedisServer) -> None:
    key = Fernet.generate_key()
    store = RedisTokenStore.from_url(redis_server.url, cipher=Fernet(key))
    token = _token("secret-access-token-abcdef", time.time() + 3600)
    store.set_if_newer("k", token)
    raw = redis.Redis.from_url(redis_server.url).hgetall("ctp_auth:k")
    assert token.access_token.encode() not in b"".join(raw.values())
    assert store.get("k") == token
    assert RedisTokenStore.from_url(redis_server.url, cipher=Fernet(key)).get("k") == token
    other = RedisTokenStore.from_url(redis_server.url, cipher=Fernet(Fernet.generate_key()))
    assert other.get("k") is None


def test_clients_share_one_token_through_redis_and_renew_once_after_401(
    backend: Backend, redis_server: RedisServer
) -> None:
    clients = [_client(backend, RedisTokenStore.from_url(redis_server.url)) for _ in range(3)]
    try:
        for client in clients:
            client.integration_api_root().get().execute()
        assert _tokens(backend) == 1
        backend.auth.revoke_all()
        for client in clients:
            client.integration_api_root().get().execute()
        assert _tokens(backend) == 2
    finally:
        for client in clients:
            client.close()


def test_store_and_config_travel_by_pickle_without_showing_secrets(redis_server: RedisServer) -> None:
    url = redis_server.url.replace("unix://", "unix://fleet-user:redis-password-123@")
    store = RedisTokenStore.from_url(url, key_prefix="p:", cipher=Fernet(Fernet.generate_key()), lease_ttl=5)
    assert "redis-password-123" not in repr(store) and "encrypted=True" in repr(store)
    copy = pickle.loads(pickle.dumps(store))
    assert repr(copy) == repr(store)
    with pytest.raises(TypeError, match="from_url"):
        pickle.dumps(RedisTokenStore(redis.Redis.from_url(redis_server.url)))

    config = ClientConfig(
        project_key="p",
        client_id="id",
        client_secret="client-secret-value",
        auth_url="https://a.test",
        api_url="https://b.test",
    )
    assert pickle.loads(pickle.dumps(config)) == config
    assert ClientConfig(**dataclasses.asdict(config)) == config
    assert "client-secret-value" not in repr(config)


def test_pickled_store_works_in_the_receiving_process(backend: Backend, redis_server: RedisServer) -> None:
    store = pickle.loads(pickle.dumps(RedisTokenStore.from_url(redis_server.url)))
    with _client(backend, store) as client:
        client.integration_api_root().get().execute()
    assert store.get(next(iter(_keys(redis_server)))) is not None


def _keys(redis_server: RedisServer) -> Iterator[str]:
    for key in redis.Redis.from_url(redis_server.url).scan_iter("ctp_auth:*"):
        yield key.decode().removeprefix("ctp_auth:")


# -- Redis unreachable ----------------------------------------------------------------------------


def test_unreachable_redis_degrades_to_a_token_per_process_with_one_warning(
    backend: Backend, caplog: pytest.LogCaptureFixture, tmp_path: object
) -> None:
    store = RedisTokenStore.from_url("unix:///nonexistent/ctp-redis.sock")
    caplog.set_level(logging.DEBUG)
    with _client(backend, store) as client:
        api = client.integration_api_root()
        for _ in range(3):
            api.get().execute()
        backend.auth.revoke_all()
        api.get().execute()  # a 401 renewal without the store
        token = client.get_integration_token()
    assert _tokens(backend) == 2
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and r.name == "ctp_auth"]
    assert len(warnings) == 1 and "unavailable" in warnings[0].getMessage()
    assert token not in caplog.text and backend.client.client_secret not in caplog.text


def test_a_waiter_takes_the_holders_token_and_fetches_itself_when_the_holder_dies() -> None:
    store = InMemoryTokenStore(lease_ttl=0.3)
    fetched: list[str] = []

    def fetch() -> Token:
        fetched.append("x")
        return _token(f"own-token-{len(fetched)}", time.time() + 3600)

    renewal = SharedRenewal(store, "k")
    # Another process holds the lease and publishes while we wait.
    lease = store.acquire_lease("k")
    assert lease is not None
    publisher = threading.Timer(0.05, lambda: store.set_if_newer("k", _token("holders-token", time.time() + 3600)))
    publisher.start()
    assert renewal.obtain(lambda t: True, fetch).access_token == "holders-token"
    assert fetched == []
    publisher.join()

    # A holder that dies keeps the lease until it expires; then a waiter renews on its own.
    store.discard("k", "holders-token")
    store.release_lease("k", lease)
    assert store.acquire_lease("k") is not None
    assert renewal.obtain(lambda t: True, fetch).access_token == "own-token-1"


def test_store_failures_are_typed_and_name_no_token(redis_server: RedisServer) -> None:
    store = RedisTokenStore.from_url(redis_server.url)
    redis_server.kill()
    with pytest.raises(TokenStoreUnavailableError) as caught:
        store.get("k")
    assert "Redis get failed" in str(caught.value)


def test_waiting_for_another_processs_token_ends_at_the_calls_deadline() -> None:
    store = InMemoryTokenStore(lease_ttl=30)
    assert store.acquire_lease("k") is not None  # another process renews, and takes its time
    renewal = SharedRenewal(store, "k")
    with deadline_scope(0.1), pytest.raises(AuthTimeoutError, match="deadline"):
        renewal.obtain(lambda t: True, lambda: _token("never-fetched", time.time() + 3600))
