"""Residents' open SOT pages listen here for status changes of their municipality's points."""
from channels.db import database_sync_to_async

from realtime.consumers import MunicipalityConsumer
from realtime.groups import group_name


def status_group(municipality_id: int) -> str:
    return group_name("sot_points", "status", municipality_id)


class SotStatusConsumer(MunicipalityConsumer):
    """Read-only: on connecting the client gets the current `state`, then every `point` and
    `disruption` change (sot_points.live_state); clients send nothing."""

    async def join(self):
        self.group = status_group(self.municipality.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)

    async def joined(self):
        # Joined first, then read: a change committed meanwhile is in the state or in a message after it.
        from sot_points.live_state import state_text

        await self.send(text_data=await database_sync_to_async(state_text)(self.municipality.pk))

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        pass  # nothing to receive; a host changes status through the authenticated form

    async def sot_text(self, event):
        await self.send(text_data=event["text"])
