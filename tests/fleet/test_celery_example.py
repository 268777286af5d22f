"""examples/fleet on real parts: a real redis-server (broker, result backend, token store), two Celery
worker commands with two prefork processes each, the embedded backend served over HTTP. Proves: every
product enriched exactly once, and one token request for the whole fleet, counted on the backend."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fleet_support import Served
from redis_server import RedisServer

from ctp_sdk.models import ProductDraft, ProductTypeDraft, ProductTypeResourceIdentifier

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "fleet"
PRODUCTS = 120


def _seed(served: Served) -> None:
    with served.backend.ctp_client() as client:
        api = client.integration_api_root()
        kind = api.product_types().post(ProductTypeDraft(name="shirt", description="shirts")).execute().body
        for number in range(PRODUCTS):
            draft = ProductDraft(
                product_type=ProductTypeResourceIdentifier(id=kind.id),
                name={"en": f"Shirt {number}"},
                slug={"en": f"shirt-{number}"},
            )
            api.products().post(draft).execute()


@pytest.fixture
def fleet_env(served: Served, redis_server: RedisServer) -> dict[str, str]:
    config = served.config()
    # Not DJANGO_SETTINGS_MODULE (another test's, in this process): Celery would set Django up in workers.
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    return {
        **inherited,
        "CTP_PROJECT_KEY": config.project_key,
        "CTP_CLIENT_ID": config.client_id,
        "CTP_CLIENT_SECRET": served.backend.client.client_secret,
        "CTP_AUTH_URL": served.url,
        "CTP_API_URL": served.url,
        "CTP_SCOPES": f"manage_project:{config.project_key}",
        "CTP_FLEET_BROKER_URL": redis_server.broker_url,
        "CTP_FLEET_TOKEN_STORE_URL": redis_server.url,
    }


@pytest.fixture
def workers(fleet_env: dict[str, str], tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    logs = [open(tmp_path / f"worker{n}.log", "wb") for n in range(2)]  # noqa: SIM115  # closed below
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tasks", "worker", "--pool", "prefork", "--concurrency", "2",
             "--hostname", f"fleet{n}@%h", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
            cwd=EXAMPLE, env=fleet_env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the pool's children are stopped with it
        )
        for n, log in enumerate(logs)
    ]  # fmt: skip
    try:
        yield procs
    finally:
        for proc in procs:
            _signal_group(proc, signal.SIGTERM)  # warm shutdown: children finish and exit
        for proc in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=30)
            # Whatever is left of the group (a child orphaned by a main process that died first) goes too.
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
        for log in logs:
            log.close()


def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def test_celery_fleet_enriches_every_product_once_on_one_token(
    served: Served, fleet_env: dict[str, str], workers: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    _seed(served)
    before = served.token_requests()  # the seeding client's own token

    job = subprocess.run(
        [sys.executable, "export.py", "--range-size", "10", "--timeout", "240"],
        cwd=EXAMPLE, env=fleet_env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    worker_logs = "".join((tmp_path / f"worker{n}.log").read_text(errors="replace") for n in range(2))
    assert job.returncode == 0, job.stderr[-3000:] + worker_logs[-3000:]
    summary = json.loads(job.stdout.splitlines()[-1])

    assert summary == {
        "ranges": PRODUCTS // 10,
        "products": PRODUCTS,
        "processed_twice": [],
        "worker_processes": summary["worker_processes"],
    }
    assert summary["worker_processes"] >= 2
    # Exactly once, seen on the backend: each product was created (version 1) and updated once.
    products = served.backend.store.all("product")
    assert len(products) == PRODUCTS
    assert {p["version"] for p in products} == {2}
    assert all(p["masterData"]["staged"]["metaTitle"]["en"].endswith("| enriched") for p in products)
    # One token request for the job: the planner and every worker process shared it through Redis.
    assert served.token_requests() - before == 1
    assert served.backend.client.client_secret not in worker_logs + job.stderr
