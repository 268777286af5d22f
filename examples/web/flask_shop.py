"""Flask recipe: the shopper's tokens in a server-side session (Flask-Session), one CtpClient per worker.

    pip install ctp-sdk flask flask-session
    CTP_PROJECT_KEY=... CTP_CLIENT_ID=... (the CTP_* variables) gunicorn -w 4 'flask_shop:create_app()'

Why not Flask's own session: it is a *signed*, not encrypted, cookie. Signing stops the shopper from
changing it, not from reading it, so the guest's or customer's access and refresh tokens would be handed to
the browser (and to anything that reads its cookies) - a refresh token stays valid for up to 200 days.
Flask-Session keeps the session data on the server; the cookie carries only a random session id. Its
`cachelib` backend with a `FileSystemCache` is shared by the workers of one machine; use its Redis backend
(`SESSION_TYPE="redis"`) when workers run on several machines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cachelib import FileSystemCache
from ctp_auth import InvalidCustomerCredentialsError
from ctp_per_process import ClientPerProcess
from flask import Flask, jsonify, request, session
from flask.typing import ResponseReturnValue
from flask_session import Session
from flask_session.base import ServerSideSessionInterface
from shop import add_to_cart, current_cart, place_order, sign_in, sign_out


def create_app(session_dir: str | Path | None = None, **config: Any) -> Flask:
    """The shop; sessions are files under `session_dir` (default: the app's instance folder, not /tmp,
    which other local users can reach), readable by this user only."""
    app = Flask(__name__)
    app.config.update(
        SESSION_TYPE="cachelib",
        SESSION_CACHELIB=FileSystemCache(
            str(session_dir or Path(app.instance_path) / "sessions"), threshold=100_000, mode=0o600
        ),
        SESSION_SERIALIZATION_FORMAT="json",  # ctp-auth keeps JSON-safe values only
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=30 * 24 * 3600,
        SESSION_PERMANENT=True,
    )
    app.config.update(config)
    Session(app)
    server_sessions = app.session_interface
    if not isinstance(server_sessions, ServerSideSessionInterface):
        raise RuntimeError("Flask-Session did not install its server-side session interface")
    clients = ClientPerProcess()  # created in each worker on its first request, not here
    app.extensions["ctp"] = clients

    @app.post("/cart/items")
    def add_item() -> ResponseReturnValue:
        body = request.get_json()
        return jsonify(add_to_cart(clients.get(), session, body["sku"], int(body.get("quantity", 1))))

    @app.get("/cart")
    def show_cart() -> ResponseReturnValue:
        cart = current_cart(clients.get(), session)
        return (jsonify(cart), 200) if cart is not None else (jsonify(error="no cart"), 404)

    @app.post("/sign-in")
    def do_sign_in() -> ResponseReturnValue:
        body = request.get_json()
        try:
            signed_in = sign_in(clients.get(), session, body["email"], body["password"])
        except InvalidCustomerCredentialsError:
            return jsonify(error="wrong email or password"), 401
        server_sessions.regenerate(session)  # a new session id on sign-in: no session fixation
        return jsonify(signed_in)

    @app.post("/sign-out")
    def do_sign_out() -> ResponseReturnValue:
        sign_out(clients.get(), session)
        return "", 204

    @app.post("/orders")
    def order() -> ResponseReturnValue:
        placed = place_order(clients.get(), session)
        return (jsonify(placed), 201) if placed is not None else (jsonify(error="no cart"), 404)

    return app
