"""Which scopes the token providers request by default, and the wider lists kept for reference.

- Integration tokens: **no scope requested**, so the auth server grants the API client's own scopes (what
  commercetools' own SDKs do). An API client is set up with what the application needs; the SDK does not
  second-guess it, and a client lacking one permission of a fixed list can still get a token.
- Customer and guest tokens: **least privilege**, ``CUSTOMER_PERMISSIONS``: the shopper's own profile,
  carts and orders, payments and shopping lists (``manage_my_*``), plus the public catalogue reads a
  storefront makes. A shopper's token lives in their session; whoever holds it can do what it allows, so
  it must never allow more than that shopper's own data.
"""

from __future__ import annotations

__all__ = [
    "B2B_CUSTOMER_PERMISSIONS",
    "CUSTOMER_PERMISSIONS",
    "INTEGRATION_PERMISSIONS",
    "PROJECT_WIDE_CUSTOMER_PERMISSIONS",
    "project_scopes",
]

INTEGRATION_PERMISSIONS: tuple[str, ...] = (
    "view_project_settings",
    "view_categories",
    "view_published_products",
    "view_products",
    "manage_orders",
    "manage_payments",
    "manage_customers",
    "view_customers",
)
"""What an integration API client needs for the ctpClient this SDK follows (reads of the catalogue,
managing orders, payments and customers): a checklist for setting up the API client in the Merchant
Center. Not requested by default: integration tokens carry the API client's own scopes."""

CUSTOMER_PERMISSIONS: tuple[str, ...] = (
    "manage_my_profile",
    "manage_my_orders",
    "manage_my_payments",
    "manage_my_shopping_lists",
    "view_published_products",
    "view_categories",
)
"""The default for customer and guest tokens (each as ``{permission}:{projectKey}``): a shopper's own
data and the public catalogue, nothing of other customers. The API client must hold each of them (and
``create_anonymous_token`` for guests), as the Merchant Center's "Mobile & single-page application
client" template does."""

B2B_CUSTOMER_PERMISSIONS: tuple[str, ...] = (
    *CUSTOMER_PERMISSIONS,
    "manage_my_business_units",
    "manage_my_quote_requests",
    "manage_my_quotes",
)
"""``CUSTOMER_PERMISSIONS`` plus the shopper's own business units, quote requests and quotes, for B2B
storefronts whose API client holds those permissions (still limited to the shopper's own data)."""

PROJECT_WIDE_CUSTOMER_PERMISSIONS: tuple[str, ...] = (
    "view_stores",
    "view_orders",
    "view_payments",
    "view_shopping_lists",
    "manage_my_profile",
    "manage_orders",
    "manage_customers",
    "manage_my_orders",
    "manage_my_payments",
    "manage_my_shopping_lists",
)
"""**Unsafe unless the token never leaves your servers.** The customer scopes of the ctpClient this SDK
follows: ``manage_customers``, ``manage_orders``, ``view_orders`` and ``view_payments`` on the whole
project. A token with them reads and changes *every* customer and order. Opt in explicitly
(``ClientConfig(customer_scopes=project_scopes(PROJECT_WIDE_CUSTOMER_PERMISSIONS, key))``) only with a
server-side session store the shopper cannot read (never a signed-cookie session), and prefer the
integration root for project-wide work."""


def project_scopes(permissions: tuple[str, ...], project_key: str) -> tuple[str, ...]:
    """``permissions`` bound to ``project_key``: ``("view_orders:my-project", ...)``."""
    if not project_key:
        raise ValueError("project_key must not be empty")
    return tuple(f"{permission}:{project_key}" for permission in permissions)
