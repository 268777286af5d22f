"""Default scopes, as the ctpClient this SDK follows requests them."""

from __future__ import annotations

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
"""What the integration client needs; each is requested as ``{permission}:{projectKey}``."""

CUSTOMER_PERMISSIONS: tuple[str, ...] = (
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
"""What a customer sign-in requests; each as ``{permission}:{projectKey}``."""


def project_scopes(permissions: tuple[str, ...], project_key: str) -> tuple[str, ...]:
    """``permissions`` bound to ``project_key``: ``("view_orders:my-project", ...)``."""
    if not project_key:
        raise ValueError("project_key must not be empty")
    return tuple(f"{permission}:{project_key}" for permission in permissions)
