"""Residents' open SOT pages listen here for status changes of their municipality's points."""
from realtime.consumers import MunicipalityConsumer
from realtime.groups import group_name


def status_group(municipality_id: int) -> str:
    return group_name("sot_points", "status", municipality_id)


class SotStatusConsumer(MunicipalityConsumer):
    """Read-only: the server pushes `point` and `disruption` messages; clients send nothing."""

    async def connect(self):
        await super().connect()
        if getattr(self, "municipality", None) is not None:
            self.group = status_group(self.municipality.pk)
            await self.channel_layer.group_add(self.group, self.channel_name)

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        pass  # nothing to receive; a host changes status through the authenticated form

    async def sot_point(self, event):
        await self.send_json({"type": "point", "point": event["point"]})

    async def sot_disruption(self, event):
        await self.send_json({"type": "disruption", "disruption": event["disruption"]})
