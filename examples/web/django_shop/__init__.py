"""Django recipe: the shopper's tokens in Django's database-backed session, one CtpClient per worker.

    pip install ctp-sdk django gunicorn
    DJANGO_SETTINGS_MODULE=django_shop.settings django-admin migrate      # creates the session table
    CTP_PROJECT_KEY=... (the CTP_* variables) gunicorn -w 4 django_shop.wsgi

Django's default session engine keeps the data on the server (`django.contrib.sessions.backends.db`; the
`cache` or `cached_db` engines work too, with a cache every worker shares); the cookie holds only a session
key. Do NOT use `signed_cookies`: that engine puts the session, and with it the shopper's access and refresh
tokens, into a cookie the shopper can read (signed, not encrypted).
"""
