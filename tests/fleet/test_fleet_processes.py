"""Done-when of issue 12: a fleet of processes shares one integration token through a real Redis, and
keeps working, one token per process at most, when Redis dies.

Each worker is a separate Python process (`fleet_worker.py`) that receives the ClientConfig and the
RedisTokenStore pickled, as a Celery or gunicorn worker would, and builds its own CtpClient.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

from ctp_auth import RedisTokenStore
from fleet_support import Served
from redis_server import RedisServer

WORKER = Path(__file__).parent / "fleet_worker.py"
PROCESSES = 4
THREADS = 8
CALLS = 100


def _start(tmp_path: Path, served: Served, redis: RedisServer, *, pause: bool) -> list[subprocess.Popen[str]]:
    settings = tmp_path / "settings.pickle"
    store = RedisTokenStore.from_url(redis.url)
    payload = {"config": served.config(), "store": store, "threads": THREADS, "calls": CALLS, "pause": pause}
    settings.write_bytes(pickle.dumps(payload))
    return [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(settings)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]


def _results(workers: list[subprocess.Popen[str]], secret: str) -> list[dict[str, Any]]:
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-3000:]
        result = json.loads(out.splitlines()[-1])
        # The workers configure no logging, so warnings land on stderr (logging's last resort).
        result["stderr"] = err
        assert secret not in err
        results.append(result)
    return results


def test_four_processes_share_one_token_through_redis(
    tmp_path: Path, served: Served, redis_server: RedisServer
) -> None:
    results = _results(_start(tmp_path, served, redis_server, pause=False), served.backend.client.client_secret)

    assert sum(r["calls"] for r in results) == PROCESSES * THREADS * CALLS
    assert [r["errors"] for r in results] == [[]] * PROCESSES
    assert served.token_requests() == 1  # counted on the backend
    assert sorted(r["token_requests"] for r in results) == [0, 0, 0, 1]


def test_redis_killed_mid_run_calls_go_on_with_one_token_per_process(
    tmp_path: Path, served: Served, redis_server: RedisServer
) -> None:
    workers = _start(tmp_path, served, redis_server, pause=True)
    for worker in workers:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "HALF"
    assert served.token_requests() == 1

    # The second half starts (400 calls per process, seconds of work), then Redis dies under it, and
    # the shared token with it (as if it expired): every process must renew on its own, without the
    # store, while its threads keep calling.
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    redis_server.kill()
    served.backend.auth.revoke_all()
    results = _results(workers, served.backend.client.client_secret)

    assert [r["errors"] for r in results] == [[]] * PROCESSES
    # Exactly one more token per process: the shared one was fetched by one of them before.
    assert served.token_requests() == 1 + PROCESSES
    assert sorted(r["token_requests"] for r in results) == [1, 1, 1, 2]
    for result in results:
        assert result["stderr"].count("token store RedisTokenStore unavailable") == 1, result["stderr"][-2000:]
