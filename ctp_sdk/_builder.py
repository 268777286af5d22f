"""The base of every generated builder node: who sends (the executor) and the path values so far."""

from __future__ import annotations

from ._endpoint import check_segment
from ._request import Executor

__all__ = ["BuilderNode"]


class BuilderNode:
    """A node of the path tree (`api.categories()`, `.with_id(cid)`); pure, no I/O.

    Generated subclasses add one method per child node and one per HTTP verb. Path values are checked
    when the node is made (empty -> ValueError, non-str -> TypeError) and escaped when the request is
    built.
    """

    __slots__ = ("_executor", "_params")

    def __init__(self, executor: Executor, params: tuple[str, ...]) -> None:
        self._executor = executor
        self._params = params

    def _extend(self, *values: tuple[str, str]) -> tuple[str, ...]:
        params = self._params
        for name, value in values:
            check_segment(value, name)  # escaped once, when the request is built
            params = (*params, value)
        return params

    def __repr__(self) -> str:
        # Never the path values: some are password or email tokens.
        return f"<{type(self).__name__}>"
