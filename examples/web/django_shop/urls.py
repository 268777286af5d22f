from __future__ import annotations

from django.urls import path

from django_shop import views

urlpatterns = [
    path("cart", views.show_cart),
    path("cart/items", views.add_item),
    path("sign-in", views.do_sign_in),
    path("sign-out", views.do_sign_out),
    path("orders", views.order),
]
