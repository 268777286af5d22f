"""Image uploads (body: the image): to a product variant (`POST /products/{ID}/images`), and the
same upload to a standalone Variant (`_variants`) and to a Product Tailoring (`_tailoring`).

The image is not kept anywhere: the variant gets an `Image` with an invented URL on an `.invalid`
host and the dimensions read from the file's header (JPEG, PNG, GIF); other content is 400.
"""

from __future__ import annotations

import copy
import struct
import uuid
from typing import Any

from . import _messages, _spec
from ._actions import apply_update
from ._catalog import after_product_change, find_variant, product_targets
from ._context import Ctx
from ._errors import invalid_input
from ._resources import Resource, load, touch, view
from ._routes import route

_JPEG_FRAMES = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


def dimensions(data: bytes) -> tuple[int, int]:
    """(width, height) of a JPEG, PNG or GIF image; 400 InvalidInput otherwise."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data) and data[i] == 0xFF:
            marker = data[i + 1]
            (length,) = struct.unpack(">H", data[i + 2 : i + 4])
            if marker in _JPEG_FRAMES:
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + int(length)
    raise invalid_input("The uploaded file is not a JPEG, PNG or GIF image.")


UPLOADS = frozenset(
    {
        "ByProjectKeyProductsByIDImagesPost",
        "ByProjectKeyVariantsByIDImagesPost",
        "ByProjectKeyInStoreKeyByStoreKeyProductsByProductIDProductTailoringImagesPost",
        "ByProjectKeyInStoreKeyByStoreKeyProductsKeyByProductKeyProductTailoringImagesPost",
    }
)
"""The operations whose body is the image itself (the backend hands it over as bytes)."""


def uploaded_image(ctx: Ctx) -> dict[str, Any]:
    """The `Image` an upload adds: an invented URL ending in `filename`, the file's dimensions."""
    data = ctx.body
    if not isinstance(data, bytes) or not data:
        raise invalid_input("The request body must be the image (Content-Type image/...).")
    width, height = dimensions(data)
    filename = ctx.q("filename") or "img"
    return {
        "url": f"https://images.ctp-testing.invalid/{uuid.uuid4().hex}-{filename}",
        "dimensions": {"w": width, "h": height},
    }


def variant_ident(ctx: Ctx) -> dict[str, Any]:
    """The variant an upload names: `sku`, else `variant` (its id), else the master variant."""
    sku = ctx.q("sku")
    return {"sku": sku} if sku is not None else {"variantId": ctx.q_int("variant", 1)}


def apply_actions(ctx: Ctx, family: _spec.Family, resource: Resource, actions: list[dict[str, Any]]) -> Resource:
    """Store what these update actions make of `resource` and write their Messages, as POSTing them
    would (checked first: with Messages on, 501 before anything changes if one cannot be derived).
    For endpoints that stand for update actions: an image upload is an `addExternalImage`."""
    if _messages.enabled(ctx):
        _messages.check_derivable(family.type_id, actions)
    updated = apply_update(ctx, family, resource, {"version": resource["version"], "actions": actions})
    ctx.store.put(family.type_id, updated)
    _messages.after_change(ctx, family.type_id, resource, updated, actions)
    return updated


@route("ByProjectKeyProductsByIDImagesPost")
def _upload(ctx: Ctx) -> tuple[int, Any]:
    image = uploaded_image(ctx)
    product = copy.deepcopy(load(ctx, _spec.families()["products"]))
    for variant_data in product_targets(product, {"staged": ctx.q("staged") != "false"}):
        find_variant(variant_data, variant_ident(ctx)).setdefault("images", []).append(dict(image))
    after_product_change(product)
    touch(ctx, product)
    ctx.store.put("product", product)
    return 200, view(ctx, product)
