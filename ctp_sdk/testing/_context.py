"""What a request handler gets: the matched operation, path variables, query, body, token, state."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._auth import AuthServer, Grant
from ._errors import invalid_input
from ._spec import Op
from ._store import Store

JSON = Any


@dataclass
class Ctx:
    """One API call being answered."""

    store: Store
    now: str  # ISO instant of this request on the backend clock
    project_key: str
    op: Op
    params: dict[str, str]
    query: list[tuple[str, str]]
    body: JSON
    grant: Grant
    project: dict[str, Any] = field(default_factory=dict)  # the project's settings (GET /{projectKey})
    new_id: Callable[[], str] = field(default=lambda: str(uuid.uuid4()))
    auth: AuthServer | None = None  # the project's auth server (`/api-clients` manage its clients)

    def qs(self, name: str) -> list[str]:
        return [v for k, v in self.query if k == name]

    def q(self, name: str) -> str | None:
        values = self.qs(name)
        return values[-1] if values else None

    def q_int(self, name: str, default: int | None = None) -> int | None:
        raw = self.q(name)
        if raw is None:
            return default
        try:
            return int(raw)
        except ValueError:
            raise invalid_input(f"Malformed parameter: {name}: Invalid int.") from None

    def q_bool(self, name: str) -> bool:
        return (self.q(name) or "").lower() == "true"

    def variables(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key, value in self.query:
            if key.startswith("var."):
                out.setdefault(key[4:], []).append(value)
        return out

    def body_dict(self) -> dict[str, Any]:
        if not isinstance(self.body, dict):
            from ._errors import invalid_json

            raise invalid_json("The request body must be a JSON object.")
        return self.body
