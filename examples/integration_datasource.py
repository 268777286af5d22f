"""The documented integration example: find a category by id, acting as the project.

    CTP_PROJECT_KEY=... CTP_CLIENT_ID=... CTP_CLIENT_SECRET=... CTP_AUTH_URL=... CTP_API_URL=... \\
        python examples/integration_datasource.py <category-id>
"""

from __future__ import annotations

import json
import sys

from ctp_sdk import CtpClient, NotFoundError
from ctp_sdk.models import Category


class ExampleIntegrationDatasource:
    def __init__(self, ctp_client: CtpClient) -> None:
        self.ctp_client = ctp_client

    def find_by_id(self, id: str) -> Category:
        integration_api_root = self.ctp_client.integration_api_root()
        category = integration_api_root.categories().with_id(id).get().execute().body
        return category


def main(argv: list[str]) -> int:
    with CtpClient.from_env() as ctp:
        try:
            category = ExampleIntegrationDatasource(ctp).find_by_id(argv[1])
        except NotFoundError as err:
            print(f"no such category: {err}", file=sys.stderr)
            return 1
    print(json.dumps({"id": category.id, "key": category.key, "name": category.name}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
