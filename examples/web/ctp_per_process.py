"""One `CtpClient` per worker process, created on first use.

A `CtpClient` owns a connection pool and the cached integration token; it is thread-safe, so every
request handled by a worker process (every thread of it) shares one. gunicorn and uvicorn start several
worker processes, usually by forking: a client created before the fork (at import time with
`gunicorn --preload`) would share its open sockets with the other workers. So the client is created
lazily in the process that uses it, and created anew if the process id changed since.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from ctp_sdk import CtpClient


class ClientPerProcess:
    """`get()` returns this process's client, creating it with `factory` (default `CtpClient.from_env`)."""

    def __init__(self, factory: Callable[[], CtpClient] = CtpClient.from_env) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._client: CtpClient | None = None
        self._pid = 0
        self.created = 0
        """How many clients this holder has created (one per process that used it)."""

    def get(self) -> CtpClient:
        client, pid = self._client, os.getpid()
        if client is not None and self._pid == pid:
            return client
        with self._lock:
            if self._client is None or self._pid != pid:
                # An inherited client is dropped, never closed here: closing would close the parent's sockets.
                self._client, self._pid = self._factory(), pid
                self.created += 1
            return self._client

    def close(self) -> None:
        """Close this process's client (at worker shutdown); the next `get()` creates a new one."""
        with self._lock:
            if self._client is not None and self._pid == os.getpid():
                self._client.close()
            self._client = None
