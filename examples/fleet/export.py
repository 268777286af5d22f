"""The fleet job: split the catalog into id ranges, enrich them on the Celery workers, print a summary.

    python export.py [--range-size 25]      # with the variables of tasks.py; workers must be running

The plan pages through product ids (`sort=id asc`, `where=id > last`: deep pagination without
offsets), one range per page, so every product lands in exactly one range and one task.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from celery import group
from tasks import enrich_range, new_client

from ctp_sdk import CtpClient


def plan_ranges(client: CtpClient, size: int) -> list[tuple[str, str]]:
    """Consecutive [first_id, last_id] ranges of at most `size` products, covering the catalog."""
    products = client.integration_api_root().products()
    ranges: list[tuple[str, str]] = []
    last: str | None = None
    while True:
        where = [f'id > "{last}"'] if last is not None else None
        ids = [p.id for p in products.get(where=where, sort=["id asc"], limit=size).execute().body.results]
        if not ids:
            return ranges
        ranges.append((ids[0], ids[-1]))
        last = ids[-1]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--range-size", type=int, default=25)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    with new_client() as client:
        ranges = plan_ranges(client, args.range_size)
    results = group(enrich_range.s(first, last) for first, last in ranges).apply_async().get(timeout=args.timeout)
    seen = Counter(product_id for result in results for product_id in result["ids"])
    summary = {
        "ranges": len(ranges),
        "products": len(seen),
        "processed_twice": sorted(pid for pid, count in seen.items() if count > 1),
        "worker_processes": len({result["pid"] for result in results}),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
