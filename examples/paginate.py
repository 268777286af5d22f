"""Walk every category lazily, 500 per request, by id cursor (no 10,000 offset limit).

python examples/paginate.py [page-size]
"""

from __future__ import annotations

import json
import sys

from ctp_sdk import CtpClient


def main(argv: list[str]) -> int:
    page_size = int(argv[1]) if len(argv) > 1 else 500
    with CtpClient.from_env() as ctp:
        query = ctp.integration_api_root().categories().get(where=["key is defined"])
        keys = [category.key for category in query.iter_all(page_size=page_size)]
    print(json.dumps({"count": len(keys), "keys": keys}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
