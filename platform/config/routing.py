"""Websocket routes of every app, collected at the top layer (domain apps add theirs here)."""
from django.urls import path

from marketplace.consumers import ConversationMessageConsumer, UnreadCountConsumer
from sot_points.consumers import SotStatusConsumer

websocket_urlpatterns: list = [
    path("ws/sot/", SotStatusConsumer.as_asgi()),
    path("ws/marknadsplats/konversation/<int:pk>/", ConversationMessageConsumer.as_asgi()),
    path("ws/marknadsplats/olasta/", UnreadCountConsumer.as_asgi()),
]
