"""Keep secret path values out of httpx's own log lines.

ctp_sdk and ctp_auth log path templates only. httpx, however, logs every request's full URL at INFO
(`HTTP Request: GET https://.../customers/password-token=<token> "HTTP/1.1 200 OK"`), and some API paths
carry secrets: password-reset and email-verification tokens. `install_httpx_redaction` attaches a
`logging.Filter` to the `httpx` logger that masks those path values in each record before any handler
sees it. It adds no handler and sets no level: logging stays the application's to configure.
"""

from __future__ import annotations

import logging

from ctp_auth._redact import redact_url

__all__ = ["RedactSecretPaths", "install_httpx_redaction", "redact_url"]


class RedactSecretPaths(logging.Filter):
    """Masks secret path segments in a record's message and arguments; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "-token=" in record.msg:
            record.msg = redact_url(record.msg)
        args = record.args
        if isinstance(args, tuple) and args:
            record.args = tuple(_redact_arg(arg) for arg in args)
        return True


def _redact_arg(arg: object) -> object:
    if isinstance(arg, (int, float, bool)) or arg is None:
        return arg
    # httpx passes an httpx.URL: formatting it is what would print the token.
    text = str(arg)
    if "-token=" not in text:
        return arg
    return redact_url(text)


_FILTER = RedactSecretPaths()


def install_httpx_redaction() -> None:
    """Attach the redacting filter to the `httpx` logger once per process (idempotent)."""
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(f, RedactSecretPaths) for f in httpx_logger.filters):
        httpx_logger.addFilter(_FILTER)
