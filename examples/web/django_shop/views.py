"""The shop's endpoints. `request.session` is Django's server-side session; ctp-auth reads and writes its
token entry there (always replacing the value whole, so Django notices the change and saves it)."""

from __future__ import annotations

import json
from typing import Any

from ctp_auth import InvalidCustomerCredentialsError
from ctp_per_process import ClientPerProcess
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_POST
from shop import add_to_cart, current_cart, place_order, sign_in, sign_out

# Module state is per process: each gunicorn worker creates its client on its first request.
clients = ClientPerProcess()


def _json(request: HttpRequest) -> dict[str, Any]:
    body = json.loads(request.body or b"{}")
    return body if isinstance(body, dict) else {}


@require_POST
def add_item(request: HttpRequest) -> HttpResponse:
    body = _json(request)
    return JsonResponse(add_to_cart(clients.get(), request.session, body["sku"], int(body.get("quantity", 1))))


@require_GET
def show_cart(request: HttpRequest) -> HttpResponse:
    cart = current_cart(clients.get(), request.session)
    return JsonResponse(cart) if cart is not None else JsonResponse({"error": "no cart"}, status=404)


@require_POST
def do_sign_in(request: HttpRequest) -> HttpResponse:
    body = _json(request)
    try:
        signed_in = sign_in(clients.get(), request.session, body["email"], body["password"])
    except InvalidCustomerCredentialsError:
        return JsonResponse({"error": "wrong email or password"}, status=401)
    request.session.cycle_key()  # a new session key on sign-in, data kept: no session fixation
    return JsonResponse(signed_in)


@require_POST
def do_sign_out(request: HttpRequest) -> HttpResponse:
    sign_out(clients.get(), request.session)
    return HttpResponse(status=204)


@require_POST
def order(request: HttpRequest) -> HttpResponse:
    placed = place_order(clients.get(), request.session)
    return JsonResponse(placed, status=201) if placed is not None else JsonResponse({"error": "no cart"}, status=404)
