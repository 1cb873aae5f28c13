"""Websocket routes of every app, collected at the top layer (domain apps add theirs here)."""
from django.urls import path

from sot_points.consumers import SotStatusConsumer

websocket_urlpatterns: list = [
    path("ws/sot/", SotStatusConsumer.as_asgi()),
]
