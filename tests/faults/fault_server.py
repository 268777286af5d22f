"""A small HTTP/1.1 server on 127.0.0.1 whose every answer the test scripts, for fault injection.

Plays both hosts of commercetools: the auth server (`/oauth/...`: tokens it issues, then accepts) and a
minimal API (categories with versions and update actions, customers, `/me/login`). A test replaces
either side's behaviour with a script of `Action`s; each request takes the next scripted action and,
when the script is used up, gets the default behaviour. Actions can answer with any status and body,
reset the connection before or after reading the request body, stall until released, or send raw
bytes (a cut-off response). The server counts everything: requests (with headers and bodies),
complete POST bodies received, connections opened, open and at most open at once.

Raw sockets (socketserver), not http.server, so connections can be reset mid-request.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import ssl
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

PROJECT = "proj"
CLIENT_ID = "fault-client"
CLIENT_SECRET = "fault-client-secret-" + "s" * 16
STAMP = "2024-01-01T00:00:00.000Z"


@dataclass
class Received:
    method: str
    path: str  # raw, as sent (still percent-escaped)
    query: str
    headers: dict[str, str]
    body: bytes = b""
    body_read: bool = False

    @property
    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode()))

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    status: int
    body: bytes | dict[str, Any] | list[Any] | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


@dataclass
class Reset:
    """Reset the connection (RST): before reading the request body, or after reading (and applying) it."""

    after_body: bool


@dataclass
class Stall:
    """Read the request, then send nothing until the test (or the server's stop) releases it."""


@dataclass
class Raw:
    """Send these bytes as the whole response, then close the connection."""

    data: bytes


@dataclass
class Drip:
    """Send a 200 response's headers, then its body one byte every `interval` seconds (a slow-drip
    server that never trips a read timeout); `sent` counts the body bytes that went out."""

    body: bytes
    interval: float
    sent: int = 0


@dataclass
class Apply:
    """Run the default behaviour first (e.g. create the resource), then do `then`."""

    then: Reset | Stall | Raw


Action = Reply | Reset | Stall | Raw | Drip | Apply
Handler = Callable[[Received], Action | None]


def error(status: int, code: str, message: str = "failed", **extra: Any) -> Reply:
    return Reply(
        status, {"statusCode": status, "message": message, "errors": [{"code": code, "message": message, **extra}]}
    )


def category(cid: str, version: int = 1, **fields: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "version": version,
        "createdAt": STAMP,
        "lastModifiedAt": STAMP,
        "name": {"en": cid},
        "slug": {"en": cid},
        "ancestors": [],
        "orderHint": "0.5",
        **fields,
    }


def customer(cid: str, email: str) -> dict[str, Any]:
    return {
        "id": cid,
        "version": 1,
        "createdAt": STAMP,
        "lastModifiedAt": STAMP,
        "email": email,
        "addresses": [],
        "shippingAddressIds": [],
        "billingAddressIds": [],
        "isEmailVerified": True,
        "customerGroupAssignments": [],
        "stores": [],
        "authenticationMode": "Password",
    }


class Script:
    """Scripted actions for one side (auth or API), taken in order by the requests they match."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: list[tuple[Callable[[Received], bool], Action]] = []
        self.fallback: Handler | None = None

    def push(self, *actions: Action, when: Callable[[Received], bool] = lambda r: True) -> None:
        with self._lock:
            self._queue.extend((when, action) for action in actions)

    def take(self, request: Received, *, before_body: bool = False) -> Action | None:
        """The next action matching `request`. Before the body is read only a reset-before-body is
        taken (its `when` sees headers only); everything else is matched once the body is in."""
        with self._lock:
            for index, (when, action) in enumerate(self._queue):
                if before_body != (isinstance(action, Reset) and not action.after_body):
                    continue
                if when(request):
                    del self._queue[index]
                    return action
        if before_body:
            return None
        return self.fallback(request) if self.fallback is not None else None


class FaultServer:
    """Start with `start()` (or use as a context manager); `url` is `http(s)://127.0.0.1:<port>`."""

    def __init__(self, *, tls: ssl.SSLContext | None = None) -> None:
        self.auth = Script()
        self.api = Script()
        self.tls = tls
        self.lock = threading.Lock()
        self.requests: list[Received] = []
        self.posts_received = 0  # API POSTs whose body arrived completely
        self.connections_opened = 0
        self.connections_open = 0
        self.max_connections_open = 0
        self.all_closed = threading.Condition(self.lock)
        self.tokens_issued: list[str] = []
        self.refresh_tokens: list[str] = []
        self.valid_tokens: set[str] = set()
        self.categories: dict[str, dict[str, Any]] = {}
        self.applied_actions: list[dict[str, Any]] = []
        self.created: list[dict[str, Any]] = []
        self.release = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._server: socketserver.ThreadingTCPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FaultServer:
        fault = self

        class _Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                fault._serve_connection(self.request)

        class _Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True
            request_queue_size = 128

            def get_request(self) -> tuple[socket.socket, Any]:
                sock, addr = super().get_request()
                if fault.tls is not None:
                    sock = fault.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
                return sock, addr

        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        with self.lock:
            for sock in list(self._sockets):
                _close(sock)
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_all_closed(self) -> int:
        """Wait (bounded, as a deadlock guard only) until every client connection is closed; return
        how many are still open."""
        with self.all_closed:
            self.all_closed.wait_for(lambda: self.connections_open == 0, timeout=30)
            return self.connections_open

    # -- counters -----------------------------------------------------------------------------

    def api_requests(self, method: str | None = None) -> list[Received]:
        with self.lock:
            return [
                r for r in self.requests if not r.path.startswith("/oauth") and (method is None or r.method == method)
            ]

    def auth_requests(self) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path.startswith("/oauth")]

    def revoke_tokens(self) -> None:
        """Every access token issued so far is now answered with 401 invalid_token (as after expiry)."""
        with self.lock:
            self.valid_tokens.clear()

    # -- connection handling ------------------------------------------------------------------

    def _serve_connection(self, sock: socket.socket) -> None:
        with self.lock:
            self.connections_opened += 1
            self.connections_open += 1
            self.max_connections_open = max(self.max_connections_open, self.connections_open)
            self._sockets.add(sock)
        try:
            if isinstance(sock, ssl.SSLSocket):
                try:
                    sock.do_handshake()
                except (ssl.SSLError, OSError):
                    return
            reader = sock.makefile("rb")
            while True:
                if not self._serve_request(sock, reader):
                    return
        except OSError:
            return
        finally:
            with self.lock:
                self._sockets.discard(sock)
            _close(sock)
            with self.all_closed:
                self.connections_open -= 1
                self.all_closed.notify_all()

    def _serve_request(self, sock: socket.socket, reader: Any) -> bool:
        line = reader.readline(65537)
        if not line:
            return False
        method, target, _ = line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            header = reader.readline(65537)
            if header in (b"\r\n", b"\n", b""):
                break
            name, _, value = header.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        path, _, query = target.partition("?")
        request = Received(method, path, query, headers)
        with self.lock:
            self.requests.append(request)
        script = self.auth if path.startswith("/oauth") else self.api
        if script.take(request, before_body=True) is not None:
            if int(headers.get("content-length", "0")):
                # Wait (without consuming anything) until the body starts arriving, so the outcome does
                # not race the client's body write: a small body is then fully written by the client
                # (it cannot know the server never read it); a large one is still being written.
                with contextlib.suppress(OSError):
                    reader.peek(1)
            _reset(sock)
            return False
        length = int(headers.get("content-length", "0"))
        request.body = reader.read(length) if length else b""
        request.body_read = len(request.body) == length
        if method == "POST" and request.body_read and not path.startswith("/oauth"):
            with self.lock:
                self.posts_received += 1
        action = script.take(request)
        if isinstance(action, Apply):
            self._default(request)
            action = action.then
        if isinstance(action, Reset):
            _reset(sock)
            return False
        if isinstance(action, Stall):
            self.release.wait()
            return False
        if isinstance(action, Raw):
            sock.sendall(action.data)
            return False
        if isinstance(action, Drip):
            head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(action.body)}\r\n\r\n"
            sock.sendall(head.encode("latin-1"))
            for index in range(len(action.body)):
                if self.release.wait(action.interval):
                    break
                sock.sendall(action.body[index : index + 1])
                action.sent += 1
            return False
        reply = action if action is not None else self._default(request)
        sock.sendall(_encode(reply, headers.get("x-correlation-id")))
        return headers.get("connection", "").lower() != "close"

    # -- default behaviour: a tiny commercetools -----------------------------------------------

    def _default(self, request: Received) -> Reply:
        if request.path.startswith("/oauth"):
            return self._token(request)
        auth = request.headers.get("authorization", "")
        token = auth.removeprefix("Bearer ")
        with self.lock:
            valid = auth.startswith("Bearer ") and token in self.valid_tokens
        if not valid:
            return error(401, "invalid_token", "invalid_token")
        return self._api(request)

    def _token(self, request: Received) -> Reply:
        form = request.form
        grant = form.get("grant_type")
        with self.lock:
            n = len(self.tokens_issued) + 1
            access = f"fault-access-token-{n:04d}-secret"
            self.tokens_issued.append(access)
            self.valid_tokens.add(access)
        body: dict[str, Any] = {"access_token": access, "expires_in": 172800, "token_type": "Bearer"}
        if request.path.endswith("/anonymous/token") or grant == "password":
            refresh = f"fault-refresh-token-{n:04d}-secret"
            with self.lock:
                self.refresh_tokens.append(refresh)
            body["refresh_token"] = refresh
            who = f"anonymous_id:anon-{n}" if grant != "password" else "customer_id:cust-1"
            body["scope"] = f"manage_my_orders:{PROJECT} {who}"
        elif grant == "refresh_token":
            body["scope"] = f"manage_my_orders:{PROJECT}"
        else:
            body["scope"] = f"manage_project:{PROJECT}"
        return Reply(200, body)

    def _api(self, request: Received) -> Reply:
        parts = [unquote(p) for p in request.path.split("/")[1:]]
        if len(parts) < 2 or parts[0] != PROJECT:
            return error(404, "ResourceNotFound", "no such path")
        resource = parts[1:]
        if resource[0] == "categories":
            return self._categories(request, resource[1:])
        if resource[0] == "me" and resource[1:] == ["login"] and request.method == "POST":
            body = request.json()
            return Reply(200, {"customer": customer("cust-1", body["email"])})
        if resource[0] == "customers" and len(resource) == 2 and resource[1].startswith("password-token="):
            return Reply(200, customer("cust-1", "shopper@example.test"))
        if resource[0] == "customers" and resource[1:] == ["password-token"] and request.method == "POST":
            return Reply(
                200,
                {
                    "id": "tok-1",
                    "customerId": "cust-1",
                    "value": "pw-reset-token-value-secret",
                    "expiresAt": STAMP,
                    "createdAt": STAMP,
                    "invalidateOlderTokens": False,
                },
            )
        return error(404, "ResourceNotFound", "no such path")

    def _categories(self, request: Received, rest: list[str]) -> Reply:
        with self.lock:
            if not rest and request.method == "POST":
                draft = request.json()
                cid = draft.get("key") or f"cat-{len(self.created) + 1}"
                item = category(cid, key=draft.get("key"), name=draft["name"], slug=draft["slug"])
                self.created.append(item)
                self.categories[cid] = item
                return Reply(201, item)
            if not rest and request.method == "GET":
                results = list(self.categories.values())
                return Reply(
                    200, {"limit": 20, "offset": 0, "count": len(results), "total": len(results), "results": results}
                )
            if len(rest) != 1:
                return error(404, "ResourceNotFound", "no such path")
            cid = rest[0]
            item = self.categories.get(cid)
            if item is None:
                return error(404, "ResourceNotFound", f"category {cid} not found")
            if request.method == "GET":
                return Reply(200, item)
            if request.method == "POST":
                update = request.json()
                if update["version"] != item["version"]:
                    return error(
                        409,
                        "ConcurrentModification",
                        "version mismatch",
                        currentVersion=item["version"],
                    )
                for action in update["actions"]:
                    self.applied_actions.append(action)
                    if action["action"] == "changeName":
                        item["name"] = action["name"]
                    elif action["action"] == "setDescription":
                        item["description"] = action.get("description")
                item["version"] += 1
                return Reply(200, item)
        return error(405, "MethodNotAllowed", "method not allowed")

    def add_category(self, cid: str) -> None:
        with self.lock:
            self.categories[cid] = category(cid)


def _encode(reply: Reply, correlation_id: str | None) -> bytes:
    if isinstance(reply.body, (dict, list)):
        body = json.dumps(reply.body).encode()
    elif isinstance(reply.body, str):
        body = reply.body.encode()
    else:
        body = reply.body
    reason = {200: "OK", 201: "Created", 302: "Found"}.get(reply.status, "Status")
    head = [f"HTTP/1.1 {reply.status} {reason}", f"Content-Length: {len(body)}"]
    if body:
        head.append(f"Content-Type: {reply.content_type}")
    if correlation_id and "X-Correlation-ID" not in reply.headers:
        head.append(f"X-Correlation-ID: {correlation_id}")
    head.extend(f"{name}: {value}" for name, value in reply.headers.items())
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def _reset(sock: socket.socket) -> None:
    # SO_LINGER with a zero timeout makes close() send RST instead of FIN: a reset connection.
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
