"""Open pages get a host's status change over the websocket, for their own municipality only."""
import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from sot_points import services
from sot_points.consumers import SotStatusConsumer
from tests.factories.accounts import make_user
from tests.factories.sot_points import make_point

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


async def _connect(host: str) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(SotStatusConsumer.as_asgi(), "/ws/sot/", headers=[(b"host", host.encode())])
    connected, _ = await communicator.connect()
    assert connected
    return communicator


def test_status_change_reaches_residents_of_the_municipality_only(overkalix, asele):
    host = make_user("vard.lansjarv@example.org")
    point = make_point(overkalix, hosts=[host])

    async def scenario():
        resident = await _connect("overkalix.localhost")
        elsewhere = await _connect("asele.localhost")
        from channels.db import database_sync_to_async

        await database_sync_to_async(services.point_status_update)(
            actor=host, point=point, status="open", available_now=["reserve_power", "warm_room"], places_free=12)
        message = await resident.receive_json_from(timeout=5)
        assert await elsewhere.receive_nothing(timeout=0.5)
        await resident.disconnect()
        await elsewhere.disconnect()
        return message

    message = async_to_sync(scenario)()
    assert message["type"] == "point"
    assert message["point"]["id"] == point.slug
    assert message["point"]["status_label"] == "Öppen"
    assert message["point"]["places_free"] == 12 and message["point"]["places_total"] == 30
