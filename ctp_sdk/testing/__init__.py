"""ctp_sdk.testing: an in-process, stateful fake commercetools project (auth server + API).

    from ctp_sdk.testing import Backend

    backend = Backend("my-project")
    http = httpx.Client(transport=backend.transport(), base_url=backend.api_url)   # no sockets
    with backend.serve(port=0) as server: ...                                       # 127.0.0.1 only

Resources, update actions and query parameters come from the generated layer's spec metadata;
it answers 636 of the spec's 821 operations (`supported_operations()`), the in-store family
(`/in-store/key={storeKey}/...`) with store scoping; anything else answers 501 naming the
operation. It never touches the network.
`python -m ctp_sdk.testing serve --port N` runs it as a server; the pytest plugin
(`ctp_sdk.testing.pytest_plugin`) gives each test a fresh backend.

Not imported by `import ctp_sdk`.
"""

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
