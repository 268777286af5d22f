"""Which base URLs credentials may be sent to: checked once, when a client is configured.

Credentials travel to two hosts: the client secret (HTTP Basic) and customer passwords to the auth host,
bearer tokens to the API host. A URL is accepted only if a person reading it sees the host it goes to:

- ``https://``; ``http://`` only for a loopback host (``127.0.0.0/8``, ``::1``, ``localhost``: a local
  test server) or with ``allow_insecure_http=True`` (secret and tokens then cross the network in clear);
- a plain host: ASCII letters, digits, dots and hyphens (internationalized names as punycode), or an IP
  literal; an optional port; an optional path of plain segments;
- no userinfo (``user@``), backslash, percent-escape, query, fragment, whitespace or control character:
  each has been used to make a URL read as one host and connect to another
  (``https://auth.example.com\\@evil.com`` is ``evil.com`` to some parsers).
"""

from __future__ import annotations

import ipaddress
import re

from ctp_auth._errors import CtpError

__all__ = ["InsecureUrlError", "check_base_url"]

_BASE_URL = re.compile(
    r"(?P<scheme>https?)://"
    r"(?P<host>[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?"
    r"|\[[0-9A-Fa-f:.]+\])"
    r"(?::(?P<port>[0-9]{1,5}))?"
    r"(?P<path>(?:/[A-Za-z0-9._~!$&'()*+,;=:-]*)*)"
)


class InsecureUrlError(CtpError, ValueError):
    """A base URL that could send credentials somewhere other than where it appears to (or in clear)."""


def _is_loopback(host: str) -> bool:
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, name: str, *, allow_insecure_http: bool = False) -> str:
    """``url`` without trailing slashes if credentials may be sent there; else ``InsecureUrlError``.

    The message names the setting (``name``) and the rule broken, never the URL: a URL with userinfo
    may carry a password.
    """
    if not isinstance(url, str):
        raise InsecureUrlError(f"{name} must be a str")
    candidate = url.strip()
    match = _BASE_URL.fullmatch(candidate)
    if match is None:
        raise InsecureUrlError(
            f"{name} must be a plain base URL such as https://api.europe-west1.gcp.commercetools.com: "
            "no user name or password, backslash, percent-escape, query or fragment"
        )
    host = match["host"]
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise InsecureUrlError(f"{name} has an invalid IPv6 address") from None
    port = match["port"]
    if port is not None and not 0 < int(port) < 65536:
        raise InsecureUrlError(f"{name} has an invalid port")
    if match["scheme"] == "http" and not allow_insecure_http and not _is_loopback(host):
        raise InsecureUrlError(
            f"{name} must use https:// (http:// sends the client secret and tokens in clear); http:// is "
            "accepted for a loopback host, or with allow_insecure_http=True"
        )
    return candidate.rstrip("/")
