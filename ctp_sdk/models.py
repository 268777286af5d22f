"""Every model of the commercetools platform API (classes, enums and aliases), imported on first use.

    from ctp_sdk.models import CategoryDraft, LocalizedString
"""

from ctp_sdk._generated.models import *  # noqa: F403
from ctp_sdk._generated.models import __all__ as __all__
from ctp_sdk._generated.models import __getattr__ as __getattr__
