"""Query with a predicate and predicate variables, sorting, a page size and the total.

python examples/query_categories.py <key>
"""

from __future__ import annotations

import json
import sys

from ctp_sdk import CtpClient


def main(argv: list[str]) -> int:
    with CtpClient.from_env() as ctp:
        api = ctp.integration_api_root()
        page = (
            api.categories()
            .get(
                where=["key = :key"],
                predicate_vars={"key": argv[1]},
                sort=["createdAt desc"],
                limit=20,
                offset=0,
                with_total=True,
            )
            .execute()
            .body
        )
    print(json.dumps({"total": page.total, "keys": [c.key for c in page.results]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
