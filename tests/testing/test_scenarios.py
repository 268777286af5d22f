"""Scenarios on the fake through the generated layer: typed requests in, typed models out."""

from __future__ import annotations

import importlib
from typing import Any

import httpx
import pytest

from ctp_sdk import errors
from ctp_sdk._generated.api.default import (
    by_project_key_categories_by_id_post,
    by_project_key_categories_get,
    by_project_key_categories_key_by_key_get,
    by_project_key_categories_post,
    by_project_key_me_active_cart_get,
    by_project_key_me_carts_post,
)
from ctp_sdk._generated.models import (
    CategoryChangeNameAction,
    CategoryDraft,
    CategoryResourceIdentifier,
    CategoryUpdate,
    MyCartDraft,
)
from ctp_sdk.testing import Backend, _spec, supported_operations
from ctp_sdk.testing._drafts import check_decodable
from ctp_sdk.testing._errors import ApiFailure

from testing_targets import Target

P = "fidelity"


def test_typed_category_round_trip(fake: Target) -> None:
    api = fake.integration()
    root = by_project_key_categories_post.sync(
        api, P, CategoryDraft(name={"en": "Root"}, slug={"en": "root"}, key="root")
    )
    child = by_project_key_categories_post.sync(
        api,
        P,
        CategoryDraft(name={"en": "Kid"}, slug={"en": "kid"}, parent=CategoryResourceIdentifier(key="root")),
    )
    assert child.parent is not None and child.parent.id == root.id
    assert [a.id for a in child.ancestors] == [root.id]

    page = by_project_key_categories_get.sync(api, P, where=['slug(en = "kid")'], expand=["parent"], with_total=True)
    assert page.total == 1 and page.results[0].id == child.id

    update = CategoryUpdate(version=root.version, actions=[CategoryChangeNameAction(name={"en": "Top"})])
    renamed = by_project_key_categories_by_id_post.sync(api, P, root.id, update)
    assert renamed.version == 2 and renamed.name == {"en": "Top"}
    assert by_project_key_categories_key_by_key_get.sync(api, P, "root").name == {"en": "Top"}

    with pytest.raises(errors.ConcurrentModificationError) as err:
        by_project_key_categories_by_id_post.sync(api, P, root.id, update)
    assert err.value.status_code == 409 and err.value.codes == ["ConcurrentModification"]
    with pytest.raises(errors.NotFoundError):
        by_project_key_categories_key_by_key_get.sync(api, P, "nope")


def test_typed_guest_cart(fake: Target) -> None:
    shopper, _, _ = fake.shopper()
    cart = by_project_key_me_carts_post.sync(shopper, P, MyCartDraft(currency="EUR"))
    assert by_project_key_me_active_cart_get.sync(shopper, P).id == cart.id
    assert cart.anonymous_id


def test_paging_limits_are_enforced(fake: Target) -> None:
    api = fake.integration()
    for i in range(5):
        api.post(f"/{P}/categories", json={"name": {"en": f"c{i}"}, "slug": {"en": f"c{i}"}, "key": f"k{i}"})
    page = api.get(f"/{P}/categories", params={"sort": "key asc", "limit": 2, "offset": 4}).json()
    assert (page["count"], page["total"], [r["key"] for r in page["results"]]) == (1, 5, ["k4"])
    no_total = api.get(f"/{P}/categories", params={"withTotal": "false"}).json()
    assert "total" not in no_total and no_total["count"] == 5
    assert api.get(f"/{P}/categories", params={"limit": 501}).status_code == 400
    assert api.get(f"/{P}/categories", params={"offset": 10_001}).status_code == 400
    assert api.head(f"/{P}/categories", params={"where": 'key = "k1"'}).status_code == 200
    assert api.head(f"/{P}/categories", params={"where": 'key = "zz"'}).status_code == 404


def test_unsupported_operation_answers_501_naming_it(fake: Target) -> None:
    api = fake.integration()
    graphql = api.post(f"/{P}/graphql", json={"query": "{ categories { total } }"})
    assert graphql.status_code == 501 and "ByProjectKeyGraphqlPost" in graphql.json()["message"]


def test_unknown_path_is_404_and_wrong_method_405(fake: Target) -> None:
    api = fake.integration()
    assert api.get(f"/{P}/no-such-thing").status_code == 404
    assert api.delete(f"/{P}/categories").status_code == 405


def test_correlation_id_is_echoed(fake: Target) -> None:
    api = fake.integration()
    response = api.get(f"/{P}/categories", headers={"X-Correlation-ID": "corr-123"})
    assert response.headers["X-Correlation-ID"] == "corr-123"
    assert api.get(f"/{P}/categories").headers["X-Correlation-ID"]


def test_project_settings_decode(fake: Target) -> None:
    from ctp_sdk._generated.models import Project

    project = Project.from_dict(fake.integration().get(f"/{P}").json())
    assert project.key == P and "EUR" in project.currencies


def test_customer_password_is_never_returned_in_clear(fake: Target) -> None:
    api = fake.integration()
    created = api.post(f"/{P}/customers", json={"email": "x@example.com", "password": "Plain-Text-9"})
    assert "Plain-Text-9" not in created.text
    duplicate = api.post(f"/{P}/customers", json={"email": "X@example.com", "password": "other"})
    assert duplicate.status_code == 400 and duplicate.json()["errors"][0]["code"] == "DuplicateField"


def test_product_staged_publish_and_projections(fake: Target) -> None:
    api = fake.integration()
    pt = api.post(f"/{P}/product-types", json={"name": "t", "description": "d"}).json()
    draft = {
        "productType": {"id": pt["id"]},
        "name": {"en": "Boot"},
        "slug": {"en": "boot"},
        "key": "boot",
        "masterVariant": {"sku": "B-1", "prices": [{"value": {"currencyCode": "EUR", "centAmount": 100}}]},
    }
    product = api.post(f"/{P}/products", json=draft).json()
    assert product["masterData"]["published"] is False
    assert api.get(f"/{P}/product-projections/key=boot").status_code == 404
    assert api.get(f"/{P}/product-projections/key=boot", params={"staged": "true"}).status_code == 200

    actions = [{"action": "changeName", "name": {"en": "Boot 2"}}, {"action": "publish"}]
    product = api.post(f"/{P}/products/{product['id']}", json={"version": 1, "actions": actions}).json()
    assert product["masterData"]["current"]["name"] == {"en": "Boot 2"}
    assert product["masterData"]["hasStagedChanges"] is False
    staged_only = [{"action": "changeName", "name": {"en": "Boot 3"}}]
    product = api.post(f"/{P}/products/{product['id']}", json={"version": 2, "actions": staged_only}).json()
    assert product["masterData"]["hasStagedChanges"] is True
    assert api.get(f"/{P}/product-projections/key=boot").json()["name"] == {"en": "Boot 2"}
    page = api.get(f"/{P}/product-projections", params={"where": 'masterVariant(sku = "B-1")'}).json()
    assert [p["key"] for p in page["results"]] == ["boot"]
    duplicate_sku = {**draft, "key": "boot2", "slug": {"en": "boot2"}}
    assert api.post(f"/{P}/products", json=duplicate_sku).status_code == 400


def test_custom_objects(fake: Target) -> None:
    api = fake.integration()
    created = api.post(f"/{P}/custom-objects", json={"container": "c", "key": "k", "value": {"a": 1}})
    assert created.status_code == 201 and created.json()["version"] == 1
    updated = api.post(f"/{P}/custom-objects", json={"container": "c", "key": "k", "value": {"a": 2}, "version": 1})
    assert updated.json()["version"] == 2
    stale = api.post(f"/{P}/custom-objects", json={"container": "c", "key": "k", "value": {}, "version": 1})
    assert stale.status_code == 409
    assert api.get(f"/{P}/custom-objects/c/k").json()["value"] == {"a": 2}
    assert api.get(f"/{P}/custom-objects/c").json()["count"] == 1
    assert api.delete(f"/{P}/custom-objects/c/k").status_code == 200
    assert api.get(f"/{P}/custom-objects/c/k").status_code == 404


def test_sign_in_merges_a_guest_cart_into_the_customer_cart(fake: Target) -> None:
    api = fake.integration()
    pt = api.post(f"/{P}/product-types", json={"name": "t", "description": "d"}).json()
    for sku in ("A", "B"):
        api.post(
            f"/{P}/products",
            json={
                "productType": {"id": pt["id"]},
                "name": {"en": sku},
                "slug": {"en": sku.lower()},
                "publish": True,
                "masterVariant": {"sku": sku, "prices": [{"value": {"currencyCode": "EUR", "centAmount": 100}}]},
            },
        )
    customer = api.post(f"/{P}/customers", json={"email": "m@example.com", "password": "Merge-1"}).json()["customer"]
    own = api.post(f"/{P}/carts", json={"currency": "EUR", "customerId": customer["id"], "lineItems": [{"sku": "A"}]})
    guest, _, _ = fake.shopper()
    guest.post(f"/{P}/me/carts", json={"currency": "EUR", "lineItems": [{"sku": "A"}, {"sku": "B"}]})
    result = guest.post(f"/{P}/me/login", json={"email": "m@example.com", "password": "Merge-1"}).json()
    assert result["cart"]["id"] == own.json()["id"]
    assert sorted((li["variant"]["sku"], li["quantity"]) for li in result["cart"]["lineItems"]) == [("A", 2), ("B", 1)]


def test_order_from_a_non_active_cart_is_refused(fake: Target) -> None:
    api = fake.integration()
    cart = api.post(f"/{P}/carts", json={"currency": "EUR"}).json()
    assert api.post(f"/{P}/orders", json={"id": cart["id"], "version": 1}).status_code == 201
    again = api.post(f"/{P}/orders", json={"id": cart["id"], "version": 2})
    assert again.status_code == 400 and again.json()["errors"][0]["code"] == "InvalidOperation"


MINIMAL_DRAFTS: dict[str, dict[str, Any]] = {
    "categories": {"name": {"en": "n"}, "slug": {"en": "s"}},
    "channels": {"key": "ch"},
    "customer-groups": {"groupName": "g"},
    "tax-categories": {"name": "t"},
    "zones": {"name": "z"},
    "stores": {"key": "st"},
    "states": {"key": "st", "type": "OrderState"},
    "types": {"key": "ty", "name": {"en": "t"}, "resourceTypeIds": ["category"], "fieldDefinitions": []},
    "product-types": {"name": "p", "description": "d"},
    "inventory": {"sku": "s", "quantityOnStock": 3},
    "shopping-lists": {"name": {"en": "l"}},
    "payments": {"amountPlanned": {"currencyCode": "EUR", "centAmount": 1}},
    "carts": {"currency": "EUR"},
    "customers": {"email": "a@example.com", "password": "p"},
}


@pytest.mark.parametrize("segment", sorted(MINIMAL_DRAFTS))
def test_created_resources_decode_into_their_models(segment: str) -> None:
    """What the generic create (plus hooks) produces decodes with the generated model."""
    family = _spec.families()[segment]
    draft = MINIMAL_DRAFTS[segment]
    backend = Backend("p")
    http = httpx.Client(transport=backend.transport())
    token = http.post(
        f"{backend.auth_url}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(backend.client.client_id, backend.client.client_secret),
    ).json()["access_token"]
    response = http.post(f"{backend.api_url}/p/{segment}", json=draft, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201, response.text
    body = response.json()
    model = getattr(importlib.import_module("ctp_sdk._generated.models"), family.model)
    decoded = model.from_dict(body["customer"] if segment == "customers" else body)
    assert decoded.id


def test_resources_without_derivable_required_fields_answer_501() -> None:
    """A resource whose required fields the fake could not fill is refused, not half-made (every
    createable family is filled now: here a Variant without its derived `variantId` / `current`)."""
    incomplete = {"id": "v1", "version": 1, "createdAt": "2030-01-01T00:00:00.000Z", "published": False}
    incomplete |= {"lastModifiedAt": "2030-01-01T00:00:00.000Z", "product": {"typeId": "product", "id": "p"}}
    with pytest.raises(ApiFailure) as refused:
        check_decodable("Variant", incomplete, "Creating a Variant")
    assert refused.value.status == 501 and "Variant would not be complete" in refused.value.message


def test_cart_discount_gets_the_documented_defaults(fake: Target) -> None:
    draft = {
        "name": {"en": "d"},
        "value": {"type": "relative", "permyriad": 1000},
        "cartPredicate": "1 = 1",
        "sortOrder": "0.5",
    }
    body = fake.integration().post(f"/{P}/cart-discounts", json=draft).json()
    assert (body["stackingMode"], body["isActive"], body["requiresDiscountCode"]) == ("Stacking", True, False)
    assert body["recurringOrderScope"] == {"type": "NonRecurringOrdersOnly"}
    assert body["createdBy"]["clientId"]


def test_supported_operations_cover_every_standard_family() -> None:
    ops = {op.id for op in supported_operations()}
    for family in _spec.families().values():
        assert any(op.path == f"/{{projectKey}}/{family.segment}" and op.id in ops for op in _spec.operations())
    assert "ByProjectKeyMeActiveCartGet" in ops and "ByProjectKeyMeLoginPost" in ops
    assert len(ops) > 400


def test_project_settings_update_like_the_api(fake: Target) -> None:
    api = fake.integration()
    project = api.get(f"/{P}").json()
    updated = api.post(
        f"/{P}",
        json={
            "version": project["version"],
            "actions": [
                {"action": "changeName", "name": "Shop"},
                {"action": "changeCountries", "countries": ["DE", "AT"]},
                {"action": "changeCountryTaxRateFallbackEnabled", "countryTaxRateFallbackEnabled": True},
            ],
        },
    )
    assert updated.status_code == 200, updated.text
    body = updated.json()
    assert (body["name"], body["countries"], body["version"]) == ("Shop", ["DE", "AT"], project["version"] + 1)
    assert body["carts"]["countryTaxRateFallbackEnabled"] is True
    assert api.get(f"/{P}").json() == body
    stale = api.post(f"/{P}", json={"version": project["version"], "actions": [{"action": "changeName", "name": "x"}]})
    assert stale.status_code == 409
    messages = api.post(
        f"/{P}",
        json={"version": body["version"], "actions": [{"action": "changeMessagesEnabled", "messagesEnabled": True}]},
    )
    assert messages.status_code == 200, messages.text  # Messages are written (tests/testing/test_messages.py)
    assert messages.json()["messages"] == {"enabled": True, "deleteDaysAfterCreation": 15}


def test_category_assets_and_product_image_upload(fake: Target) -> None:
    api = fake.integration()
    category = api.post(f"/{P}/categories", json={"name": {"en": "c"}, "slug": {"en": "c-assets"}}).json()
    updated = api.post(
        f"/{P}/categories/{category['id']}",
        json={
            "version": category["version"],
            "actions": [
                {"action": "addAsset", "asset": {"name": {"en": "a"}, "sources": [{"uri": "https://x/a"}], "key": "a"}},
                {"action": "setAssetTags", "assetKey": "a", "tags": ["t"]},
            ],
        },
    )
    assert updated.status_code == 200, updated.text
    asset = updated.json()["assets"][0]
    assert asset["id"] and asset["tags"] == ["t"]
    product_type = api.post(f"/{P}/product-types", json={"name": "pt-img", "description": "d"}).json()
    product = api.post(
        f"/{P}/products",
        json={"productType": {"id": product_type["id"]}, "name": {"en": "p"}, "slug": {"en": "p-img"}},
    ).json()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big") + b"\x08"
    uploaded = api.post(
        f"/{P}/products/{product['id']}/images",
        params={"variant": 1, "filename": "shirt.png"},
        content=png,
        headers={"Content-Type": "image/png"},
    )
    assert uploaded.status_code == 200, uploaded.text
    image = uploaded.json()["masterData"]["staged"]["masterVariant"]["images"][0]
    assert image["dimensions"] == {"w": 640, "h": 480} and image["url"].endswith("shirt.png")
    not_an_image = api.post(
        f"/{P}/products/{product['id']}/images", content=b"hello", headers={"Content-Type": "image/png"}
    )
    assert not_an_image.status_code == 400


def test_an_unknown_project_path_is_404_uri_not_found(fake: Target) -> None:
    response = fake.integration().get("/invalid-uri-404")
    assert response.status_code == 404 and response.json()["message"] == "URI not found: /invalid-uri-404"
