"""Open pages get a host's status change over the websocket, for their own municipality only, and
start from the current state whenever they (re)connect."""
import re

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from municipalities.models import Role
from sot_points import services
from sot_points.consumers import SotStatusConsumer
from tests.factories.accounts import make_user
from tests.factories.municipalities import make_staff
from tests.factories.sot_points import make_point

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


async def _connect(host: str) -> tuple[WebsocketCommunicator, dict]:
    """A connected page and the state it was sent on connecting."""
    communicator = WebsocketCommunicator(SotStatusConsumer.as_asgi(), "/ws/sot/", headers=[(b"host", host.encode())])
    connected, _ = await communicator.connect()
    assert connected
    state = await communicator.receive_json_from(timeout=5)
    assert state["type"] == "state"
    return communicator, state


def _page_stamp(client, host: str, path: str = "/sot/") -> str:
    page = client.get(path, HTTP_HOST=host).content.decode()
    return re.search(r'data-sot-stamp="([^"]+)"', page).group(1)


def _staff(municipality):
    return make_staff(municipality, Role.EDITOR, email=f"redaktor.{municipality.slug}@example.org")


def test_status_change_reaches_residents_of_the_municipality_only(overkalix, asele):
    host = make_user("vard.lansjarv@example.org")
    point = make_point(overkalix, hosts=[host])

    async def scenario():
        resident, _state = await _connect("overkalix.localhost")
        elsewhere, _state = await _connect("asele.localhost")
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
    assert message["point"]["places_free"] == 12
    assert message["point"]["places_total"] == 30


def test_a_page_that_connects_late_starts_from_the_current_state(overkalix, asele):
    """A page from the page cache, or one whose socket dropped, must not miss what changed meanwhile."""
    host = make_user("vard.lansjarv@example.org")
    point = make_point(overkalix, hosts=[host])
    make_point(asele, name="Affären i Fredrika")

    async def scenario():
        first, before = await _connect("overkalix.localhost")  # fills the cached state
        await first.disconnect()
        await database_sync_to_async(services.point_status_update)(
            actor=host, point=point, status="limited", available_now=["warm_room"], places_free=3,
            message="Bara värmestugan är öppen")
        again, after = await _connect("overkalix.localhost")  # the page reconnects after the change
        await again.disconnect()
        return before, after

    before, after = async_to_sync(scenario)()
    assert [p["id"] for p in after["points"]] == [point.slug]  # only its own municipality's points
    assert before["points"][0]["status"] != "limited"
    shown = after["points"][0]
    assert (shown["status_label"], shown["places_free"], shown["message"]) == (
        "Begränsad", 3, "Bara värmestugan är öppen")
    assert shown["changed_at"] is not None


def test_a_declared_disruption_tells_open_pages_to_load_the_page_made_after_it(client, overkalix):
    make_point(overkalix)
    staff = _staff(overkalix)
    stamp_before = _page_stamp(client, "overkalix.localhost")

    async def scenario():
        resident, state = await _connect("overkalix.localhost")
        await database_sync_to_async(services.disruption_declare)(
            actor=staff, municipality=overkalix, kind="storm", title="Storm i Överkalix",
            message="Stora delar av kommunen saknar ström.")
        message = await resident.receive_json_from(timeout=5)
        await resident.disconnect()
        late, late_state = await _connect("overkalix.localhost")
        await late.disconnect()
        return state, message, late_state

    state, message, late_state = async_to_sync(scenario)()
    assert state["stamp"] == stamp_before  # nothing changed yet: the page stays
    assert message["type"] == "disruption"
    assert message["disruption"]["title"] == "Storm i Överkalix"
    assert message["stamp"] != stamp_before
    # A page made after the declaration carries the new stamp, so it does not reload again...
    assert _page_stamp(client, "overkalix.localhost", f"/sot/?storning={message['stamp']}") == message["stamp"]
    # ...and a page connecting later is told the same stamp in its state.
    assert late_state["stamp"] == message["stamp"]


def test_a_page_that_sends_garbage_gets_an_error_frame_and_still_receives_changes(overkalix):
    """Clients send nothing; whatever one sends anyway must not crash the consumer or drop the socket."""
    host = make_user("vard.lansjarv@example.org")
    point = make_point(overkalix, hosts=[host])

    async def scenario():
        resident, _state = await _connect("overkalix.localhost")
        await resident.send_to(text_data="inte json")
        error = await resident.receive_json_from(timeout=5)
        await resident.send_to(bytes_data=b"\x00\x01")
        binary_error = await resident.receive_json_from(timeout=5)
        await database_sync_to_async(services.point_status_update)(
            actor=host, point=point, status="open", available_now=["warm_room"], places_free=5)
        message = await resident.receive_json_from(timeout=5)
        await resident.disconnect()
        return error, binary_error, message

    error, binary_error, message = async_to_sync(scenario)()
    assert error == binary_error == {"type": "error", "error": "invalid_frame"}
    assert message["type"] == "point"
    assert message["point"]["id"] == point.slug
