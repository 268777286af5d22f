"""Every model of the commercetools platform API (classes, enums and aliases), imported on first use.

    from ctp_sdk.models import CategoryDraft, LocalizedString

Only the module of the name you use is imported (no `import *` at runtime: it would import all 2,764).
"""

from typing import TYPE_CHECKING

# Type checkers read the generated name index (a stub: codegen/stubs.py), whose lookups bind only the
# model they name; at run time the package's `__getattr__` imports that model on first use.
if TYPE_CHECKING:
    from ctp_sdk._generated.models._names import *  # noqa: F403
else:
    from ctp_sdk._generated.models import __all__ as __all__
    from ctp_sdk._generated.models import __dir__ as __dir__
    from ctp_sdk._generated.models import __getattr__ as __getattr__
