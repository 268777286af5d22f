"""FastAPI recipe: the shopper's tokens in a server-side session (starsessions), one CtpClient per worker.

    pip install ctp-sdk fastapi starsessions[redis] uvicorn
    CTP_PROJECT_KEY=... (the CTP_* variables) uvicorn --workers 4 --factory fastapi_shop:create_app

Why not Starlette's own `SessionMiddleware`: it keeps the session in a signed, base64-encoded JSON cookie
that the shopper can read, so the access and refresh tokens (a refresh token lives up to 200 days) would sit
in the browser. starsessions gives Starlette a server-side store behind the same `request.session`; the
cookie carries only a random session id. `InMemoryStore` is per process (one worker, or tests); with
several workers use `RedisStore`, which every worker shares.

The endpoints are plain `def`: the SDK is synchronous, so FastAPI runs them in its thread pool and the
event loop never blocks on commercetools.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from ctp_auth import InvalidCustomerCredentialsError
from ctp_per_process import ClientPerProcess
from fastapi import FastAPI, HTTPException, Request, Response
from pydantic import BaseModel
from shop import add_to_cart, current_cart, place_order, sign_in, sign_out
from starsessions import InMemoryStore, SessionAutoloadMiddleware, SessionMiddleware, regenerate_session_id
from starsessions.stores.base import SessionStore


class LineItem(BaseModel):
    sku: str
    quantity: int = 1


class Credentials(BaseModel):
    email: str
    password: str


def create_app(store: SessionStore | None = None) -> FastAPI:
    clients = ClientPerProcess()  # created in each worker on its first request, not at import

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        clients.close()

    app = FastAPI(lifespan=lifespan)
    app.state.ctp = clients
    app.add_middleware(SessionAutoloadMiddleware)
    # Added last, so it runs first: the session is loaded before the autoload middleware reads it.
    app.add_middleware(
        SessionMiddleware, store=store or InMemoryStore(), lifetime=30 * 24 * 3600, cookie_https_only=True
    )

    @app.post("/cart/items")
    def add_item(item: LineItem, request: Request) -> dict[str, Any]:
        return add_to_cart(clients.get(), request.session, item.sku, item.quantity)

    @app.get("/cart")
    def show_cart(request: Request) -> dict[str, Any]:
        cart = current_cart(clients.get(), request.session)
        if cart is None:
            raise HTTPException(404, "no cart")
        return cart

    @app.post("/sign-in")
    def do_sign_in(credentials: Credentials, request: Request) -> dict[str, Any]:
        try:
            signed_in = sign_in(clients.get(), request.session, credentials.email, credentials.password)
        except InvalidCustomerCredentialsError:
            raise HTTPException(401, "wrong email or password") from None
        regenerate_session_id(request)  # a new session id on sign-in: no session fixation
        return signed_in

    @app.post("/sign-out", status_code=204)
    def do_sign_out(request: Request) -> Response:
        sign_out(clients.get(), request.session)
        return Response(status_code=204)

    @app.post("/orders", status_code=201)
    def order(request: Request) -> dict[str, Any]:
        placed = place_order(clients.get(), request.session)
        if placed is None:
            raise HTTPException(404, "no cart")
        return placed

    return app
