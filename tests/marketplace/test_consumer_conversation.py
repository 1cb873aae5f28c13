"""Live conversations through the real ASGI application (Origin check, session cookie, routing): only the
thread's participants connect and receive; a message posted over HTTP by one side reaches the other's
open page; a member removed from the company stops receiving at once."""
from decimal import Decimal

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.urls import reverse

from marketplace.models import Conversation, Message
from tests.factories.marketplace_h4 import add_company_member, answer, trade_world

# Channels runs the consumer in another thread: a transactional test with the migrated data restored.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOST = "overkalix.localhost"


def _application():
    from config.asgi import application

    return application


def _session_cookie(user, host: str = HOST) -> str:
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _socket(path: str, *, cookie: str | None, host: str = HOST, origin: str | None = None) -> WebsocketCommunicator:
    headers = [(b"host", host.encode()), (b"origin", (origin or f"http://{host}").encode())]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return WebsocketCommunicator(_application(), path, headers=headers)


def _thread_path(conversation) -> str:
    return f"/ws/marknadsplats/konversation/{conversation.pk}/"


@pytest.fixture
def world(overkalix):
    world = trade_world(overkalix)
    answer(world, price_amount=Decimal("45000"))
    world.conversation = Conversation.objects.get()
    return world


class ConversationSocketTests:
    def test_a_participant_receives_a_message_the_other_side_posts_over_http(self, world):
        buyer_cookie = _session_cookie(world.buyer)
        supplier = Client(HTTP_HOST=HOST)
        supplier.force_login(world.supplier_member)
        url = reverse("marketplace_conversations:conversation-detail", args=[world.conversation.pk])

        async def scenario():
            page = _socket(_thread_path(world.conversation), cookie=buyer_cookie)
            connected, _ = await page.connect()
            assert connected
            response = await sync_to_async(supplier.post)(url, {"body": "Vi kan börja på måndag."})
            assert response.status_code == 302
            arrived = await page.receive_json_from(timeout=5)
            await page.disconnect()
            return arrived

        arrived = async_to_sync(scenario)()
        assert arrived["type"] == "message"
        assert arrived["message"]["body"] == "Vi kan börja på måndag."
        assert arrived["message"]["author"] == "Snöröjning i Lansjärv AB"

    def test_a_third_companys_member_cannot_connect_and_receives_nothing(self, world):
        third_cookie = _session_cookie(world.third_member)
        supplier = Client(HTTP_HOST=HOST)
        supplier.force_login(world.supplier_member)
        url = reverse("marketplace_conversations:conversation-detail", args=[world.conversation.pk])

        async def scenario():
            page = _socket(_thread_path(world.conversation), cookie=third_cookie)
            refused = await page.connect()
            badge = _socket("/ws/marknadsplats/olasta/", cookie=third_cookie)  # their own count: allowed
            assert (await badge.connect())[0]
            start = await badge.receive_json_from(timeout=5)
            await sync_to_async(supplier.post)(url, {"body": "Pris: 45 000 kr"})
            nothing = await badge.receive_nothing(timeout=1)
            await badge.disconnect()
            return refused, start, nothing

        refused, start, nothing = async_to_sync(scenario)()
        assert refused == (False, 4403)
        assert start == {"type": "unread", "count": 0}
        assert nothing  # the thread's new message is not counted, nor shown, to the third company

    def test_signed_out_visitors_and_other_origins_cannot_connect(self, world):
        buyer_cookie = _session_cookie(world.buyer)

        async def scenario():
            anonymous = _socket(_thread_path(world.conversation), cookie=None)
            elsewhere = _socket(_thread_path(world.conversation), cookie=buyer_cookie, origin="https://evil.example.org")
            return await anonymous.connect(), (await elsewhere.connect())[0]

        (anonymous_connected, anonymous_code), elsewhere_connected = async_to_sync(scenario)()
        assert (anonymous_connected, anonymous_code) == (False, 4403)
        assert elsewhere_connected is False

    def test_another_municipalitys_host_does_not_open_the_thread(self, world, asele):
        buyer_cookie = _session_cookie(world.buyer, host="asele.localhost")

        async def scenario():
            page = _socket(_thread_path(world.conversation), cookie=buyer_cookie, host="asele.localhost")
            return await page.connect()

        assert async_to_sync(scenario)() == (False, 4403)

    def test_a_member_removed_from_the_company_stops_receiving(self, world):
        colleague = add_company_member(world.supplier, "kollega@lansjarv.example.org")
        colleague_cookie = _session_cookie(colleague)
        buyer = Client(HTTP_HOST=HOST)
        buyer.force_login(world.buyer)
        url = reverse("marketplace_conversations:conversation-detail", args=[world.conversation.pk])

        async def scenario():
            page = _socket(_thread_path(world.conversation), cookie=colleague_cookie)
            connected, _ = await page.connect()
            assert connected
            await database_sync_to_async(world.supplier.members.filter(user=colleague).delete)()
            await sync_to_async(buyer.post)(url, {"body": "Hemligt pris: 40 000 kr"})
            output = await page.receive_output(timeout=5)
            return output

        output = async_to_sync(scenario)()
        assert output["type"] == "websocket.close"
        assert output["code"] == 4403
        assert "Hemligt" not in str(output)

    def test_a_message_sent_over_the_socket_is_stored_and_reaches_the_other_side(self, world):
        buyer_cookie, supplier_cookie = _session_cookie(world.buyer), _session_cookie(world.supplier_member)

        async def scenario():
            buyer_page = _socket(_thread_path(world.conversation), cookie=buyer_cookie)
            supplier_page = _socket(_thread_path(world.conversation), cookie=supplier_cookie)
            assert (await buyer_page.connect())[0]
            assert (await supplier_page.connect())[0]
            await supplier_page.send_json_to({"type": "message", "body": "Skickat live"})
            to_buyer = await buyer_page.receive_json_from(timeout=5)
            echo = await supplier_page.receive_json_from(timeout=5)
            await supplier_page.send_json_to({"type": "message", "body": "   "})
            refused = await supplier_page.receive_json_from(timeout=5)
            await buyer_page.disconnect()
            await supplier_page.disconnect()
            return to_buyer, echo, refused

        to_buyer, echo, refused = async_to_sync(scenario)()
        assert to_buyer["message"]["body"] == echo["message"]["body"] == "Skickat live"
        assert refused == {"type": "error", "error": "invalid", "messages": ["Skriv ett meddelande innan du skickar."]}
        assert Message.objects.filter(body="Skickat live", author=world.supplier_member).exists()


class UnreadSocketTests:
    def test_the_unread_count_follows_new_messages_and_reading(self, world):
        buyer_cookie = _session_cookie(world.buyer)
        supplier = Client(HTTP_HOST=HOST)
        supplier.force_login(world.supplier_member)
        buyer = Client(HTTP_HOST=HOST)
        buyer.force_login(world.buyer)
        url = reverse("marketplace_conversations:conversation-detail", args=[world.conversation.pk])

        async def scenario():
            badge = _socket("/ws/marknadsplats/olasta/", cookie=buyer_cookie)
            assert (await badge.connect())[0]
            start = await badge.receive_json_from(timeout=5)
            await sync_to_async(supplier.post)(url, {"body": "Ett till"})
            after_post = await badge.receive_json_from(timeout=5)
            await sync_to_async(buyer.get)(url)
            after_read = await badge.receive_json_from(timeout=5)
            await badge.disconnect()
            return start, after_post, after_read

        start, after_post, after_read = async_to_sync(scenario)()
        assert start == {"type": "unread", "count": 1}
        assert after_post == {"type": "unread", "count": 2}
        assert after_read == {"type": "unread", "count": 0}

    def test_signed_out_visitors_get_no_count(self, world):
        async def scenario():
            return await _socket("/ws/marknadsplats/olasta/", cookie=None).connect()

        assert async_to_sync(scenario)() == (False, 4403)
