"""`python -m ctp_sdk.testing serve --port N`: the fake backend as a loopback HTTP server."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence

from ._backend import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_SCOPES, Backend


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ctp_sdk.testing", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve",
        help="answer auth and API requests on http://127.0.0.1:PORT",
        description="Serve a fake commercetools project (auth and API on one port) and print the CTP_* "
        "variables that point CtpClient.from_env() at it. Test credentials only: it is a fake.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    serve.add_argument("--port", type=int, default=8989, help="TCP port on 127.0.0.1 (0: any free port)")
    serve.add_argument("--project-key", default="test-project", help="the project's key")
    serve.add_argument("--client-id", default=DEFAULT_CLIENT_ID, help="the API client's id")
    serve.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET, help="the API client's secret")
    serve.add_argument(
        "--scopes", default=" ".join(DEFAULT_SCOPES), help="the API client's permissions, space-separated"
    )
    args = parser.parse_args(argv)

    backend = Backend(
        args.project_key, client_id=args.client_id, client_secret=args.client_secret, scopes=args.scopes.split()
    )
    server = backend.serve(port=args.port)
    print(f"ctp_sdk.testing: project {args.project_key!r} on {server.url} (auth and API), client id {args.client_id!r}")
    # Everything `CtpClient.from_env()` reads, ready to paste into a shell. The secret is printed on purpose:
    # it is this fake's test credential (given on the command line or the documented default), and without
    # it the printed set ends in ConfigError.
    variables = {
        "CTP_PROJECT_KEY": args.project_key,
        "CTP_CLIENT_ID": args.client_id,
        "CTP_CLIENT_SECRET": args.client_secret,
        "CTP_AUTH_URL": server.url,
        "CTP_API_URL": server.url,
    }
    # No CTP_SCOPES: the SDK then requests none and the token carries all of the API client's scopes
    # (--scopes). It is printed, commented out, for code that sets scopes explicitly.
    scopes = " ".join(s if ":" in s else f"{s}:{args.project_key}" for s in args.scopes.split())
    for name, value in variables.items():
        print(f"export {name}={shlex.quote(value)}")
    print(f"# the API client's scopes: CTP_SCOPES={shlex.quote(scopes)}")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
