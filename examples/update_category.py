"""Create, update and delete a category with optimistic concurrency (versions).

A stale version raises ConcurrentModificationError; its `current_version` lets you retry.

    python examples/update_category.py <key>
"""

from __future__ import annotations

import json
import sys

from ctp_sdk import ConcurrentModificationError, CtpClient
from ctp_sdk.models import CategoryChangeNameAction, CategoryDraft, CategoryUpdate, CategoryUpdateAction


def main(argv: list[str]) -> int:
    key = argv[1]
    with CtpClient.from_env() as ctp:
        categories = ctp.integration_api_root().categories()
        created = categories.post(CategoryDraft(name={"en": "Shoes"}, slug={"en": key}, key=key)).execute()
        category = created.body
        rename: list[CategoryUpdateAction] = [CategoryChangeNameAction(name={"en": "Sneakers"})]
        try:
            # Version 0 is stale on purpose: commercetools answers 409 with the current version.
            categories.with_id(category.id).post(CategoryUpdate(version=0, actions=rename)).execute()
        except ConcurrentModificationError as err:
            retry_version = err.current_version if err.current_version is not None else category.version
            category = (
                categories.with_id(category.id)
                .post(CategoryUpdate(version=retry_version, actions=rename))
                .execute()
                .body
            )
        deleted = categories.with_key(key).delete(version=category.version).execute().body
    print(json.dumps({"created": created.status_code, "renamed": deleted.name, "version": deleted.version}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
