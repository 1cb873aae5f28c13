"""A websocket connection belongs to the municipality whose host it came to."""
import json

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


class EchoJsonConsumer(MunicipalityConsumer):
    async def receive_json(self, content, **kwargs):
        await self.send_json({"echo": content})


async def _send_frames(*frames: dict) -> list:
    """Send each frame ({"text": ...} or {"bytes": ...}, as the server hands it over) and collect the answers."""
    communicator = WebsocketCommunicator(EchoJsonConsumer.as_asgi(), "/ws/test/",
                                         headers=[(b"host", b"overkalix.localhost")])
    connected, _ = await communicator.connect()
    assert connected
    answers = []
    for frame in frames:
        await communicator.send_input({"type": "websocket.receive", **frame})
        answers.append(await communicator.receive_json_from(timeout=5))
    await communicator.disconnect()
    return answers


class MalformedFrameTests:
    """Whatever a client sends, the connection answers with an error frame and stays usable: a frame that
    is not a JSON object never reaches `receive_json` and never raises in the ASGI application."""

    def test_a_frame_that_is_not_json_gets_an_error_frame_and_the_connection_goes_on(self, overkalix):
        answers = async_to_sync(_send_frames)({"text": "hej{"}, {"text": '{"ok": 1}'})
        assert answers == [{"type": "error", "error": "invalid_frame"}, {"echo": {"ok": 1}}]

    def test_json_that_is_not_an_object_is_refused(self, overkalix):
        frames = [{"text": text} for text in ("[1, 2]", '"text"', "42", "null", "", "[" * 2000 + "]" * 2000)]
        answers = async_to_sync(_send_frames)(*frames)
        assert answers == [{"type": "error", "error": "invalid_frame"}] * len(frames)

    def test_a_binary_frame_is_refused(self, overkalix):
        answers = async_to_sync(_send_frames)({"bytes": b"\x00\xff"})
        assert answers == [{"type": "error", "error": "invalid_frame"}]

    def test_an_oversized_frame_is_refused_even_when_it_is_a_json_object(self, overkalix):
        big = json.dumps({"text": "x" * MunicipalityConsumer.max_frame_chars})
        answers = async_to_sync(_send_frames)({"text": big}, {"text": '{"ok": 1}'})
        assert answers == [{"type": "error", "error": "invalid_frame"}, {"echo": {"ok": 1}}]
