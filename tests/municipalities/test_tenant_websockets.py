"""The tenant walk for websockets: every websocket route, opened through the real ASGI application as staff
(editor, moderator) of A and as a member of A's company, on A's host and on B's, with parameters pointing at
B's objects. No socket on one of B's objects opens, and no frame any socket sends carries B's marker. A new
route must be listed here, so none slips past unwalked."""
import json

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff

from .tenant_walk import A_HOST, MARKER, build_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

B_HOST = "asele.localhost"
# Route -> the object of B its `pk` names.
OBJECT_ROUTES = {
    "ws/marknadsplats/konversation/<int:pk>/": "marketplace_conversation",
    "ws/marknadsplats/svar/<int:pk>/": "call",
}
# Routes without an object: what they send, and why opening them is no leak.
OWN_ROUTES = {
    "ws/sot/": "the public live SOT state of the host's municipality (walked on A's host: no B data)",
    "ws/marknadsplats/olasta/": "the signed-in user's own unread count (walked: A's people get theirs only)",
}


def _routes() -> list[str]:
    from config.routing import websocket_urlpatterns

    return [str(pattern.pattern) for pattern in websocket_urlpatterns]


def _cookie(user, host: str) -> str:
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


async def _open(path: str, host: str, cookie: str) -> tuple[bool, list[str]]:
    from config.asgi import application

    headers = [(b"host", host.encode()), (b"origin", f"http://{host}".encode()),
               (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode())]
    socket = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await socket.connect(timeout=5)
    frames = []
    if connected:
        while not await socket.receive_nothing(timeout=0.3):
            frames.append(json.dumps(await socket.receive_json_from(), ensure_ascii=False))
        await socket.disconnect()
    return connected, frames


@pytest.fixture
def world(db):
    world = build_world()
    member_a = make_user("medlem.a@example.org")
    make_company(world.a, owner=member_a, published=True, legal_name="A-bolaget AB", org_number="556412-3403")
    world.walkers = {"editor": make_staff(world.a, Role.EDITOR), "moderator": make_staff(world.a, Role.MODERATOR),
                     "member": member_a}
    return world


class WebsocketTenantTests:
    def test_every_websocket_route_is_walked(self):
        assert set(_routes()) == set(OBJECT_ROUTES) | set(OWN_ROUTES)

    def test_no_socket_opens_on_bs_objects_and_no_frame_shows_bs_data(self, world):
        violations = []
        for role, user in world.walkers.items():
            for host in (A_HOST, B_HOST):
                cookie = _cookie(user, host)
                for route in _routes():
                    key = OBJECT_ROUTES.get(route)
                    if key is None and host == B_HOST:
                        continue  # a route without an object on B's own host serves B's public data by design
                    path = "/" + route.replace("<int:pk>", str(world.b_objects[key].pk)) if key else "/" + route
                    connected, frames = async_to_sync(_open)(path, host, cookie)
                    if key and connected:
                        violations.append(f"{role} opened {path} on {host}")
                    violations += [f"{role} got B's data from {path} on {host}: {frame[:120]}"
                                   for frame in frames if MARKER in frame]
        assert violations == []

    def test_the_walk_catches_a_socket_that_opens_for_anyone(self, world, monkeypatch):
        """Negative test: with the participation check switched off, the walk reports B's thread."""
        from marketplace import conversation_selectors

        monkeypatch.setattr(conversation_selectors, "can_view_conversation", lambda user, conversation: True)
        cookie = _cookie(world.walkers["editor"], B_HOST)
        path = f"/ws/marknadsplats/konversation/{world.b_objects['marketplace_conversation'].pk}/"
        connected, _frames = async_to_sync(_open)(path, B_HOST, cookie)
        assert connected
