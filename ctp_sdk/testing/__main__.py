"""`python -m ctp_sdk.testing serve --port N`: the fake backend as a loopback HTTP server."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._backend import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_SCOPES, Backend


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ctp_sdk.testing", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="answer auth and API requests on http://127.0.0.1:PORT")
    serve.add_argument("--port", type=int, default=8989, help="TCP port on 127.0.0.1 (0: any free port)")
    serve.add_argument("--project-key", default="test-project")
    serve.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    serve.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    serve.add_argument("--scopes", default=" ".join(DEFAULT_SCOPES), help="space-separated permissions")
    args = parser.parse_args(argv)

    backend = Backend(
        args.project_key, client_id=args.client_id, client_secret=args.client_secret, scopes=args.scopes.split()
    )
    server = backend.serve(port=args.port)
    # The secret is not printed: it is the one passed in (or the documented default).
    print(f"ctp_sdk.testing: project {args.project_key!r} on {server.url} (auth and API), client id {args.client_id!r}")
    print(f"  CTP_PROJECT_KEY={args.project_key} CTP_AUTH_URL={server.url} CTP_API_URL={server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
