"""Image upload to a product variant (`POST /products/{ID}/images`, body: the image).

The image is not kept anywhere: the variant gets an `Image` with an invented URL on an `.invalid`
host and the dimensions read from the file's header (JPEG, PNG, GIF); other content is 400.
"""

from __future__ import annotations

import copy
import struct
import uuid
from typing import Any

from . import _spec
from ._catalog import after_product_change, find_variant, product_targets
from ._context import Ctx
from ._errors import invalid_input
from ._resources import load, touch, view
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


@route("ByProjectKeyProductsByIDImagesPost")
def _upload(ctx: Ctx) -> tuple[int, Any]:
    data = ctx.body
    if not isinstance(data, bytes) or not data:
        raise invalid_input("The request body must be the image (Content-Type image/...).")
    width, height = dimensions(data)
    product = copy.deepcopy(load(ctx, _spec.families()["products"]))
    filename = ctx.q("filename") or "image"
    image = {
        "url": f"https://images.ctp-testing.invalid/{uuid.uuid4().hex}-{filename}",
        "dimensions": {"w": width, "h": height},
    }
    sku = ctx.q("sku")
    ident: dict[str, Any] = {"sku": sku} if sku is not None else {"variantId": ctx.q_int("variant", 1)}
    for variant_data in product_targets(product, {"staged": ctx.q("staged") != "false"}):
        find_variant(variant_data, ident).setdefault("images", []).append(dict(image))
    after_product_change(product)
    touch(ctx, product)
    ctx.store.put("product", product)
    return 200, view(ctx, product)
