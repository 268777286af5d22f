"""Every model of the commercetools Checkout API (classes, enums and aliases), imported on first use.

    from ctp_sdk.checkout.models import ApplicationDraft, PaymentIntegration

Only the module of the name you use is imported, as for `ctp_sdk.models`.
"""

from typing import TYPE_CHECKING

from ctp_sdk._generated_checkout.models import __all__ as __all__
from ctp_sdk._generated_checkout.models import __dir__ as __dir__
from ctp_sdk._generated_checkout.models import __getattr__ as __getattr__

if TYPE_CHECKING:
    from ctp_sdk._generated_checkout.models import *  # noqa: F403
