"""Importing ctp_sdk imports no generated model; one endpoint or model imports only what it needs.

Counted in a fresh interpreter (subprocess), by the `ctp_sdk._generated` modules in sys.modules.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def _generated_modules_after(code: str) -> list[str]:
    script = textwrap.dedent(code) + textwrap.dedent(
        """
        import json, sys
        print(json.dumps(sorted(m for m in sys.modules if m.startswith("ctp_sdk._generated"))))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_import_ctp_sdk_imports_no_generated_module() -> None:
    assert _generated_modules_after("import ctp_sdk") == []


def test_one_model_imports_only_itself_and_its_base() -> None:
    mods = _generated_modules_after("from ctp_sdk.models import CategoryChangeNameAction")
    assert [m.rsplit(".", 1)[-1] for m in mods if m.count(".") == 3] == [
        "category_change_name_action",
        "category_update_action",
    ]


def test_one_endpoint_and_a_decode_stay_small() -> None:
    mods = _generated_modules_after(
        """
        from ctp_sdk._generated.api.default import by_project_key_categories_by_id_get as ep
        from ctp_sdk._generated.models.category import Category
        Category.from_dict({"id": "c", "version": 1, "createdAt": "2024-01-01T00:00:00Z",
            "lastModifiedAt": "2024-01-01T00:00:00Z", "name": {"en": "a"}, "slug": {"en": "a"},
            "ancestors": [{"typeId": "category", "id": "p"}], "orderHint": "0", "assets": []})
        """
    )
    models = [m for m in mods if ".models." in m]
    # Category, its reference, the references' base, and the few types its fields name; not 2,756.
    assert 5 <= len(models) <= 40, models
