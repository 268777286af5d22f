"""`nox -s fetch-spec` rebuilds what ../shared provides: the four specs, the example payloads and the
examples maps, the maps derived from commercetools-api-reference's RAML layout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from shared_data import require_spec

from codegen.examples_map import MAP_NAMES, derive
from codegen.fetch_reference import fetch_reference
from codegen.preprocess import load_yaml
from codegen.spec_source import SpecError

APIS = ("api", "import", "history", "checkout")

# A RAML layout with each way the reference names an example's type.
RAML = {
    "api-specs/import/api.raml": (
        "#%RAML 1.0\n"
        "/{projectKey}:\n"
        "  get:\n"
        "    responses:\n"
        "      200:\n"
        "        body:\n"
        "          application/json:\n"
        "            type: import-container.ImportContainer\n"
        "            example: !include examples/container.json\n"
        "resourceTypes:\n"
        "  baseDomain:\n"
        "    get:\n"
        "      responses:\n"
        "        200:\n"
        "          body:\n"
        "            application/json:\n"
        "              type: <<resourceQueryType>>\n"
        "/containers:\n"
        "  type:\n"
        "    baseDomain:\n"
        "      resourceQueryType: ImportContainerPagedResponse\n"
        "  get:\n"
        "    responses:\n"
        "      200:\n"
        "        body:\n"
        "          application/json:\n"
        "            example: !include examples/containers.json\n"
        "  post:\n"
        "    body:\n"
        "      application/json:\n"
        "        example: !include examples/container-draft.json\n"
        "        type: import-container.ImportContainerDraft\n"
    ),
    "api-specs/import/types/customer-import.raml": (
        "#%RAML 1.0 Library\n"
        "types:\n"
        "  CustomerImport:\n"
        "    type: common.ImportResource  # the supertype, not the example's type\n"
        "    example: !include ../examples/customer-import.json\n"
        "  ImportSummary:\n"
        "    examples:\n"
        "      first one: !include ../examples/summary-a.json\n"
        "      second: !include /../examples/summary-b.json\n"
    ),
    "api-specs/import/types/ImportOperation.raml": (
        "#%RAML 1.0 DataType\ntype: object\nexample: !include ../examples/op/operation.json\n"
    ),
}
EXAMPLES = [
    "container.json",
    "containers.json",
    "container-draft.json",
    "customer-import.json",
    "summary-a.json",
    "summary-b.json",
    "op/operation.json",
]


def _layout(root: Path) -> None:
    for rel, text in RAML.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    for name in [*EXAMPLES, "order-patch-import.json", "nobody.json"]:
        target = root / "api-specs/import/examples" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("{}")


def test_the_map_names_what_the_raml_layout_says(tmp_path: Path) -> None:
    _layout(tmp_path)
    assert derive(tmp_path, "import", {"OrderPatchImport"}) == {
        "container.json": "ImportContainer",  # a body's `type:` beside its example
        "containers.json": "ImportContainerPagedResponse",  # the type its resource type gives the body
        "container-draft.json": "ImportContainerDraft",  # a body's `type:` after its example
        "customer-import.json": "CustomerImport",  # a declaration under `types:`
        "nobody.json": None,  # named by no RAML and no schema's name
        "op/operation.json": "ImportOperation",  # a DataType file
        "order-patch-import.json": "OrderPatchImport",  # by its file name, a schema of the spec
        "summary-a.json": "ImportSummary",  # named examples (`examples:` map)
        "summary-b.json": "ImportSummary",
    }


def test_fetch_spec_writes_the_shared_layout_from_a_reference_tarball(tmp_path: Path) -> None:
    shared = require_spec().parent.parent.parent
    source = tmp_path / "ref"
    _layout(source)
    for api in APIS:
        target = source / "oas" / api / "openapi.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((shared / "oas" / api / "openapi.yaml").read_bytes())
    tarball = tmp_path / "ref.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(source, arcname="commercetools-api-reference-abc")
    dest, spec_dir = tmp_path / "out" / "commercetools-api-reference", tmp_path / "out"
    counts = fetch_reference(tarball, dest, spec_dir)
    assert counts == {"api": 0, "import": 9, "history": 0, "checkout": 0}
    for api in APIS:
        assert (dest / "oas" / api / "openapi.yaml").read_bytes() == (
            shared / "oas" / api / "openapi.yaml"
        ).read_bytes()
    assert (spec_dir / "openapi.yaml").is_file() and (spec_dir / "import.openapi.yaml").is_file()
    imported = json.loads((dest / MAP_NAMES["import"]).read_text())
    assert imported["customer-import.json"] == "CustomerImport" and imported["nobody.json"] is None
    assert (dest / "api-specs/import/examples/op/operation.json").is_file()

    # A spec that is not the pinned one is refused.
    (source / "oas" / "history" / "openapi.yaml").write_text("openapi: 3.0.0\n")
    with pytest.raises(SpecError, match="history"):
        fetch_reference(source, tmp_path / "again", tmp_path / "again")


# Where ../shared's map says null but the reference's RAML (at the pinned commit) names the type.
SHARED_NULL_RAML_NAMES = {
    "api": {"no-matching-product-discounts-found-error.example.json": "NoMatchingProductDiscountFoundError"},
    "import": {"business-units-company-import.json": "CompanyBusinessUnitImport"},  # types/business-unit-import.raml
    "history": {  # api.raml: the error responses' `type: ErrorResponse`
        f"{name}.json": "ErrorResponse"
        for name in ("BadRequest", "Forbidden", "InternalServerError", "ServiceUnavailable", "TooManyRequests")
    }
    | {"Unauthorized.json": "ErrorResponse"},
    "checkout": {},
}


# Where ../shared names one of two RAML types that both declare the example (`example: !include` in
# types/cart/updates/CartX.raml and types/me/updates/MyCartX.raml): the derivation takes the first file
# in path order, which agrees with ../shared for the BusinessUnit, Customer, Payment and ShoppingList
# actions, but ../shared took the other one here. Both types accept the payload. path -> (shared, derived)
SHARED_PICKS_THE_OTHER_TYPE: dict[str, tuple[str, str]] = {
    "Cart/CartAddDiscountCodeAction.json": ("MyCartAddDiscountCodeAction", "CartAddDiscountCodeAction"),
    "Cart/CartAddItemShippingAddressAction.json": (
        "MyCartAddItemShippingAddressAction",
        "CartAddItemShippingAddressAction",
    ),
    "Cart/CartAddPaymentAction.json": ("MyCartAddPaymentAction", "CartAddPaymentAction"),
    "Cart/CartChangeLineItemQuantityAction.json": (
        "MyCartChangeLineItemQuantityAction",
        "CartChangeLineItemQuantityAction",
    ),
    "Cart/CartChangeLineItemsOrderAction.json": ("MyCartChangeLineItemsOrderAction", "CartChangeLineItemsOrderAction"),
    "Cart/CartRecalculateAction.json": ("MyCartRecalculateAction", "CartRecalculateAction"),
    "Cart/CartRemoveDiscountCodeAction.json": ("MyCartRemoveDiscountCodeAction", "CartRemoveDiscountCodeAction"),
    "Cart/CartRemoveLineItemAction.json": ("MyCartRemoveLineItemAction", "CartRemoveLineItemAction"),
    "Cart/CartSetBillingAddressAction.json": ("MyCartSetBillingAddressAction", "CartSetBillingAddressAction"),
    "Cart/CartSetCountryAction.json": ("MyCartSetCountryAction", "CartSetCountryAction"),
    "Cart/CartSetCustomFieldAction.json": ("MyCartSetCustomFieldAction", "CartSetCustomFieldAction"),
    "Cart/CartSetCustomTypeAction.json": ("MyCartSetCustomTypeAction", "CartSetCustomTypeAction"),
    "Cart/CartSetLineItemCustomFieldAction.json": (
        "MyCartSetLineItemCustomFieldAction",
        "CartSetLineItemCustomFieldAction",
    ),
    "Cart/CartSetLineItemCustomTypeAction.json": (
        "MyCartSetLineItemCustomTypeAction",
        "CartSetLineItemCustomTypeAction",
    ),
    "Cart/CartSetLineItemDistributionChannelAction.json": (
        "MyCartSetLineItemDistributionChannelAction",
        "CartSetLineItemDistributionChannelAction",
    ),
    "Cart/CartSetLineItemShippingDetailsAction.json": (
        "MyCartSetLineItemShippingDetailsAction",
        "CartSetLineItemShippingDetailsAction",
    ),
    "Cart/CartSetLineItemSupplyChannelAction.json": (
        "MyCartSetLineItemSupplyChannelAction",
        "CartSetLineItemSupplyChannelAction",
    ),
    "Cart/CartSetLocaleAction.json": ("MyCartSetLocaleAction", "CartSetLocaleAction"),
    "Cart/CartUpdateItemShippingAddressAction.json": (
        "MyCartUpdateItemShippingAddressAction",
        "CartUpdateItemShippingAddressAction",
    ),
    "Customer/CustomerResetPassword.json": ("MyCustomerResetPassword", "CustomerResetPassword"),
    "ProductDiscount/ProductDiscountValueExternal.json": (
        "ProductDiscountValueExternalDraft",
        "ProductDiscountValueExternal",
    ),
}


@pytest.mark.parametrize("api", APIS)
def test_the_derived_maps_agree_with_shared(api: str) -> None:
    """Needs a commercetools-api-reference checkout at the pinned commit (CTP_API_REFERENCE), whose
    RAML ../shared does not carry."""
    reference = os.environ.get("CTP_API_REFERENCE")
    if not reference or not (Path(reference) / "api-specs").is_dir():
        pytest.skip("set CTP_API_REFERENCE to a commercetools-api-reference checkout (the RAML is not in ../shared)")
    shared = require_spec().parent.parent.parent
    schemas = load_yaml((shared / "oas" / api / "openapi.yaml").read_bytes())["components"]["schemas"]
    derived = derive(Path(reference), api, set(schemas))
    shared_map = json.loads((shared / MAP_NAMES[api]).read_text())
    allowed: dict[str, tuple[str, str]] = {}
    if api == "api":
        allowed = SHARED_PICKS_THE_OTHER_TYPE
    # The allow-list names ../shared's value, so a changed ../shared shows here rather than passing silently.
    assert {k: shared_map.get(k) for k in allowed} == {k: v[0] for k, v in allowed.items()}
    expected = shared_map | SHARED_NULL_RAML_NAMES[api] | {k: v[1] for k, v in allowed.items()}
    assert {k: derived.get(k, "<no such example>") for k in expected} == expected


def test_the_example_tests_pass_on_a_fetched_layout(tmp_path: Path) -> None:
    """A user's checkout: the example round-trips run on what fetch-spec writes (every example of the
    reference, not ../shared's subset), with CTP_SPEC_PATH pointing there: no example or map read from ../shared."""
    reference = os.environ.get("CTP_API_REFERENCE")
    if not reference or not (Path(reference) / "api-specs").is_dir():
        pytest.skip("set CTP_API_REFERENCE to a commercetools-api-reference checkout (the RAML is not in ../shared)")
    shared = require_spec().parent.parent.parent
    source = tmp_path / "ref"
    source.mkdir()
    (source / "api-specs").symlink_to(Path(reference).resolve() / "api-specs")
    for api in APIS:  # a checkout has them; ../shared's are the pinned ones (fetch_reference checks the sha256)
        target = source / "oas" / api / "openapi.yaml"
        target.parent.mkdir(parents=True)
        target.write_bytes((shared / "oas" / api / "openapi.yaml").read_bytes())
    dest = tmp_path / "spec" / "commercetools-api-reference"
    counts = fetch_reference(source, dest, tmp_path / "spec")
    assert counts["api"] > 1000  # the whole reference, not ../shared's 853
    tests = Path(__file__).resolve().parent.parent / "generated"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(tests / "test_examples.py"),
            str(tests / "test_other_api_examples.py"),
        ],
        env=os.environ | {"CTP_SPEC_PATH": str(dest / "oas" / "api" / "openapi.yaml")},
        cwd=tests.parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:]
    assert " failed" not in run.stdout and " passed" in run.stdout
