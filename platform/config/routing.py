"""Websocket routes of every app, collected at the top layer (domain apps add theirs here)."""
websocket_urlpatterns: list = []
