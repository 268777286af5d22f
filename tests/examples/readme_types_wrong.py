"""Calls mypy and pyright must both reject (tests/examples/test_readme_types.py): each line marked
`# rejected` is reported, and no other. Type-checked only, never run."""

from __future__ import annotations

from ctp_sdk import CtpClient
from ctp_sdk.models import AnonymousCartSignInMode, CartDraft, ChannelDraft, TaxCalculationMode

ctp = CtpClient.from_env()
api = ctp.integration_api_root()

CartDraft(currency="EUR", inventory_mode="Bogus")  # rejected: not a wire value of InventoryMode
CartDraft(currency="EUR", inventory_mode="reserveOnOrder")  # rejected: wire values are case-sensitive
ChannelDraft(key="berlin-store", roles=["InventorySupply", "Bogus"])  # rejected: list items too
mode = TaxCalculationMode.LINEITEMLEVEL  # rejected: the name before issue 15 (LINE_ITEM_LEVEL)
signin_mode = AnonymousCartSignInMode.MERGEWITHEXISTINGCUSTOMERCART  # rejected: old name
search = api.product_projections().search().get(filter_=["x"])  # rejected: the parameter is `filter` now
audit = ctp.history_api_root().get(source="Bogus")  # rejected: not a wire value of Source
