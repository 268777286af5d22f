"""The backend as an `httpx.BaseTransport`: requests are answered in-process, no socket is opened."""

from __future__ import annotations

import httpx

from ._backend import Backend


class BackendTransport(httpx.BaseTransport):
    """Answers every request (auth or API host alike) from `backend`; never touches the network."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        reply = self.backend.handle(
            request.method,
            request.url.raw_path.split(b"?", 1)[0].decode("ascii"),
            request.url.query.decode("ascii"),
            request.headers,
            body,
        )
        return httpx.Response(reply.status, headers=reply.headers, content=reply.body, request=request)
