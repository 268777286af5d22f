"""API Clients against the embedded backend through the SDK's fluent root, as documented
(https://docs.commercetools.com/api/projects/api-clients): only `manage_api_clients` reaches the
endpoints (not `manage_project`), create shows the secret once, the new client obtains tokens with its
own scopes and lifetimes at once, queries and reads never show the secret, `deleteDaysAfterCreation`
sets `deleteAt` (gone afterwards), and deleting a client refuses its credentials and revokes its
tokens."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from ctp_auth import InvalidClientError
from ctp_sdk import ClientConfig, CtpClient, errors
from ctp_sdk.models import ApiClientDraft, CategoryDraft
from ctp_sdk.testing import Backend

P = "clients"


@pytest.fixture
def backend() -> Backend:
    return Backend(P, scopes=("manage_project", "manage_api_clients"))


@pytest.fixture
def admin(backend: Backend) -> Iterator[CtpClient]:
    with backend.ctp_client(scopes=(f"manage_project:{P}", f"manage_api_clients:{P}")) as client:
        yield client


def _client_for(backend: Backend, client_id: str, secret: str, scopes: tuple[str, ...]) -> CtpClient:
    config = ClientConfig(
        project_key=P,
        client_id=client_id,
        client_secret=secret,
        auth_url=backend.auth_url,
        api_url=backend.api_url,
        scopes=scopes,
    )
    return CtpClient(config, transport=backend.transport())


def test_manage_project_alone_does_not_reach_api_clients(backend: Backend) -> None:
    with backend.ctp_client() as project_only:
        with pytest.raises(errors.ForbiddenError) as refused:
            project_only.integration_api_root().api_clients().get().execute()
    assert refused.value.status_code == 403


def test_created_client_gets_tokens_with_its_scopes_until_deleted(
    backend: Backend, admin: CtpClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    clients = admin.integration_api_root().api_clients()
    draft = ApiClientDraft(
        name="catalog-sync",
        scope=f"manage_categories:{P} view_orders:{P}",
        access_token_validity_seconds=3_600,
        refresh_token_validity_seconds=86_400,
    )
    created = clients.post(draft).execute().body
    assert created.secret is not None and len(created.secret) == 32 and len(created.id) == 24
    assert created.name == "catalog-sync" and created.scope == f"manage_categories:{P} view_orders:{P}"
    assert created.access_token_validity_seconds == 3_600 and created.refresh_token_validity_seconds == 86_400
    assert created.delete_at is None and created.created_at is not None

    fetched = clients.with_id(created.id).get().execute().body
    assert fetched.secret is None and fetched.name == "catalog-sync"
    assert clients.with_id(created.id).head().execute().status_code == 200
    page = clients.get(where=['name = "catalog-sync"']).execute().body
    assert page.total == 1 and page.results[0].id == created.id and page.results[0].secret is None
    assert clients.get().execute().body.total == 2  # the backend's own client is listed too

    sync = _client_for(backend, created.id, created.secret, (f"manage_categories:{P}",))
    with sync:
        api = sync.integration_api_root()
        api.categories().post(CategoryDraft(name={"en": "Synced"}, slug={"en": "synced"})).execute()
        assert api.categories().get().execute().body.total == 1
        with pytest.raises(errors.ForbiddenError):
            api.products().get().execute()  # not among its scopes
        assert backend.auth.last_used.get(created.id) is not None
        used = clients.with_id(created.id).get().execute().body
        assert used.last_used_at is not None and str(used.last_used_at)[:10] == backend.clock.isoformat()[:10]

        deleted = clients.with_id(created.id).delete().execute().body
        assert deleted.id == created.id
        # its token is revoked (401), and renewing it is refused: the credentials are gone
        with pytest.raises(InvalidClientError):
            api.categories().get().execute()
    with pytest.raises(errors.NotFoundError):
        clients.with_id(created.id).get().execute()
    again = _client_for(backend, created.id, created.secret, (f"manage_categories:{P}",))
    with again, pytest.raises(InvalidClientError):
        again.integration_api_root().categories().get().execute()
    assert created.secret not in caplog.text


def test_token_lifetime_and_delete_days(backend: Backend, admin: CtpClient) -> None:
    clients = admin.integration_api_root().api_clients()
    short = (
        clients.post(ApiClientDraft(name="short", scope=f"view_categories:{P}", access_token_validity_seconds=7_200))
        .execute()
        .body
    )
    assert short.secret is not None
    token = backend.auth.handle(
        "/oauth/token",
        {"authorization": _basic(short.id, short.secret)},
        {"grant_type": "client_credentials"},
    )
    assert token["expires_in"] == 7_200 and token["scope"] == f"view_categories:{P}"

    temporary = (
        clients.post(ApiClientDraft(name="temporary", scope=f"view_orders:{P}", delete_days_after_creation=2))
        .execute()
        .body
    )
    assert temporary.delete_at is not None and temporary.created_at is not None
    assert (temporary.delete_at - temporary.created_at).total_seconds() == pytest.approx(2 * 86_400, abs=1)
    backend.clock.advance(2 * 86_400 + 1)
    with pytest.raises(errors.NotFoundError):
        clients.with_id(temporary.id).get().execute()

    for bad in (
        {"name": "x", "scope": f"view_orders:{P}", "accessTokenValiditySeconds": 60},
        {"name": "x", "scope": f"view_orders:{P}", "refreshTokenValiditySeconds": 10},
        {"name": "x", "scope": "view_orders:another-project"},
    ):
        with pytest.raises(errors.BadRequestError) as refused:
            clients.post(ApiClientDraft.from_dict(bad)).execute()
        assert refused.value.codes == ["InvalidInput"]
    with pytest.raises(errors.NotFoundError):
        clients.with_id("no-such-client").get().execute()


def _basic(client_id: str, secret: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()
