"""One process of a test fleet: `python fleet_worker.py SETTINGS_FILE` (a pickled dict).

Builds its own CtpClient from the pickled ClientConfig and RedisTokenStore (what a Celery or gunicorn
worker does after fork), runs `threads` x `calls` GET-project calls, and prints one JSON line: calls made,
errors, and the token requests this process sent (counted on its transport). With `pause`, it prints
`HALF` after the first half and waits for a line on stdin before the second (the parent breaks Redis
in between).
"""

from __future__ import annotations

import json
import pickle
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from ctp_sdk import CtpClient, CtpError


class CountingTransport(httpx.HTTPTransport):
    """The default transport, counting the requests this process sends to the token endpoint."""

    def __init__(self) -> None:
        super().__init__(limits=httpx.Limits(max_connections=100, max_keepalive_connections=100))
        self.token_requests = 0
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            with self._lock:
                self.token_requests += 1
        return super().handle_request(request)


def main() -> None:
    with open(sys.argv[1], "rb") as file:
        settings: dict[str, Any] = pickle.load(file)
    threads: int = settings["threads"]
    calls: int = settings["calls"]
    transport = CountingTransport()
    errors: list[str] = []
    with CtpClient(settings["config"], token_store=settings["store"], transport=transport) as ctp:
        api = ctp.integration_api_root()

        def run(count: int) -> None:
            for _ in range(count):
                try:
                    api.get().execute()
                except CtpError as err:
                    errors.append(type(err).__name__)

        halves = [calls // 2, calls - calls // 2] if settings.get("pause") else [calls]
        for number, per_thread in enumerate(halves):
            if number:
                print("HALF", flush=True)
                sys.stdin.readline()
            with ThreadPoolExecutor(threads) as pool:
                for future in [pool.submit(run, per_thread) for _ in range(threads)]:
                    future.result()
    print(json.dumps({"calls": threads * calls, "errors": errors, "token_requests": transport.token_requests}))


if __name__ == "__main__":
    main()
