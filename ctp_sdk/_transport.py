"""The one send path: every API request of every root goes through `Transport.send`.

It stamps the `X-Correlation-ID` (generated unless the caller set one; kept across retries), checks the
request goes to the configured API host, sends with the identity's `httpx.Auth` (which renews the token
once on 401 invalid_token), retries what `_retry` says is safe to retry, re-sends updates that hit a
version conflict when asked to, turns httpx failures into `ApiConnectionError`/`ApiTimeoutError`, logs,
and decodes the response (status -> exception in `errors.error_for_status`).

Bounds: the whole call runs under one deadline (token, retries, backoff, reading the body); bodies are
read in chunks up to `max_response_bytes` on the wire and decompressed. Errors raised from here chain no
httpx exception with its request (credentials, body) as cause or context: only a sanitized copy.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import random
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import httpx
from ctp_auth import AuthServerError, AuthTimeoutError, AuthUnreachableError, CtpError, ResponseTooLargeError
from ctp_auth._client import sanitized_cause
from ctp_auth._limits import (
    DeadlineExceededError,
    enter_deadline,
    leave_deadline,
    limit_timeout,
    read_limited,
    remaining,
)

from ._config import ClientConfig, as_timeout, check_deadline, check_retries
from ._endpoint import Operation, Request, decode_response, to_httpx
from ._interceptors import Interceptor, run_intercepted
from ._response import ApiResponse
from ._retry import IDEMPOTENT_METHODS, backoff_delay, retry_after_seconds, retryable_status
from .errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    ConcurrentModificationError,
    ResponseDecodeError,
)

__all__ = ["AuthorizedSender", "RequestOptions", "Transport", "new_correlation_id"]

logger = logging.getLogger("ctp_sdk")
_httpx_logger = logging.getLogger("httpx")

T = TypeVar("T")

CORRELATION_HEADER = "X-Correlation-ID"

_TIMEOUT_PHASES: dict[type[httpx.TimeoutException], str] = {
    httpx.ConnectTimeout: "connect",
    httpx.WriteTimeout: "write",
    httpx.ReadTimeout: "read",
    httpx.PoolTimeout: "pool",
}


def new_correlation_id() -> str:
    """A fresh correlation id, unique per request, for commercetools support to find the request."""
    # A version-4 UUID made from 128 random bits directly: uuid.uuid4() plus str() cost 4 us, and
    # os.urandom is a system call per request. The id needs to be unique, not secret: `random` is seeded
    # from the OS and reseeded in a forked child.
    h = f"{random.getrandbits(128):032x}"
    return f"ctp-sdk-python/{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


@dataclasses.dataclass(frozen=True, slots=True)
class RequestOptions:
    """Per-request overrides of the client's settings; same names as `ClientConfig`, None = the client's."""

    max_retries: int | None = None
    timeout: httpx.Timeout | float | None = None
    conflict_retries: int | None = None
    deadline: float | None = None

    def __post_init__(self) -> None:
        for name in ("max_retries", "conflict_retries"):
            value = getattr(self, name)
            if value is not None:
                check_retries(value, name)
        if self.timeout is not None:
            object.__setattr__(self, "timeout", as_timeout(self.timeout, "timeout"))
        object.__setattr__(self, "deadline", check_deadline(self.deadline, "deadline"))


_NO_OPTIONS = RequestOptions()


class _SendProgress:
    """An httpcore `trace` callback: did the last attempt finish sending the request?

    httpcore swallows errors while writing and reports the failure when reading, so the exception type
    alone cannot tell "never reached the server" from "sent, answer lost". Without trace events (a
    custom transport) only a failed connect counts as not sent.
    """

    __slots__ = ("events", "sent")

    def __init__(self) -> None:
        self.sent = False
        self.events = False

    def __call__(self, name: str, info: dict[str, Any]) -> None:
        self.events = True
        if name.endswith("send_request_headers.started"):
            self.sent = False  # a new send on this request (e.g. the resend after a token renewal)
        elif name.endswith("send_request_body.complete"):
            self.sent = True

    def request_sent(self, exc: httpx.TransportError) -> bool:
        if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
            return False
        return self.sent if self.events else True


def _is_update(request: Request[Any]) -> bool:
    body = request.json
    return (
        request.method == "POST"
        and isinstance(body, dict)
        and isinstance(body.get("version"), int)
        and isinstance(body.get("actions"), list)
    )


def _version_of(data: Any) -> int:
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError("resource has no version")
    return version


class Transport:
    """Sends `Request`s to the API host on the client's shared `httpx.Client`.

    `sleep` and `jitter` (a uniform random number in [0, 1)) are injectable so tests need not wait.
    """

    def __init__(
        self,
        http: httpx.Client,
        wire: httpx.BaseTransport,
        config: ClientConfig,
        *,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
        interceptors: Sequence[Interceptor] = (),
        on_retry: Callable[[str, str, int, float], None] | None = None,
    ) -> None:
        self._http = http
        self._wire = wire
        self._interceptors = tuple(interceptors)
        self._on_retry = on_retry
        self._api_url = config.api_url.rstrip("/")
        self._api_origin = httpx.URL(self._api_url)
        # raw_host, not host: the latter IDNA-decodes on every access (~2 us per request).
        self._api_origin_key = (self._api_origin.scheme, self._api_origin.raw_host, self._api_origin.port)
        # The client's default headers (User-Agent, Accept...), normalized once: copying an httpx.Headers
        # copies its list, building one from a dict encodes and lower-cases every name and value again.
        self._default_headers = httpx.Headers(http.headers)
        self._default_timeout = http.timeout.as_dict()
        self._longest_default_phase = _longest_phase(http.timeout)
        self._max_retries = config.max_retries
        self._conflict_retries = config.conflict_retries
        self._deadline = config.deadline
        self._max_bytes = config.max_response_bytes
        self._sleep = sleep
        self._jitter = jitter

    def for_host(self, base_url: str) -> Transport:
        """The same transport (connection pool, retries, deadlines, errors, logging) sending to another
        commercetools API host (Import, History, Checkout): that copy refuses every other host, the
        platform API's included, as this one refuses all but its own."""
        other = copy.copy(self)
        other._api_url = base_url.rstrip("/")
        other._api_origin = httpx.URL(other._api_url)
        other._api_origin_key = (other._api_origin.scheme, other._api_origin.raw_host, other._api_origin.port)
        return other

    def send(self, request: Request[T], auth: httpx.Auth, options: RequestOptions | None = None) -> ApiResponse[T]:
        deadline = self._deadline if options is None or options.deadline is None else options.deadline
        # The deadline's ContextVar is set and reset inline: `with deadline_scope(...)` (a generator-based
        # context manager) was the costliest single step of the SDK's own per-request work.
        scope = None if deadline is None else enter_deadline(deadline)
        try:
            if not self._interceptors:
                return self._send(request, auth, options)
            result = run_intercepted(
                self._interceptors, request, self._start_by(options), lambda: self._send(request, auth, options)
            )
            return cast(ApiResponse[T], result)
        finally:
            if scope is not None:
                leave_deadline(scope)

    def _start_by(self, options: RequestOptions | None) -> float | None:
        """The monotonic instant by which a call waiting in a bulkhead or for a rate-limit turn must
        start: the call's deadline, and never later than the pool timeout (the same kind of wait as for a
        pooled connection), so a call that cannot start fails instead of hanging."""
        timeout = options.timeout if options is not None and isinstance(options.timeout, httpx.Timeout) else None
        pool = timeout.pool if timeout is not None else self._default_timeout.get("pool")
        waits = [left for left in (remaining(), pool) if left is not None]
        return time.monotonic() + min(waits) if waits else None

    def _send(self, request: Request[T], auth: httpx.Auth, options: RequestOptions | None) -> ApiResponse[T]:
        opts = options or _NO_OPTIONS  # not RequestOptions(): its validation ran on every call
        max_retries = self._max_retries if opts.max_retries is None else opts.max_retries
        conflict_retries = self._conflict_retries if opts.conflict_retries is None else opts.conflict_retries
        timeout = opts.timeout if isinstance(opts.timeout, httpx.Timeout) else None
        given = httpx.Headers(request.headers).get(CORRELATION_HEADER) if request.headers else None
        correlation_id = given or new_correlation_id()
        retries = 0
        conflicts = 0
        while True:
            try:
                result, used = self._send_retrying(request, auth, correlation_id, max_retries, timeout)
                return dataclasses.replace(result, retries=retries + used) if retries + used else result
            except CtpError as err:
                err.retries += retries
                if not (
                    isinstance(err, ConcurrentModificationError)
                    and conflicts < conflict_retries
                    and _is_update(request)
                ):
                    raise
                retries = err.retries
                version = err.current_version
                if version is None:
                    try:
                        version = self._read_version(request, auth, correlation_id, max_retries, timeout, err)
                    except CtpError as read_err:
                        if read_err is not err:
                            read_err.retries += retries
                        raise
                delay = backoff_delay(conflicts, self._jitter())
                conflicts += 1
                retries += 1
                logger.info(
                    "ctp_sdk: %s hit a concurrent modification; re-sending the same actions at version %d "
                    "(conflict retry %d of %d) in %.2f s correlation_id=%s",
                    request.operation.id,
                    version,
                    conflicts,
                    conflict_retries,
                    delay,
                    correlation_id,
                )
                self._sleep(delay)
                request = dataclasses.replace(request, json={**request.json, "version": version})

    def _read_version(
        self,
        request: Request[Any],
        auth: httpx.Auth,
        correlation_id: str,
        max_retries: int,
        timeout: httpx.Timeout | None,
        conflict: ConcurrentModificationError,
    ) -> int:
        # The 409 did not say the current version: GET the resource the update was sent to.
        op = request.operation
        read: Request[Any] = Request(
            operation=Operation(f"{op.id}:readVersion", "GET", op.path, op.scopes),
            path=request.path,
            query=[],
            headers=None,
            decode=lambda status, data: data,
        )
        data = self._send_retrying(read, auth, correlation_id, max_retries, timeout)[0].body
        try:
            return _version_of(data)
        except ValueError:
            raise conflict from None

    def _send_retrying(
        self,
        request: Request[T],
        auth: httpx.Auth,
        correlation_id: str,
        max_retries: int,
        timeout: httpx.Timeout | None,
    ) -> tuple[ApiResponse[T], int]:
        op = request.operation
        retry = 0
        while True:
            retry_after: float | None = None
            progress = _SendProgress()
            try:
                response = self._send_once(request, auth, correlation_id, timeout, progress)
            except httpx.TransportError as exc:
                sent = progress.request_sent(exc)
                if remaining() == 0.0:  # a phase timeout cut short by the deadline
                    failure: CtpError = _deadline_error(op.id, correlation_id, sent)
                    retryable = False
                else:
                    failure = _connection_error(exc, op.id, correlation_id, sent)
                    retryable = not sent or op.method in IDEMPOTENT_METHODS
                reason = type(exc).__name__
            except (DeadlineExceededError, AuthTimeoutError):
                failure = _deadline_error(op.id, correlation_id, progress.sent)
                retryable = False
                reason = "deadline"
            except (AuthServerError, AuthUnreachableError) as exc:
                # Getting the token failed, so the API request was not sent: safe for any method.
                failure = exc
                retryable = isinstance(exc, AuthUnreachableError) or (exc.status_code or 0) >= 500
                reason = f"token request: {type(exc).__name__}"
            except ResponseTooLargeError as exc:
                failure = ResponseTooLargeError(exc.what, exc.limit)
                failure.args = (f"{exc} ({op.id}, correlation_id={correlation_id})",)
                retryable = False
                reason = "too large"
            except httpx.DecodingError:
                failure = ResponseDecodeError(
                    op.id,
                    (),
                    "body could not be decompressed (Content-Encoding)",
                    status_code=0,
                    content_type=None,
                    correlation_id=correlation_id,
                    operation=op.id,
                    snippet="",
                    show_snippet=False,
                )
                retryable = False
                reason = "undecodable"
            else:
                if not retryable_status(op.method, response.status_code):
                    try:
                        return self._decode(request, response, correlation_id), retry
                    except CtpError as err:
                        err.retries = retry
                        raise
                failure = self._failure(request, response, correlation_id)
                retryable = True
                retry_after = retry_after_seconds(response.headers)
                reason = f"status {response.status_code}"
            failure.retries = retry
            if not retryable or retry >= max_retries:
                raise failure
            delay = retry_after if retry_after is not None else backoff_delay(retry, self._jitter())
            left = remaining()
            if left is not None and delay >= left:
                # No time left for the wait and another attempt: the failure is the honest answer.
                raise failure
            retry += 1
            if self._on_retry is not None:
                self._on_retry(op.id, reason, retry, delay)
            logger.info(
                "ctp_sdk: %s %s failed (%s); retry %d of %d in %.2f s correlation_id=%s",
                op.method,
                op.path,
                reason,
                retry,
                max_retries,
                delay,
                correlation_id,
            )
            self._sleep(delay)

    def _send_once(
        self,
        request: Request[Any],
        auth: httpx.Auth,
        correlation_id: str,
        timeout: httpx.Timeout | None,
        progress: _SendProgress,
    ) -> httpx.Response:
        kwargs = to_httpx(request)
        # The URL is built once, query included: handing httpx a string plus `params` (even an empty
        # list) makes it parse the URL twice more, ~25 us per request, a third of the SDK's overhead.
        kwargs["url"] = httpx.URL(self._api_url + request.path, params=kwargs.pop("params") or None)
        if timeout is not None:
            kwargs["timeout"] = timeout
        left = remaining()
        longest = self._longest_default_phase if timeout is None else _longest_phase(timeout)
        if left is not None and left < longest:
            # No phase may wait past the call's deadline (raises DeadlineExceededError once it has passed).
            # With more time left than the longest phase (the usual case) there is nothing to cut.
            kwargs["timeout"] = limit_timeout(timeout or self._http.timeout)
        if request.method not in IDEMPOTENT_METHODS:
            # The trace tells whether a failed request was completely sent, which decides whether a
            # POST/DELETE may be resent. GET and HEAD are resent either way, so they skip it: httpcore's
            # tracing costs ~7 us per request. Their errors report request_sent=True (may have been
            # received) unless the connection was never made.
            kwargs["extensions"] = {"trace": progress}
        http_request = self._build(kwargs, correlation_id)
        url = http_request.url
        if (url.scheme, url.raw_host, url.port) != self._api_origin_key:
            # Path values are escaped, so this cannot happen through the builders; if it ever did, the
            # bearer token must still go nowhere but the configured API host.
            raise ValueError(f"refusing to send {request.operation.id} outside the configured API host")
        op = request.operation
        # Logged: the path *template* and query parameter names. Path values (password and email
        # tokens), query values, headers and bodies can hold secrets or personal data.
        debug = logger.isEnabledFor(logging.DEBUG)
        if debug:
            logger.debug(
                "ctp_sdk: %s %s (%s) query=%s correlation_id=%s",
                op.method,
                op.path,
                op.id,
                sorted({name for name, _ in request.query}),
                correlation_id,
            )
        started = time.perf_counter() if debug else 0.0
        try:
            response = self._exchange(http_request, auth)
            try:
                read_limited(response, self._max_bytes)
            except DeadlineExceededError:
                progress.sent = True  # the answer was coming in: the request was sent
                raise
            finally:
                response.close()
        except httpx.TransportError as exc:
            logger.debug("ctp_sdk: %s failed (%s) correlation_id=%s", op.id, type(exc).__name__, correlation_id)
            raise
        if debug:
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.debug(
                "ctp_sdk: %s -> %s in %.0f ms correlation_id=%s",
                op.id,
                response.status_code,
                elapsed_ms,
                correlation_id,
            )
        return response

    def _exchange(self, request: httpx.Request, auth: httpx.Auth) -> httpx.Response:
        """`request` sent on the wire transport with `auth`'s flow (the bearer token, and one resend after
        a 401 invalid_token), redirects not followed, no cookies: what `http.send(request, auth=auth,
        stream=True)` did for the API, without its per-request cookie-jar copy and unused layers (see
        `_wire`). The response is unread."""
        if self._http.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        flow = auth.sync_auth_flow(request)
        try:
            request = next(flow)
            while True:
                response = self._wire.handle_request(request)
                response.request = request
                if _httpx_logger.isEnabledFor(logging.INFO):
                    # The line httpx.Client logs for every response (masked by `_logging`'s filter):
                    # applications that watch httpx's log keep seeing API calls.
                    _httpx_logger.info(
                        'HTTP Request: %s %s "%s %d %s"',
                        request.method,
                        request.url,
                        response.http_version,
                        response.status_code,
                        response.reason_phrase,
                    )
                try:
                    request = flow.send(response)
                except StopIteration:
                    return response
                except BaseException:
                    response.close()
                    raise
                response.close()  # the flow read what it needed (a 401's body) and wants a resend
        finally:
            flow.close()

    def _build(self, kwargs: dict[str, Any], correlation_id: str) -> httpx.Request:
        # httpx.Client.build_request merges base URL, cookies and default headers and parses the URL
        # again (~15 us); the URL here is already absolute and the API sets no cookies, so the request
        # is made directly, with the client's default headers, the request's and the correlation id
        # merged in one dict (httpx.Headers copies and lookups are linear scans, ~1 us each).
        headers = self._default_headers.copy()
        for name, value in (kwargs.get("headers") or {}).items():
            headers[name] = value  # replaces a default of the same name, whatever its case
        headers["x-correlation-id"] = correlation_id
        timeout = kwargs.get("timeout")
        extensions = {
            **kwargs.get("extensions", {}),
            "timeout": self._default_timeout if timeout is None else httpx.Timeout(timeout).as_dict(),
        }
        return httpx.Request(
            kwargs["method"], kwargs["url"], headers=headers, content=kwargs.get("content"), extensions=extensions
        )

    @staticmethod
    def _decode(request: Request[T], response: httpx.Response, correlation_id: str) -> ApiResponse[T]:
        try:
            return decode_response(request, response, correlation_id)
        except ApiError as err:
            logger.debug("ctp_sdk: %s failed: %s", request.operation.id, err)
            raise

    def _failure(self, request: Request[Any], response: httpx.Response, correlation_id: str) -> CtpError:
        try:
            self._decode(request, response, correlation_id)
        except CtpError as err:
            return err
        raise AssertionError(f"status {response.status_code} is not an error")  # retryable statuses are >= 429


def _connection_error(exc: httpx.TransportError, operation: str, correlation_id: str, sent: bool) -> CtpError:
    if isinstance(exc, httpx.TimeoutException):
        phase = _TIMEOUT_PHASES.get(type(exc), "read")
        error: CtpError = ApiTimeoutError(
            f"API timed out in the {phase} phase ({type(exc).__name__})",
            phase=phase,
            operation=operation,
            correlation_id=correlation_id,
            request_sent=sent,
        )
    else:
        error = ApiConnectionError(
            f"API unreachable ({type(exc).__name__})",
            operation=operation,
            correlation_id=correlation_id,
            request_sent=sent,
        )
    # Not `exc` itself: its .request holds the Authorization header and the body (a password, say).
    error.__cause__ = sanitized_cause(exc)
    return error


def _longest_phase(timeout: httpx.Timeout) -> float:
    phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
    return float("inf") if None in phases else max(p for p in phases if p is not None)


def _deadline_error(operation: str, correlation_id: str, sent: bool) -> ApiTimeoutError:
    return ApiTimeoutError(
        "the call's deadline passed (token, retries and reading the answer included)",
        phase="deadline",
        operation=operation,
        correlation_id=correlation_id,
        request_sent=sent,
    )


class AuthorizedSender:
    """An `Executor` for builders: the transport plus one identity (integration or a customer session)."""

    __slots__ = ("_auth", "_transport")

    def __init__(self, transport: Transport, auth: httpx.Auth) -> None:
        self._transport = transport
        self._auth = auth

    def execute(self, request: Request[T], options: RequestOptions | None = None) -> ApiResponse[T]:
        return self._transport.send(request, self._auth, options)

    def __repr__(self) -> str:
        return f"AuthorizedSender({self._auth!r})"
