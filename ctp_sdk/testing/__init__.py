"""ctp_sdk.testing: an in-process, stateful fake commercetools project (auth server + API).

    from ctp_sdk.testing import Backend

    backend = Backend("my-project")
    http = httpx.Client(transport=backend.transport(), base_url=backend.api_url)   # no sockets
    with backend.serve(port=0) as server: ...                                       # 127.0.0.1 only

Resources, update actions and query parameters come from the generated layer's spec metadata;
it answers 820 of the spec's 821 operations (`supported_operations()`), the in-store family
(`/in-store/key={storeKey}/...`) with store scoping; anything else answers 501 naming the
operation. It never touches the network.
`python -m ctp_sdk.testing serve --port N` runs it as a server; the pytest plugin
(`ctp_sdk.testing.pytest_plugin`) gives each test a fresh backend.

Not imported by `import ctp_sdk`.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._backend import (
        API_URL,
        AUTH_URL,
        DEFAULT_CLIENT_ID,
        DEFAULT_CLIENT_SECRET,
        DEFAULT_SCOPES,
        Backend,
        Reply,
        supported_operations,
    )
    from ._clock import FakeClock

__all__ = [
    "API_URL",
    "AUTH_URL",
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_SCOPES",
    "Backend",
    "FakeClock",
    "Reply",
    "supported_operations",
]


def __getattr__(name: str) -> Any:
    # Loaded on first use: the pytest plugin (`ctp_sdk.testing.pytest_plugin`) is imported by every pytest
    # run in an environment with ctp-sdk installed, and must not load the backend (or the spec index)
    # until a fixture asks for it.
    if name == "FakeClock":
        from ._clock import FakeClock

        return FakeClock
    if name in __all__:
        from . import _backend

        return getattr(_backend, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
