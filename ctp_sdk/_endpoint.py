"""What a generated endpoint module builds: an `Operation` and a pure `Request[T]` (no I/O).

Also the request-building helpers generated code calls (path segment escaping, query encoding, body
checks) and `send`, the minimal way to run a Request on a plain `httpx.Client`. The SDK's client
runs Requests through its own send path (retries, token renewal, logging) instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import IO, Any, Generic, TypeVar
from urllib.parse import quote, unquote

import httpx
from ctp_auth._redact import scrub

from ._codec import DecodeError, each, gc_pause, gc_resume, parse_json
from ._response import ApiResponse
from .errors import ApiError, ResponseDecodeError, error_for_status

T = TypeVar("T")

__all__ = ["Operation", "Request", "add", "add_all", "add_prefixed", "check_segment", "each", "seg", "send"]


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of the spec: its id, HTTP method, path template and required OAuth scopes."""

    id: str
    method: str
    path: str
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Request(Generic[T]):
    """A ready-to-send request. `path` is relative to the API host and already escaped; `decode`
    turns a 2xx status and its parsed JSON (None when empty) into the typed body."""

    operation: Operation
    path: str
    query: list[tuple[str, str]]
    headers: Mapping[str, str] | None
    decode: Callable[[int, Any], T]
    json: Any = None
    content: bytes | IO[bytes] | None = None
    content_type: str | None = None
    form: list[tuple[str, str]] | None = None

    @property
    def method(self) -> str:
        return self.operation.method

    def __repr__(self) -> str:
        # Never the path values, query values or body: they can hold passwords (`password`,
        # `newPassword`), password-reset and email tokens (`tokenValue`, `/password-token=...`).
        names = sorted({name for name, _ in self.query})
        return f"Request({self.operation.id}: {self.method} {self.operation.path}, query={names})"


def check_segment(value: str, name: str) -> None:
    """A path value must be a non-empty str (TypeError / ValueError before anything is sent)."""
    if not isinstance(value, str):
        raise TypeError(f"path parameter {name} must be a str, got {type(value).__name__}")
    if not value:
        raise ValueError(f"path parameter {name} must not be empty")


def seg(value: str, name: str) -> str:
    """One path segment, percent-escaped so no value can reach another endpoint (`/`, `?`, `#`, `..`)."""
    check_segment(value, name)
    escaped = quote(value, safe="")
    if escaped in (".", ".."):
        escaped = escaped.replace(".", "%2E")
    return escaped


def _text(value: Any, name: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (str, int, float)):
        return str(value)
    raise TypeError(f"query parameter {name} cannot take a {type(value).__name__}")


def add(query: list[tuple[str, str]], name: str, value: Any) -> None:
    """Append `name=value` (repeated for a sequence); None is omitted."""
    if value is None:
        return
    if isinstance(value, (list, tuple)) or (isinstance(value, Sequence) and not isinstance(value, str)):
        query.extend((name, _text(item, name)) for item in value)
    else:
        query.append((name, _text(value, name)))


def add_prefixed(query: list[tuple[str, str]], prefix: str, values: Mapping[str, Any] | None) -> None:
    """Pattern-named parameters: {"k": v} is sent as `<prefix>k=v` (`var.k=v`, `text.en=v`)."""
    if not values:
        return
    for key, value in values.items():
        if not key:
            raise ValueError(f"empty key for {prefix}<key> query parameter")
        add(query, prefix + key, value)


def add_all(query: list[tuple[str, str]], values: Mapping[str, Any] | None) -> None:
    """The extra-query escape hatch: parameters the typed signature does not know."""
    if values:
        for key, value in values.items():
            add(query, key, value)


def json_body(body: Any, model: type[Any]) -> Any:
    """The JSON of a typed request body; anything but an instance of `model` is a TypeError."""
    if not isinstance(body, model):
        raise TypeError(f"body must be a {model.__name__}, got {type(body).__name__}")
    return body.to_dict()


def binary_body(body: bytes | IO[bytes], content_type: str) -> bytes | IO[bytes]:
    if not isinstance(body, (bytes, bytearray)) and not hasattr(body, "read"):
        raise TypeError(f"body must be bytes or a binary file, got {type(body).__name__}")
    if not content_type or "/" not in content_type:
        raise ValueError("content_type must be a MIME type such as image/jpeg")
    return body


def to_httpx(request: Request[Any]) -> dict[str, Any]:
    """Keyword arguments for `httpx.Client.build_request`."""
    headers: dict[str, str] = dict(request.headers or {})
    kwargs: dict[str, Any] = {"method": request.method, "url": request.path, "params": request.query}
    if request.json is not None:
        kwargs["content"] = json.dumps(request.json, separators=(",", ":")).encode()
        headers.setdefault("Content-Type", "application/json")
    elif request.content is not None:
        kwargs["content"] = request.content
        headers.setdefault("Content-Type", request.content_type or "application/octet-stream")
    elif request.form is not None:
        form: list[tuple[str, str | int | float | bool | None]] = list(request.form)
        kwargs["content"] = str(httpx.QueryParams(form)).encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    kwargs["headers"] = headers
    return kwargs


def decode_response(request: Request[T], response: httpx.Response) -> ApiResponse[T]:
    """The typed body of a 2xx response, or the ApiError (by status) for anything else.

    A 2xx body that is not JSON or does not match its model raises `ResponseDecodeError`."""
    correlation_id = _correlation_id(response)
    # Parsing and decoding allocate one object per JSON value: the cyclic GC is paused over both (see
    # `_codec.gc_pause`), not only over the model decode.
    gc_pause()
    try:
        data = _json(request, response)
        if 200 <= response.status_code < 300:
            body = _body(request, response, data)
    finally:
        gc_resume()
    if not 200 <= response.status_code < 300:
        raise api_error(request, response, data)
    return ApiResponse(
        body=body,
        status_code=response.status_code,
        headers=response.headers,
        correlation_id=correlation_id,
    )


def _body(request: Request[T], response: httpx.Response, data: Any) -> T:
    try:
        return request.decode(response.status_code, data)
    except DecodeError as exc:
        raise _decode_error(request, response, exc.model, exc.path, exc.reason, show_snippet=False) from None
    except (RecursionError, OverflowError) as exc:  # absurdly nested or sized values
        reason = f"value out of range or nested too deeply ({type(exc).__name__})"
        raise _decode_error(request, response, request.operation.id, (), reason, show_snippet=False) from None


def _correlation_id(response: httpx.Response) -> str | None:
    # The API echoes the header; for servers that do not, the id we sent is what support can find.
    echoed: str | None = response.headers.get("X-Correlation-ID")
    if echoed:
        return echoed
    try:
        sent: str | None = response.request.headers.get("X-Correlation-ID")
    except RuntimeError:  # a Response built without a request
        return None
    return sent


def _json(request: Request[Any], response: httpx.Response) -> Any:
    content = response.content
    if not content or request.method == "HEAD":
        return None
    # The decode error is raised outside the except block: the JSONDecodeError would ride along as
    # __context__, with the whole body in its `.doc` and in its frames' locals.
    data, failure = parse_json(content)
    if failure is None:
        return data
    if not 200 <= response.status_code < 300:
        return None
    ctype = response.headers.get("Content-Type")
    if failure == "nested":
        reason = "body is JSON nested too deeply to parse"
    elif ctype is not None and "json" in ctype:
        reason = "body is truncated or malformed JSON"
    else:
        reason = "body is not JSON"
    raise _decode_error(request, response, request.operation.id, (), reason, show_snippet=True)


def request_secrets(request: Request[Any]) -> list[str]:
    """The values in a request that are secrets (passwords, token values, path tokens): a server may
    echo them in an error message, which is then scrubbed of them."""
    found: list[str] = []
    body = request.json
    if isinstance(body, dict):
        for key, value in body.items():
            if isinstance(value, str) and _SECRET_KEY.fullmatch(key):
                found.append(value)
    for segment in request.path.split("/"):
        name, sep, value = segment.partition("=")
        if sep and name.endswith("-token") and value:
            found.extend((value, unquote(value)))
    return found


_SECRET_KEY = re.compile(r"(?:value|[A-Za-z]*[Pp]assword|[A-Za-z_]*[Tt]oken[A-Za-z_]*|[A-Za-z_]*[Ss]ecret)")

# Values of these JSON keys never go into a snippet: a response can carry a password-reset or
# email-verification token (`value`), and a proxy may echo what it was sent.
_SECRET_VALUE = re.compile(
    r'("(?:value|password|[A-Za-z_]*[Tt]oken[A-Za-z_]*|[A-Za-z_]*[Ss]ecret)"\s*:\s*)"(?:[^"\\]|\\.)*("|$)'
)


def snippet(text: str) -> str:
    """At most ResponseDecodeError.SNIPPET_LENGTH characters of a body, secret-looking values masked."""
    bounded = text[: ResponseDecodeError.SNIPPET_LENGTH * 2]
    return _SECRET_VALUE.sub(r'\1"***"', bounded)[: ResponseDecodeError.SNIPPET_LENGTH]


def _decode_error(
    request: Request[Any],
    response: httpx.Response,
    model: str,
    path: tuple[str | int, ...],
    reason: str,
    *,
    show_snippet: bool,
) -> ResponseDecodeError:
    return ResponseDecodeError(
        model,
        path,
        reason,
        status_code=response.status_code,
        content_type=response.headers.get("Content-Type"),
        correlation_id=_correlation_id(response),
        operation=request.operation.id,
        snippet=snippet(response.content[: ResponseDecodeError.SNIPPET_LENGTH * 2].decode("utf-8", "replace")),
        show_snippet=show_snippet,
    )


def api_error(request: Request[Any], response: httpx.Response, data: Any) -> ApiError:
    from ._generated.models.error_response import ErrorResponse

    body = response.content[:MAX_ERROR_BODY]
    secrets = request_secrets(request)
    if secrets:
        # The server may echo what it was sent (a password, a reset token), anywhere in the body: the
        # error keeps masked copies of both the kept bytes and the whole parsed document.
        text = body.decode("utf-8", "replace")
        if any(secret in text for secret in secrets):
            body = scrub(text, secrets).encode()
        data = _scrub_data(data, secrets)
    parsed: ErrorResponse | None = None
    message = response.reason_phrase or "error"
    if isinstance(data, dict):
        try:
            parsed = ErrorResponse.from_dict(data)
            message = parsed.message
        except DecodeError:
            message = str(data.get("message") or data.get("error_description") or message)
    codes = [e.code for e in parsed.errors or []] if parsed is not None else []
    cls = error_for_status(response.status_code, codes)
    return cls(
        response.status_code,
        message[:MAX_ERROR_MESSAGE],
        response=parsed,
        body=body,
        hint=_scope_hint(request) if response.status_code == 403 else None,
        headers=response.headers,
        correlation_id=_correlation_id(response),
        operation=request.operation.id,
    )


def _scrub_data(data: Any, secrets: list[str]) -> Any:
    """`data` with every string (keys included) scrubbed of `secrets`; unchanged objects are returned as is."""
    if isinstance(data, str):
        return scrub(data, secrets) if any(secret in data for secret in secrets) else data
    if isinstance(data, dict):
        return {_scrub_data(key, secrets): _scrub_data(value, secrets) for key, value in data.items()}
    if isinstance(data, list):
        return [_scrub_data(item, secrets) for item in data]
    return data


MAX_ERROR_BODY = 64 * 1024
"""`ApiError.body` keeps at most this many bytes of an error response (commercetools' are a few hundred)."""

MAX_ERROR_MESSAGE = 2000
"""`ApiError.message` (and so `str(err)`) keeps at most this many characters of the server's message."""


def _scope_hint(request: Request[Any]) -> str | None:
    """For a 403: which scope the operation needs and how to get it."""
    scopes = [s for s in request.operation.scopes if ":" in s and not s.startswith(("customer_id", "anonymous_id"))]
    if not scopes:
        return None
    parts = request.path.split("/")
    project = unquote(parts[1]) if len(parts) > 1 else "{projectKey}"
    needed = ", ".join(sorted({s.replace("{projectKey}", project) for s in scopes}))
    return (
        f"{request.operation.id} needs one of: {needed}. Integration root: give the API client that "
        "permission (Merchant Center > Settings > Developer settings), and leave ClientConfig.scopes / "
        "CTP_SCOPES unset or include it. Customer root: shopper tokens hold only the shopper's own "
        "(manage_my_*) and public read scopes (ClientConfig.customer_scopes); use the integration root for "
        "project-wide calls."
    )


def send(client: httpx.Client, request: Request[T]) -> ApiResponse[T]:
    """Send on a plain httpx.Client (base_url = API host, auth attached). No retries."""
    response = client.send(client.build_request(**to_httpx(request)))
    return decode_response(request, response)
