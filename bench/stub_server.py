"""A minimal, fast HTTP/1.1 stub of the commercetools token endpoint and GET category by id.

`stub_server()` starts it in a child process listening on 127.0.0.1 (a free port) and stops it when
the block ends. It is deliberately tiny (keep-alive, a fixed body) so the request-overhead workload
measures the client, not the server: Node's http module (`stub_server.mjs`, ~60 us per round trip
here) when node is on PATH, else this file's own asyncio server (~95 us), run as a script.

Routes: `POST /oauth/token` (counted), `GET /<project>/categories/<id>` (the fixed Category, with the
path's id), `GET /__stats` (request counters as JSON), anything else 404.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, ClassVar

__all__ = ["CATEGORY", "stub_kind", "stub_server"]

CATEGORY: dict[str, Any] = {
    "id": "cat-1",
    "version": 3,
    "createdAt": "2024-03-05T10:11:12.345Z",
    "lastModifiedAt": "2025-01-31T09:30:00.000Z",
    "name": {"en": "Shoes", "de": "Schuhe"},
    "slug": {"en": "shoes", "de": "schuhe"},
    "description": {"en": "All the shoes"},
    "ancestors": [{"typeId": "category", "id": "root-1"}],
    "parent": {"typeId": "category", "id": "root-1"},
    "orderHint": "0.5",
    "assets": [],
    "key": "shoes",
}
TOKEN = json.dumps(
    {"access_token": "stub-access-token", "token_type": "Bearer", "expires_in": 172800, "scope": "manage_project:bench"}
).encode()


class _Http(asyncio.Protocol):
    stats: ClassVar[dict[str, int]] = {"token_requests": 0, "api_requests": 0}

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].decode("latin-1")
            length = 0
            correlation_id = ""
            for line in head.split("\r\n")[1:]:
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "x-correlation-id":
                    correlation_id = value.strip()
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length :]
            method, target, _ = head.split("\r\n", 1)[0].split(" ", 2)
            self.respond(method, target.split("?", 1)[0], correlation_id)

    def respond(self, method: str, path: str, correlation_id: str) -> None:
        status, body = "404 Not Found", b'{"statusCode":404,"message":"not found","errors":[]}'
        parts = path.strip("/").split("/")
        if method == "POST" and path == "/oauth/token":
            self.stats["token_requests"] += 1
            status, body = "200 OK", TOKEN
        elif method == "GET" and len(parts) == 3 and parts[1] == "categories":
            self.stats["api_requests"] += 1
            status, body = "200 OK", _category(parts[2])
        elif method == "GET" and path == "/__stats":
            status, body = "200 OK", json.dumps(self.stats).encode()
        elif method == "POST" and path == "/__reset":
            self.stats.update(token_requests=0, api_requests=0)
            status, body = "200 OK", b"{}"
        assert self.transport is not None
        echo = f"X-Correlation-ID: {correlation_id}\r\n" if correlation_id else ""  # as the API does
        self.transport.write(
            f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{echo}\r\n".encode()
            + body
        )


_BODIES: dict[str, bytes] = {}


def _category(category_id: str) -> bytes:
    body = _BODIES.get(category_id)
    if body is None:
        body = _BODIES[category_id] = json.dumps({**CATEGORY, "id": category_id}, separators=(",", ":")).encode()
    return body


async def _serve() -> None:
    server = await asyncio.get_running_loop().create_server(_Http, "127.0.0.1", 0, backlog=256)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with server:
        await server.serve_forever()


def stub_kind() -> str:
    return "node" if shutil.which("node") else "python-asyncio"


@contextmanager
def stub_server() -> Iterator[str]:
    """Run the stub in a child process (its own core); yields its base URL."""
    here = Path(__file__).resolve().parent
    node = shutil.which("node")
    if node:
        command = [node, str(here / "stub_server.mjs"), json.dumps(CATEGORY), TOKEN.decode()]
    else:
        command = [sys.executable, "-I", str(here / "stub_server.py")]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if not line.isdigit():
            raise RuntimeError(f"stub server did not start (printed {line!r})")
        yield f"http://127.0.0.1:{line}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    with suppress(KeyboardInterrupt):
        asyncio.run(_serve())
