"""Base consumer that knows which municipality a websocket connection belongs to."""
from typing import Callable

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .scope import host_from_scope

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
    """Closes connections that do not come to a municipality's host."""

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
