"""Settings for the Django recipe: only what the shop needs (sessions in the database, JSON serialized)."""

from __future__ import annotations

import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")  # required: Django refuses to sign anything without it
DEBUG = False
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")
ROOT_URLCONF = "django_shop.urls"
WSGI_APPLICATION = "django_shop.wsgi.application"
INSTALLED_APPS = ["django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DJANGO_SHOP_DB", "django_shop.sqlite3"),
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # server-side; never "signed_cookies" (see __init__)
SESSION_SERIALIZER = "django.contrib.sessions.serializers.JSONSerializer"  # ctp-auth's values are JSON-safe
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 30 * 24 * 3600
USE_TZ = True
