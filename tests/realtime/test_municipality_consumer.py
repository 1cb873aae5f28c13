"""A websocket connection belongs to the municipality whose host it came to."""
import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from realtime.consumers import MunicipalityConsumer
from realtime.groups import group_name

# Channels runs the consumer in another thread: a transactional test with the migrated
# data (Wagtail root page, locale) restored after the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class EchoMunicipalityConsumer(MunicipalityConsumer):
    async def connect(self):
        await super().connect()
        if self.municipality is not None:
            await self.send_json({"municipality": self.municipality.name})


async def _connect(host: str):
    communicator = WebsocketCommunicator(EchoMunicipalityConsumer.as_asgi(), "/ws/test/",
                                         headers=[(b"host", host.encode())])
    connected, code = await communicator.connect()
    message = await communicator.receive_json_from() if connected else None
    await communicator.disconnect()
    return connected, code, message


class MunicipalityConsumerTests:
    def test_connection_on_a_municipality_host_knows_its_municipality(self, overkalix):
        connected, _, message = async_to_sync(_connect)("overkalix.localhost:8000")
        assert connected
        assert message == {"municipality": "Överkalix"}

    def test_connection_on_an_unknown_host_is_closed(self, overkalix):
        connected, code, _ = async_to_sync(_connect)("elsewhere.example.org")
        assert not connected
        assert code == 4404

    def test_group_names_follow_the_app_topic_id_pattern(self):
        assert group_name("sot_points", "status", 12) == "sot_points.status.12"
