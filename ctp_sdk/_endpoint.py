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
from urllib.parse import quote

import httpx

from ._codec import DecodeError, each
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
    data = _json(request, response)
    if not 200 <= response.status_code < 300:
        raise api_error(request, response, data)
    try:
        body = request.decode(response.status_code, data)
    except DecodeError as exc:
        raise _decode_error(request, response, exc.model, exc.path, exc.reason, show_snippet=False) from None
    return ApiResponse(
        body=body,
        status_code=response.status_code,
        headers=response.headers,
        correlation_id=correlation_id,
    )


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
    try:
        return json.loads(content)
    except ValueError:
        if 200 <= response.status_code < 300:
            ctype = response.headers.get("Content-Type")
            looks_json = ctype is not None and "json" in ctype
            reason = "body is truncated or malformed JSON" if looks_json else "body is not JSON"
            raise _decode_error(request, response, request.operation.id, (), reason, show_snippet=True) from None
        return None


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
        message,
        response=parsed,
        body=response.content,
        headers=response.headers,
        correlation_id=_correlation_id(response),
        operation=request.operation.id,
    )


def send(client: httpx.Client, request: Request[T]) -> ApiResponse[T]:
    """Send on a plain httpx.Client (base_url = API host, auth attached). No retries."""
    response = client.send(client.build_request(**to_httpx(request)))
    return decode_response(request, response)
