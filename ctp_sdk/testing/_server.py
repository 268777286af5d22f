"""The backend as a loopback HTTP server (127.0.0.1 only), for the demo and non-Python tools."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from ._backend import Backend

_MAX_BODY = 10 * 1024 * 1024
_READ_TIMEOUT = 10.0


class BackendServer:
    """A running server answering from `backend` on `http://127.0.0.1:<port>` (port 0: any free one).

    Auth and API share the one address, as with the peer mock. Stop it with `close()` or use it as a
    context manager.
    """

    def __init__(self, backend: Backend, *, port: int = 0) -> None:
        self.backend = backend
        handler = type("_Handler", (_Handler,), {"backend": backend})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._httpd.daemon_threads = True
        self.port: int = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="ctp-testing-server", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def serve_forever(self) -> None:
        """Block until interrupted (the CLI's main loop)."""
        self._thread.join()

    def __enter__(self) -> BackendServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"BackendServer({self.url})"


class _Handler(BaseHTTPRequestHandler):
    backend: Backend
    protocol_version = "HTTP/1.1"
    # Without this, a garbled request line is answered HTTP/0.9 style (a body, no status line).
    default_request_version = "HTTP/1.0"
    # A client that stops sending (a short body, a half request line) frees its thread after this.
    timeout = _READ_TIMEOUT

    def _refuse(self, status: int, message: str) -> None:
        self.close_connection = True
        self.send_error(status, message)

    def _answer(self) -> None:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self._refuse(411, "Content-Length required (chunked bodies are not accepted)")
            return
        raw = (self.headers.get("Content-Length") or "0").strip()
        if not raw.isdigit():
            self._refuse(400, "Malformed Content-Length")
            return
        length = int(raw)
        if length > _MAX_BODY:
            self._refuse(413, "Request body too large")
            return
        body = self.rfile.read(length) if length else b""
        if len(body) != length:
            self._refuse(400, "Request body shorter than its Content-Length")
            return
        path, _, query = self.path.partition("?")
        reply = self.backend.handle(self.command, path, query, dict(self.headers.items()), body)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    do_GET = do_POST = do_DELETE = do_HEAD = _answer

    def log_message(self, format: str, *args: object) -> None:
        # Silent: request lines would land on stderr of the user's test run.
        return
