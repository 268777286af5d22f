"""What a builder's verb method returns: an `ApiRequest[T]` that `.execute()` sends through the client.

The request is a description (endpoint module, path values, keyword arguments); the endpoint module is
imported and its pure `request()` called only when the request is built or executed, so builders stay
cheap and import no models.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from typing import Any, Generic, Protocol, Self, TypeVar

import httpx
from ctp_auth import CtpError

from ._endpoint import Request
from ._response import ApiResponse
from ._transport import RequestOptions

__all__ = ["ApiRequest", "Executor", "OffsetPagedApiRequest", "PagedApiRequest"]

T = TypeVar("T")


class Executor(Protocol):
    """Sends a built request with some identity (integration or customer token) and decodes it."""

    def execute(self, request: Request[T], options: RequestOptions | None = None) -> ApiResponse[T]: ...


class ApiRequest(Generic[T]):
    """One API call, ready to send: `.execute()` returns `ApiResponse[T]` or raises a `CtpError`.

    `.build()` returns the pure `Request[T]` (method, escaped path, query, body) without sending it.
    """

    __slots__ = ("_args", "_endpoint", "_executor", "_kwargs")

    def __init__(self, executor: Executor, endpoint: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self._executor = executor
        self._endpoint = endpoint
        self._args = args
        self._kwargs = kwargs

    def build(self) -> Request[T]:
        """The request this call sends (no I/O); raises ValueError/TypeError for invalid arguments."""
        # Not sys.modules.get(): a module another thread is still importing is already in sys.modules,
        # half initialized; import_module waits for it.
        module = importlib.import_module(self._endpoint)
        request: Request[T] = module.request(*self._args, **self._kwargs)
        return request

    def execute(
        self,
        *,
        max_retries: int | None = None,
        timeout: httpx.Timeout | float | None = None,
        conflict_retries: int | None = None,
        deadline: float | None = None,
    ) -> ApiResponse[T]:
        """Send the request; the body is decoded to `T`, any non-2xx raises an `ApiError` subclass.

        The keyword arguments override the client's `ClientConfig` settings of the same name for this
        request only: `max_retries` (resends after retryable failures), `timeout` (`httpx.Timeout` or
        seconds), `conflict_retries` (re-sending an update after a 409 ConcurrentModification),
        `deadline` (seconds for the whole call: token, retries, reading the answer).

        A `CtpError` raised here carries a traceback that starts at this call: the SDK's inner frames
        hold request bodies and tokens in their locals, which traceback renderers with
        `capture_locals=True` (and error trackers) would print.
        """
        options = (
            None
            if max_retries is None and timeout is None and conflict_retries is None and deadline is None
            else RequestOptions(
                max_retries=max_retries, timeout=timeout, conflict_retries=conflict_retries, deadline=deadline
            )
        )
        # Build (validate path values and body) before anything is sent.
        request = self.build()
        try:
            return self._executor.execute(request) if options is None else self._executor.execute(request, options)
        except CtpError as err:
            raise err.with_traceback(None)  # noqa: B904 - the same error, re-raised from here

    def with_query(self, **kwargs: Any) -> Self:
        """A copy with some keyword arguments of the verb method replaced (e.g. `limit=`, `where=`)."""
        unknown = set(kwargs) - set(self._kwargs)
        if unknown:
            raise TypeError(f"{self._operation_name()} takes no keyword argument(s) {sorted(unknown)}")
        return type(self)(self._executor, self._endpoint, self._args, {**self._kwargs, **kwargs})

    def query_arg(self, name: str) -> Any:
        """The value given for keyword argument `name` (None when not given)."""
        return self._kwargs.get(name)

    def accepts(self, name: str) -> bool:
        """Whether the verb method has a keyword argument `name`."""
        return name in self._kwargs

    def _operation_name(self) -> str:
        return self._endpoint.rsplit(".", 1)[-1]

    def __repr__(self) -> str:
        # Never the argument values: path values can be password or email tokens.
        return f"{type(self).__name__}({self._operation_name()})"


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


class _Page(Protocol):
    @property
    def results(self) -> Sequence[Any]: ...


P = TypeVar("P", bound=_Page)
I = TypeVar("I", bound=_HasId)  # noqa: E741


class PagedApiRequest(ApiRequest[P], Generic[P, I]):
    """A query whose results can be walked lazily with `.iter_all()` (see `ctp_sdk._pagination`)."""

    __slots__ = ()

    def iter_all(self, *, page_size: int | None = None) -> Iterator[I]:
        """Every result matching the query's `where`, lazily, one page (default 500) per request.

        Pages by id (`sort=id asc`, `where=id > "<last id>"`), so it neither skips nor repeats results
        when resources are created meanwhile and is not limited by the 10,000 `offset` cap. The query
        must not set `sort` or `offset`; `limit` is the page size unless `page_size` is given.
        """
        from ._pagination import iterate_by_id

        return iterate_by_id(self, page_size)


class _OffsetPage(Protocol):
    @property
    def results(self) -> Sequence[Any]: ...

    @property
    def total(self) -> int | None: ...


OP = TypeVar("OP", bound=_OffsetPage)
OI = TypeVar("OI")


class OffsetPagedApiRequest(ApiRequest[OP], Generic[OP, OI]):
    """A list paged by `limit`/`offset` with a `total` (the Import and History APIs have no `where` for
    the id cursor): `.iter_all()` walks it page by page."""

    __slots__ = ()

    def iter_all(self, *, page_size: int | None = None) -> Iterator[OI]:
        """Every result, lazily, one page (default 500) per request, from the query's own `offset` on.
        Offset paging can skip or repeat items that are created or removed meanwhile."""
        from ._pagination import iterate_by_offset

        return iterate_by_offset(self, page_size)
