"""A Celery fleet enriching products through ctp-sdk, sharing ONE integration token through Redis.

Run the workers (as many processes and hosts as you like) and then the job (`export.py`):

    export CTP_PROJECT_KEY=... CTP_CLIENT_ID=... CTP_CLIENT_SECRET=... CTP_AUTH_URL=... CTP_API_URL=...
    export CTP_FLEET_BROKER_URL=redis://127.0.0.1:6379/0        # Celery broker and result backend
    export CTP_FLEET_TOKEN_STORE_URL=redis://127.0.0.1:6379/1   # ctp_auth.RedisTokenStore
    celery -A tasks worker --concurrency 2        # in examples/fleet/, once per worker machine
    python export.py                              # plans id ranges, fans them out, prints a summary

Each worker *process* builds its own CtpClient after the fork (`worker_process_init`): no connection,
lock or cached token is inherited across a fork. The clients meet in Redis instead: one token request
for the whole fleet per token lifetime.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown
from ctp_auth import RedisTokenStore

from ctp_sdk import ClientConfig, CtpClient
from ctp_sdk.models import ProductSetMetaTitleAction, ProductUpdate

BROKER_URL = os.environ.get("CTP_FLEET_BROKER_URL", "redis://127.0.0.1:6379/0")
TOKEN_STORE_URL = os.environ.get("CTP_FLEET_TOKEN_STORE_URL", "redis://127.0.0.1:6379/1")

app = Celery("ctp_fleet", broker=BROKER_URL, backend=BROKER_URL)
# One task at a time per process, acknowledged after it ran: a range goes to exactly one worker.
app.conf.update(worker_prefetch_multiplier=1, task_acks_late=True, broker_connection_retry_on_startup=True)


def new_client() -> CtpClient:
    """A client configured from the CTP_* variables whose integration token is shared through Redis."""
    return CtpClient(ClientConfig.from_env(), token_store=RedisTokenStore.from_url(TOKEN_STORE_URL))


class _Process:
    """This process's CtpClient, made after the fork and closed at shutdown."""

    client: CtpClient | None = None


@worker_process_init.connect
def _open_client(**_: Any) -> None:
    _Process.client = new_client()


@worker_process_shutdown.connect
def _close_client(**_: Any) -> None:
    if _Process.client is not None:
        _Process.client.close()


def enrich(client: CtpClient, first_id: str, last_id: str) -> list[str]:
    """Give every product with an id in [first_id, last_id] a meta title from its name; their ids."""
    products = client.integration_api_root().products()
    page = products.get(where=[f'id >= "{first_id}" and id <= "{last_id}"'], sort=["id asc"], limit=500).execute()
    done = []
    for product in page.body.results:
        name = product.master_data.staged.name
        title = {locale: f"{text} | enriched" for locale, text in name.items()}
        update = ProductUpdate(version=product.version, actions=[ProductSetMetaTitleAction(meta_title=title)])
        products.with_id(product.id).post(update).execute()
        done.append(product.id)
    return done


@app.task(name="ctp_fleet.enrich_range")
def enrich_range(first_id: str, last_id: str) -> dict[str, Any]:
    client = _Process.client
    if client is None:  # a solo/threads pool has no worker_process_init
        client = _Process.client = new_client()
    return {"pid": os.getpid(), "ids": enrich(client, first_id, last_id)}
