"""The transport a client's requests go out on: direct, or through the proxy the environment names.

`CtpClient` hands API requests straight to this transport rather than through `httpx.Client.send`. On
every response that method copies the request into a `urllib.request.Request` for its cookie jar (even
a jar that stores nothing), and adds hooks, redirect and logging layers the SDK does not use: about
100 us per request on the benchmark machine, more than the SDK's own work. But `httpx.Client` also
applies the environment's proxies, and only when it builds its transport itself. This transport does
that instead, for every host, as httpx reads them: `urllib.request.getproxies()` (`HTTPS_PROXY`,
`HTTP_PROXY`, `ALL_PROXY`, lower or upper case; on macOS and Windows also the system's settings), and
`NO_PROXY` entries as curl and httpx match them (see `bypassed`).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.request import getproxies

import httpx

from ._config import ConfigError

if TYPE_CHECKING:
    import ssl

__all__ = ["EnvironmentProxyTransport", "bypassed"]

_Route = tuple[bytes, bytes]  # scheme, host


class EnvironmentProxyTransport(httpx.BaseTransport):
    """One `httpx.HTTPTransport` (connection pool) per proxy, chosen by each request's scheme and host.

    The environment is read once, when the transport is made (as `httpx.Client` does); a proxy URL that
    httpx cannot use is a `ConfigError` then, naming the variable but not its value (it can hold a
    password). `proxies` replaces the environment (tests).
    """

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | str | bool,
        limits: httpx.Limits,
        proxies: Mapping[str, str] | None = None,
    ) -> None:
        found = getproxies() if proxies is None else proxies
        # A proxy without a scheme ("proxy:3128") is an http:// one, as httpx takes it.
        self._proxies = {
            scheme: url if "://" in url else f"http://{url}"
            for scheme in ("http", "https", "all")
            if (url := found.get(scheme, "").strip())
        }
        self._no_proxy = [entry.strip() for entry in found.get("no", "").split(",") if entry.strip()]
        self._direct = httpx.HTTPTransport(verify=verify, limits=limits)
        self._via: dict[str, httpx.HTTPTransport] = {}
        for scheme, url in self._proxies.items():
            if url not in self._via:
                try:
                    self._via[url] = httpx.HTTPTransport(verify=verify, limits=limits, proxy=url)
                except (ValueError, TypeError, ImportError, httpx.InvalidURL) as exc:
                    self.close()
                    raise ConfigError(
                        f"{scheme.upper()}_PROXY is not a proxy URL httpx can use ({type(exc).__name__})"
                    ) from None
        self._routes: dict[_Route, httpx.HTTPTransport] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self._via:  # no proxy configured (the usual case): nothing to route, every request goes direct
            return self._direct.handle_request(request)
        url = request.url
        route = (url.raw_scheme, url.raw_host)
        transport = self._routes.get(route)
        if transport is None:
            transport = self._route(route)
        return transport.handle_request(request)

    def _route(self, route: _Route) -> httpx.HTTPTransport:
        scheme, raw_host = route
        proxy = self._proxies.get(scheme.decode("ascii")) or self._proxies.get("all")
        if proxy and not bypassed(raw_host.decode("ascii"), self._no_proxy):
            transport = self._via[proxy]
        else:
            transport = self._direct
        return self._routes.setdefault(route, transport)  # atomic: racing threads agree on one

    def close(self) -> None:
        self._direct.close()
        for transport in self._via.values():
            transport.close()

    def __repr__(self) -> str:
        # Never the proxy URLs: they can carry a user name and password.
        return f"EnvironmentProxyTransport(proxies={len(self._via)})"


def bypassed(host: str, no_proxy: list[str]) -> bool:
    """Whether `NO_PROXY`'s entries exempt `host` (lower case, an IPv6 address without brackets) from the
    proxy, as curl and httpx read them: `*` exempts every host; an IP address or `localhost` only itself;
    `.example.com` the subdomains of example.com; `example.com` example.com and its subdomains. A scheme
    (`http://`) or a port on an entry is ignored."""
    for entry in no_proxy:
        if entry == "*":
            return True
        name = _entry_host(entry)
        if not name:
            continue
        if host == name:
            return True
        if name.startswith("."):
            if host.endswith(name):
                return True
        elif name != "localhost" and not _is_ip(name) and host.endswith(f".{name}"):
            return True
    return False


def _entry_host(entry: str) -> str:
    name = entry.lower()
    if "://" in name:
        name = name.split("://", 1)[1]
    if name.startswith("["):  # [::1]:8080
        return name[1:].partition("]")[0]
    if name.count(":") == 1:  # host:port (an IPv6 address has more than one colon)
        name = name.partition(":")[0]
    return name.rstrip("/")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
