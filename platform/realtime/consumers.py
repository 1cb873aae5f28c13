"""Base consumer that knows which municipality a websocket connection belongs to, and parses
what clients send so that no frame can crash a consumer."""
import json
from typing import Callable

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .scope import host_from_scope

# What a consumer answers to a frame it cannot take. Clients ignore message types they do not know.
INVALID_FRAME = {"type": "error", "error": "invalid_frame"}

# Set by the municipalities app at start-up: host name -> Municipality or None.
_municipality_resolver: Callable[[str], object] | None = None


def register_municipality_resolver(resolver: Callable[[str], object]) -> None:
    global _municipality_resolver
    _municipality_resolver = resolver


async def municipality_from_scope(scope: dict):
    if _municipality_resolver is None:
        return None
    return await database_sync_to_async(_municipality_resolver)(host_from_scope(scope))


class MunicipalityConsumer(AsyncJsonWebsocketConsumer):
    """Closes connections that do not come to a municipality's host.

    Subclasses get only JSON objects in `receive_json`. Anyone can open a socket and send anything:
    Channels' own `receive` raises on a binary, empty or non-JSON frame ("Exception in ASGI
    application", the socket dropped), so frames are checked here, once for every consumer, and a bad
    one is answered with an error frame while the connection stays open.
    """

    # Our clients send small control messages; a larger frame is refused before it is parsed.
    max_frame_chars = 4096

    async def connect(self):
        self.municipality = await municipality_from_scope(self.scope)
        if self.municipality is None:
            await self.close(code=4404)
            return
        await self.join()
        await self.accept()
        await self.joined()

    async def join(self):
        """Before the socket is accepted: join groups, so no message sent after `accept` is missed."""

    async def joined(self):
        """After the socket is accepted: send what the client should start from."""

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        content = self._parse_frame(text_data)
        if content is None:
            await self.send_json(INVALID_FRAME)
            return
        await self.receive_json(content, **kwargs)

    def _parse_frame(self, text_data) -> dict | None:
        """The frame as a JSON object, or None when it is binary, empty, too large or not an object."""
        if not text_data or len(text_data) > self.max_frame_chars:
            return None
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):  # not JSON; or nested deeper than the parser recurses
            return None
        if not isinstance(content, dict):
            return None
        return content
