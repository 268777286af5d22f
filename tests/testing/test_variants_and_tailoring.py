"""Workflows for the variant views, standalone Variants and Product Tailoring through CtpClient's fluent
root, from commercetools' documentation (https://docs.commercetools.com/api/projects/variant-projections,
/variant-attributes, /variants, /product-tailoring, /product-selections, and the "Model and sell
products with Modular Catalog" tutorial), against the embedded backend (the peer server,
commercetools-mock, has none of these endpoints):

- a Classic catalog's Variant Projections: current / staged, price selection, locale projection,
  attribute filters, by id and key, predicates, paging, 404s;
- Variant Attributes: ProductType metadata, variant-level attributes only, availability;
- a Modular catalog: Variants created and uploaded to, bulk updates (207 per item), projections with
  Standalone Prices;
- Product Tailoring in a store: created in the store, read / updated / deleted per product, image
  upload, what in-store Product and Variant Projections show, Messages on;
- a store's Product Selection assignments and the variants its selections let through.
"""

from __future__ import annotations

from typing import Any

import pytest

from ctp_sdk import CtpClient, errors
from ctp_sdk.models import (
    InventoryEntryDraft,
    ProductDraft,
    ProductSelectionDraft,
    ProductSelectionUpdate,
    ProductTailoringDraft,
    ProductTailoringInStoreDraft,
    ProductTailoringUpdate,
    ProductTypeDraft,
    ProjectUpdate,
    StandalonePriceDraft,
    StoreDraft,
    StoreUpdate,
    VariantBulkUpdate,
    VariantDraft,
)

# A 64x48 PNG header: the backend reads the dimensions from it.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (64).to_bytes(4, "big") + (48).to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
)


def _product_type(api: Any) -> str:
    draft = ProductTypeDraft.from_dict(
        {
            "name": "jacket",
            "description": "Jackets",
            "attributes": [
                {
                    "name": "color",
                    "label": {"en": "Color", "de": "Farbe"},
                    "isRequired": False,
                    "type": {
                        "name": "lenum",
                        "values": [
                            {"key": "red", "label": {"en": "Red", "de": "Rot"}},
                            {"key": "blue", "label": {"en": "Blue", "de": "Blau"}},
                        ],
                    },
                },
                {"name": "size", "label": {"en": "Size"}, "isRequired": False, "type": {"name": "text"}},
                {
                    "name": "brand",
                    "label": {"en": "Brand"},
                    "isRequired": False,
                    "level": "Product",
                    "type": {"name": "text"},
                },
            ],
        }
    )
    return str(api.product_types().post(draft).execute().body.id)


def _price(currency: str, cents: int, country: str | None = None) -> dict[str, Any]:
    price: dict[str, Any] = {"value": {"currencyCode": currency, "centAmount": cents}}
    if country is not None:
        price["country"] = country
    return price


def _jacket(api: Any, type_id: str, key: str = "jacket", *, publish: bool = True, variants: int = 3) -> Any:
    colors, sizes = ["red", "blue", "red"], ["S", "M", "L"]
    drafts = [
        {
            "sku": f"{key}-{i + 1}",
            "key": f"{key}-v{i + 1}",
            "prices": [_price("EUR", 10000 + i * 100), _price("USD", 12000 + i * 100, "US")],
            "attributes": [{"name": "color", "value": colors[i]}, {"name": "size", "value": sizes[i]}],
        }
        for i in range(variants)
    ]
    draft = ProductDraft.from_dict(
        {
            "productType": {"typeId": "product-type", "id": type_id},
            "key": key,
            "name": {"en": f"{key.title()}", "de": f"{key.title()} DE"},
            "slug": {"en": key, "de": f"{key}-de"},
            "description": {"en": "Warm"},
            "attributes": [{"name": "brand", "value": "Acme"}],
            "masterVariant": drafts[0],
            "variants": drafts[1:],
            "publish": publish,
        }
    )
    return api.products().post(draft).execute().body


def test_variant_projections_of_a_classic_catalog(ctp_client: CtpClient) -> None:
    api = ctp_client.integration_api_root()
    type_id = _product_type(api)
    jacket = _jacket(api, type_id)
    _jacket(api, type_id, "draft-coat", publish=False, variants=1)

    page = api.variant_projections().get().execute().body
    assert page.total == 3 and [p.sku for p in page.results] == ["jacket-1", "jacket-2", "jacket-3"]
    assert [p.default for p in page.results] == [True, False, False]
    assert [p.variant_id for p in page.results] == [1, 2, 3]
    first = page.results[0]
    assert first.product.id == jacket.id and first.staged is False and first.price is None
    assert first.name["en"] == "Jacket" and first.slug["de"] == "jacket-de" and first.description is not None
    # Product-level attributes first, then the variant's; lenum values as {key, label}
    assert [a.name for a in first.attributes] == ["brand", "color", "size"]
    assert first.attributes[1].value == {"key": "red", "label": {"en": "Red", "de": "Rot"}}
    staged = api.variant_projections().get(staged=True).execute().body
    assert staged.total == 4 and all(p.staged for p in staged.results)

    selected = api.variant_projections().get(price_currency="USD", price_country="US").execute().body
    assert [p.price.value.cent_amount for p in selected.results if p.price] == [12000, 12100, 12200]
    euro = api.variant_projections().with_key("jacket-v2").get(price_currency="EUR").execute().body
    assert euro.price is not None and euro.price.value.cent_amount == 10100 and euro.sku == "jacket-2"
    with pytest.raises(errors.BadRequestError) as no_currency:
        api.variant_projections().get(price_country="US").execute()
    assert no_currency.value.codes == ["InvalidInput"]

    german = api.variant_projections().with_id(first.id).get(locale_projection=["de"]).execute().body
    assert german.name == {"de": "Jacket DE"} and german.slug == {"de": "jacket-de"}
    assert german.description is not None and german.description == {"en": "Warm"}  # no "de": kept
    assert german.attributes[1].value == {"key": "red", "label": {"de": "Rot"}}
    only = api.variant_projections().with_id(first.id).get(filter_attributes=["size"]).execute().body
    assert [(a.name, a.value) for a in only.attributes] == [("size", "S")]
    without = api.variant_projections().with_id(first.id).get(filter_attributes=["-color", "-brand"]).execute()
    assert [a.name for a in without.body.attributes] == ["size"]

    found = api.variant_projections().get(where=['sku = "jacket-3"']).execute().body
    assert found.total == 1 and found.results[0].variant_id == 3
    assert api.variant_projections().get(limit=2, offset=2).execute().body.count == 1
    for missing in (
        api.variant_projections().with_key("draft-coat-v1").get(),  # unpublished: no current projection
        api.variant_projections().with_id("00000000-0000-0000-0000-000000000000").get(),
    ):
        with pytest.raises(errors.NotFoundError) as err:
            missing.execute()
        assert err.value.codes == ["ResourceNotFound"]
    assert api.variant_projections().with_key("draft-coat-v1").get(staged=True).execute().body.default is True


def test_variant_attributes_for_an_attribute_selector(ctp_client: CtpClient) -> None:
    api = ctp_client.integration_api_root()
    jacket = _jacket(api, _product_type(api))
    api.inventory().post(InventoryEntryDraft(sku="jacket-2", quantity_on_stock=7)).execute()
    api.inventory().post(InventoryEntryDraft(sku="jacket-3", quantity_on_stock=0)).execute()

    attributes = api.product_projections().with_id(jacket.id).variant_attributes()
    found = attributes.get(filter_attributes=["color", "brand", "weight"], locale_projection=["en"]).execute().body
    assert found.product_id == jacket.id and found.product_key == "jacket"
    # brand is a Product-level Attribute, weight is not in the ProductType: both left out
    assert [(m.name, m.type, m.label) for m in found.attributes] == [("color", "lenum", {"en": "Color"})]
    assert [v.sku for v in found.variants] == ["jacket-1", "jacket-2", "jacket-3"]
    assert [[a.value for a in v.attributes] for v in found.variants] == [
        [{"key": "red", "label": {"en": "Red"}}],
        [{"key": "blue", "label": {"en": "Blue"}}],
        [{"key": "red", "label": {"en": "Red"}}],
    ]
    stock = [
        (v.availability.is_on_stock, v.availability.available_quantity) if v.availability else None
        for v in found.variants
    ]
    assert stock == [None, (True, 7), (False, 0)]
    projected = api.variant_projections().with_key("jacket-v2").get().execute().body
    assert found.variants[1].id == projected.id  # the same variant ids as the Variant Projections

    by_key = api.product_projections().with_key("jacket").variant_attributes().get(filter_attributes=["size"])
    assert [[a.value for a in v.attributes] for v in by_key.execute().body.variants] == [["S"], ["M"], ["L"]]
    with pytest.raises(errors.NotFoundError):
        api.product_projections().with_key("no-such").variant_attributes().get(filter_attributes=["size"]).execute()
    with pytest.raises(errors.ServerError) as channels:
        attributes.get(filter_attributes=["size"], filter_supply_channels=["c1"]).execute()
    assert channels.value.status_code == 501


def _modular(api: Any) -> None:
    project = api.get().execute().body
    action = {"action": "setProductCatalogModel", "productCatalogModel": "Modular"}
    api.post(ProjectUpdate.from_dict({"version": project.version, "actions": [action]})).execute()


def test_modular_variants_images_bulk_updates_and_projections(ctp_client: CtpClient) -> None:
    api = ctp_client.integration_api_root()
    _modular(api)
    type_id = _product_type(api)
    product = (
        api.products()
        .post(
            ProductDraft.from_dict(
                {
                    "productType": {"typeId": "product-type", "id": type_id},
                    "key": "parka",
                    "name": {"en": "Parka"},
                    "slug": {"en": "parka"},
                    "publish": True,
                }
            )
        )
        .execute()
        .body
    )

    def variant(sku: str, key: str, color: str, publish: bool) -> Any:
        draft = {"product": {"typeId": "product", "key": "parka"}, "sku": sku, "key": key, "publish": publish}
        draft["attributes"] = [{"name": "color", "value": color}]
        return api.variants().post(VariantDraft.from_dict(draft)).execute().body

    red, blue = variant("P-RED", "red", "red", True), variant("P-BLUE", "blue", "blue", False)
    assert (red.variant_id, blue.variant_id) == (1, 2) and red.published and not blue.published
    assert red.current.attributes[0].value == {"key": "red", "label": {"en": "Red", "de": "Rot"}}
    assert red.staged is None and red.product.id == product.id
    with pytest.raises(errors.BadRequestError) as duplicate:
        variant("P-RED", "again", "red", False)
    assert duplicate.value.codes == ["DuplicateField"]

    uploaded = api.variants().with_id(red.id).images().post(PNG, content_type="image/png", filename="front.png")
    red = uploaded.execute().body
    assert red.version == 2 and red.current.images == [] and red.staged is not None
    image = red.staged.images[0]
    assert image.url.endswith("-front.png") and (image.dimensions.w, image.dimensions.h) == (64, 48)

    current = api.variant_projections().get().execute().body  # blue is unpublished, red's image staged
    assert [(p.id, p.sku, len(p.images)) for p in current.results] == [(red.id, "P-RED", 0)]
    staged = api.variant_projections().get(staged=True).execute().body
    assert [(p.sku, len(p.images)) for p in staged.results] == [("P-RED", 1), ("P-BLUE", 0)]

    bulk = VariantBulkUpdate.from_dict(
        {
            "items": [{"id": red.id, "version": red.version}, {"key": "blue", "version": 99}, {"key": "gone"}],
            "actions": [{"action": "publish"}],
        }
    )
    result = api.variants().bulk().post(bulk).execute()
    assert result.status_code == 207
    assert (result.body.success_count, result.body.failure_count) == (1, 2)
    ok, stale, gone = result.body.results
    assert ok.status == "Success" and ok.resource.id == red.id and ok.resource.version == 3
    assert (
        stale.status == "Fail" and stale.key == "blue" and [e.code for e in stale.errors] == ["ConcurrentModification"]
    )
    assert gone.status == "Fail" and [e.code for e in gone.errors] == ["ResourceNotFound"]
    unchecked = VariantBulkUpdate.from_dict(
        {"items": [{"key": "blue", "version": 99}], "actions": [{"action": "publish"}]}
    )
    assert api.variants().bulk().post(unchecked, version_control="Off").execute().body.success_count == 1
    too_many = VariantBulkUpdate.from_dict({"items": [{"key": "blue"}] * 1001, "actions": [{"action": "publish"}]})
    with pytest.raises(errors.BadRequestError) as limit:
        api.variants().bulk().post(too_many).execute()
    assert limit.value.codes == ["BulkOperationMaxItemsExceeded"]

    price = StandalonePriceDraft.from_dict({"sku": "P-BLUE", "value": {"currencyCode": "EUR", "centAmount": 25900}})
    api.standalone_prices().post(price).execute()
    published = api.variant_projections().get(price_currency="EUR").execute().body
    assert [(p.sku, len(p.images), p.price.value.cent_amount if p.price else None) for p in published.results] == [
        ("P-RED", 1, None),
        ("P-BLUE", 0, 25900),
    ]
    assert api.variant_projections().with_key("blue").get().execute().body.id == blue.id
    attributes = api.product_projections().with_id(product.id).variant_attributes().get(filter_attributes=["color"])
    assert [(v.id, v.sku) for v in attributes.execute().body.variants] == [(red.id, "P-RED"), (blue.id, "P-BLUE")]


def _enable_messages(api: Any) -> None:
    project = api.get().execute().body
    action = {
        "action": "changeMessagesConfiguration",
        "messagesConfiguration": {"enabled": True, "deleteDaysAfterCreation": 15},
    }
    api.post(ProjectUpdate.from_dict({"version": project.version, "actions": [action]})).execute()


def test_product_tailoring_in_a_store(ctp_client: CtpClient) -> None:
    api = ctp_client.integration_api_root()
    jacket = _jacket(api, _product_type(api))
    for key in ("berlin", "paris"):
        api.stores().post(StoreDraft.from_dict({"key": key, "name": {"en": key}})).execute()
    berlin = api.in_store_key_with_store_key_value("berlin")
    draft = ProductTailoringInStoreDraft.from_dict(
        {
            "product": {"typeId": "product", "key": "jacket"},
            "key": "jacket-berlin",
            "name": {"en": "Berlin Jacket"},
            "variants": [{"sku": "jacket-2", "attributes": [{"name": "size", "value": "M (Berlin)"}]}],
        }
    )
    tailoring = berlin.product_tailoring().post(draft).execute().body
    assert tailoring.store.key == "berlin" and tailoring.product.id == jacket.id
    assert not tailoring.published and tailoring.has_staged_changes and tailoring.current.name is None
    assert tailoring.staged.name is not None and tailoring.staged.name["en"] == "Berlin Jacket"
    again = ProductTailoringDraft.from_dict(
        {"store": {"typeId": "store", "key": "berlin"}, "product": {"typeId": "product", "id": jacket.id}}
    )
    with pytest.raises(errors.BadRequestError) as duplicate:  # one Tailoring per Product and Store
        api.product_tailoring().post(again).execute()
    assert duplicate.value.codes == ["DuplicateValue"]

    per_id = berlin.products().with_product_id(jacket.id).product_tailoring()
    per_key = berlin.products().with_product_key("jacket").product_tailoring()
    assert per_id.get().execute().body.id == per_key.get().execute().body.id == tailoring.id
    shown = berlin.product_projections().with_id(jacket.id).get().execute().body
    assert shown.name["en"] == "Jacket"  # unpublished: the Product's own data
    assert berlin.product_projections().with_id(jacket.id).get(staged=True).execute().body.name["en"] == "Berlin Jacket"

    publish = {"version": tailoring.version, "actions": [{"action": "setSlug", "slug": {"en": "berlin-jacket"}}]}
    publish["actions"].append({"action": "publish"})
    tailoring = per_key.post(ProductTailoringUpdate.from_dict(publish)).execute().body
    assert tailoring.published and not tailoring.has_staged_changes and tailoring.version == 2
    tailoring = per_id.images().post(PNG, content_type="image/png", sku="jacket-3", staged=False).execute().body
    assert tailoring.version == 3 and tailoring.current.variants is not None
    assert [(v.id, len(v.images or [])) for v in tailoring.current.variants] == [(2, 0), (3, 1)]

    shown = berlin.product_projections().with_key("jacket").get().execute().body
    assert (shown.name["en"], shown.slug["en"]) == ("Berlin Jacket", "berlin-jacket")
    assert [a.value for a in shown.variants[0].attributes if a.name == "size"] == ["M (Berlin)"]
    assert len(shown.variants[1].images) == 1
    assert api.product_projections().with_key("jacket").get().execute().body.name["en"] == "Jacket"
    paris = api.in_store_key_with_store_key_value("paris")
    assert paris.product_projections().with_key("jacket").get().execute().body.slug["en"] == "jacket"
    variants = berlin.variant_projections().get().execute().body.results
    assert {p.name["en"] for p in variants} == {"Berlin Jacket"} and [len(p.images) for p in variants] == [0, 0, 1]
    with pytest.raises(errors.NotFoundError) as other_store:
        paris.products().with_product_id(jacket.id).product_tailoring().get().execute()
    assert other_store.value.codes == ["ResourceNotFound"]

    actions = [
        {"action": "setProductAttribute", "name": "brand", "value": "Acme Berlin", "staged": False},
        {"action": "setAttributeInAllVariants", "name": "size", "value": "XL", "staged": False},
        {"action": "setAttribute", "sku": "jacket-1", "name": "color", "value": "blue", "staged": False},
        {"action": "removeVariant", "sku": "jacket-3", "staged": False},
    ]
    tailoring = per_id.post(
        ProductTailoringUpdate.from_dict({"version": tailoring.version, "actions": actions})
    ).execute()
    tailoring = tailoring.body
    shown = berlin.product_projections().with_key("jacket").get().execute().body
    assert [a.value for a in shown.attributes] == ["Acme Berlin"]
    sizes = [[a.value for a in v.attributes if a.name == "size"] for v in (shown.master_variant, *shown.variants)]
    assert sizes == [["XL"], ["XL"], ["L"]]  # jacket-3's tailoring (its image and size) is removed
    assert shown.variants[1].images == []
    assert [a.value for a in shown.master_variant.attributes if a.name == "color"] == [
        {"key": "blue", "label": {"en": "Blue", "de": "Blau"}}  # an enum key stored as {key, label}
    ]
    with pytest.raises(errors.BadRequestError) as absent:
        per_id.post(ProductTailoringUpdate.from_dict({"version": tailoring.version, "actions": actions[2:]})).execute()
    assert absent.value.codes == ["InvalidOperation"]

    _enable_messages(api)  # the fake cannot write ProductTailoringNameSet: 501, and nothing changes
    rename = {"version": tailoring.version, "actions": [{"action": "setName", "name": {"en": "X"}}]}
    with pytest.raises(errors.ServerError) as unwritable:
        per_id.post(ProductTailoringUpdate.from_dict(rename)).execute()
    assert unwritable.value.status_code == 501 and "ProductTailoringNameSet" in unwritable.value.message
    assert per_id.get().execute().body.version == tailoring.version
    with pytest.raises(errors.ServerError):
        per_key.delete(version=tailoring.version).execute()
    project = api.get().execute().body
    off = {
        "action": "changeMessagesConfiguration",
        "messagesConfiguration": {"enabled": False, "deleteDaysAfterCreation": 15},
    }
    api.post(ProjectUpdate.from_dict({"version": project.version, "actions": [off]})).execute()

    deleted = per_key.delete(version=tailoring.version).execute().body
    assert deleted.id == tailoring.id
    with pytest.raises(errors.NotFoundError):
        per_id.get().execute()
    assert berlin.product_projections().with_key("jacket").get().execute().body.name["en"] == "Jacket"


def test_store_product_selection_assignments_and_variant_selection(ctp_client: CtpClient) -> None:
    api = ctp_client.integration_api_root()
    type_id = _product_type(api)
    jacket, coat, hat = (_jacket(api, type_id, key) for key in ("jacket", "coat", "hat"))
    selections = {}
    for key, products in (
        ("winter", [(jacket, ["jacket-1", "jacket-3"]), (coat, None)]),
        ("sale", [(coat, None)]),
        ("off", [(hat, None)]),
    ):
        selection = (
            api.product_selections()
            .post(ProductSelectionDraft.from_dict({"key": key, "name": {"en": key}}))
            .execute()
            .body
        )
        actions: list[dict[str, Any]] = []
        for product, skus in products:
            action: dict[str, Any] = {"action": "addProduct", "product": {"typeId": "product", "id": product.id}}
            if skus is not None:
                action["variantSelection"] = {"type": "includeOnly", "skus": skus}
            actions.append(action)
        update = ProductSelectionUpdate.from_dict({"version": selection.version, "actions": actions})
        selections[key] = api.product_selections().with_id(selection.id).post(update).execute().body
    store = api.stores().post(StoreDraft.from_dict({"key": "outlet"})).execute().body
    settings = [
        {"action": "addProductSelection", "productSelection": {"key": k}, "active": k != "off"}
        for k in ("winter", "sale", "off")
    ]
    api.stores().with_id(store.id).post(
        StoreUpdate.from_dict({"version": store.version, "actions": settings})
    ).execute()

    outlet = api.in_store_key_with_store_key_value("outlet")
    page = outlet.product_selection_assignments().get().execute().body
    assert page.total is None and page.count == 3  # withTotal is false by default here
    rows = [(r.product.id, r.product_selection.id) for r in page.results]
    assert rows == [
        (jacket.id, selections["winter"].id),
        (coat.id, selections["winter"].id),
        (coat.id, selections["sale"].id),
    ]
    assert page.results[0].variant_selection is not None and page.results[0].variant_selection.skus == [
        "jacket-1",
        "jacket-3",
    ]
    assert outlet.product_selection_assignments().get(with_total=True, limit=1).execute().body.total == 3

    # the store's catalog: hat's selection is inactive; of the jacket only the selected SKUs
    skus = [p.sku for p in outlet.variant_projections().get(limit=50).execute().body.results]
    assert skus == ["jacket-1", "jacket-3", "coat-1", "coat-2", "coat-3"]
    with pytest.raises(errors.NotFoundError):
        outlet.variant_projections().with_key("jacket-v2").get().execute()
    with pytest.raises(errors.NotFoundError):
        outlet.variant_projections().with_key("hat-v1").get().execute()
    assert api.variant_projections().get().execute().body.total == 9
