"""The owner's answers page hears of answers live, through the real ASGI application (Origin check, session
cookie, routing): only the listing owner's own people connect — not a supplier, a third company, the
municipality's moderator or the platform administrator; a new, changed or withdrawn answer reaches the
open page, whose card comes from a fragment only the owner's people may fetch."""
import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.urls import reverse

from marketplace.models import Answer
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.marketplace_h4 import add_company_member, trade_world
from tests.factories.municipalities import make_staff

# Channels runs the consumer in another thread: a transactional test with the migrated data restored.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOST = "overkalix.localhost"


def _session_cookie(user, host: str = HOST) -> str:
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _signed_in(user, host: str = HOST) -> Client:
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client


def _socket(listing, *, cookie: str | None, host: str = HOST) -> WebsocketCommunicator:
    from config.asgi import application

    headers = [(b"host", host.encode()), (b"origin", f"http://{host}".encode())]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return WebsocketCommunicator(application, f"/ws/marknadsplats/svar/{listing.pk}/", headers=headers)


def _connect(listing, user, host: str = HOST):
    cookie = _session_cookie(user, host) if user else None

    async def scenario():
        socket = _socket(listing, cookie=cookie, host=host)
        result = await socket.connect()
        if result[0]:
            await socket.disconnect()
        return result

    return async_to_sync(scenario)()


def _answer_form_post(world, **fields):
    url = reverse("marketplace_conversations:answer-create", args=[world.listing.pk])
    data = {"company": world.supplier.pk, "text": "Vi plogar med traktor.", "price_amount": "45000", **fields}
    return _signed_in(world.supplier_member).post(url, data)


def _card_url(world, answer, event: str = "new") -> str:
    return reverse("marketplace_conversations:answer-card", args=[world.listing.pk, answer.pk]) + f"?handelse={event}"


@pytest.fixture
def world(overkalix):
    return trade_world(overkalix)


class ListingAnswersSocketTests:
    def test_the_owner_hears_of_a_new_answer_and_its_card_says_who_and_for_how_much(self, world):
        owner_cookie = _session_cookie(world.buyer)

        async def scenario():
            page = _socket(world.listing, cookie=owner_cookie)
            connected, _ = await page.connect()
            assert connected
            response = await sync_to_async(_answer_form_post)(world)
            assert response.status_code == 302
            told = await page.receive_json_from(timeout=5)
            await page.disconnect()
            return told

        told = async_to_sync(scenario)()
        answer = Answer.objects.get()
        assert told == {"type": "answer", "event": "new", "answer_id": answer.pk}
        card = _signed_in(world.buyer).get(_card_url(world, answer, told["event"])).content.decode()
        assert "Nytt svar från Snöröjning i Lansjärv AB: 45\xa0000 kr" in card
        assert "Konversationen med Snöröjning i Lansjärv AB" in card
        assert "Välj detta svar" in card
        assert "csrfmiddlewaretoken" in card

    def test_a_changed_and_a_withdrawn_answer_are_told_as_such(self, world):
        owner_cookie = _session_cookie(world.buyer)
        supplier = _signed_in(world.supplier_member)
        answer_url = reverse("marketplace_conversations:answer-create", args=[world.listing.pk])
        _answer_form_post(world)

        async def scenario():
            page = _socket(world.listing, cookie=owner_cookie)
            assert (await page.connect())[0]
            await sync_to_async(_answer_form_post)(world, price_amount="39000")
            changed = await page.receive_json_from(timeout=5)
            await sync_to_async(supplier.post)(answer_url, {"action": "withdraw", "company": world.supplier.pk})
            withdrawn = await page.receive_json_from(timeout=5)
            await page.disconnect()
            return changed, withdrawn

        changed, withdrawn = async_to_sync(scenario)()
        answer = Answer.objects.get()
        assert (changed["event"], withdrawn["event"]) == ("updated", "withdrawn")
        owner = _signed_in(world.buyer)
        withdrawn_card = owner.get(_card_url(world, answer, "withdrawn")).content.decode()
        assert "Svaret från Snöröjning i Lansjärv AB har återtagits." in withdrawn_card
        assert "Välj detta svar" not in withdrawn_card  # no card to put back in the list

    def test_the_supplier_cannot_connect_to_the_owners_answers(self, world):
        assert _connect(world.listing, world.supplier_member) == (False, 4403)

    def test_a_third_companys_member_cannot_connect(self, world):
        assert _connect(world.listing, world.third_member) == (False, 4403)

    def test_the_municipalitys_moderator_and_the_platform_administrator_cannot_connect(self, world):
        moderator = make_staff(world.municipality, Role.MODERATOR, email="moderator@overkalix.example.org")
        admin = make_user("admin@example.org", is_staff=True, is_superuser=True)
        assert _connect(world.listing, moderator) == (False, 4403)
        assert _connect(world.listing, admin) == (False, 4403)

    def test_signed_out_visitors_and_another_municipalitys_host_cannot_connect(self, world, asele):
        assert _connect(world.listing, None) == (False, 4403)
        assert _connect(world.listing, world.buyer, host="asele.localhost") == (False, 4403)

    def test_a_member_who_leaves_the_owner_company_stops_hearing(self, world):
        colleague = add_company_member(world.buyer_company, "ekonomi@vindkraft.example.org")
        colleague_cookie = _session_cookie(colleague)

        async def scenario():
            page = _socket(world.listing, cookie=colleague_cookie)
            assert (await page.connect())[0]
            await database_sync_to_async(world.buyer_company.members.filter(user=colleague).delete)()
            await sync_to_async(_answer_form_post)(world)
            return await page.receive_output(timeout=5)

        output = async_to_sync(scenario)()
        assert output["type"] == "websocket.close"
        assert output["code"] == 4403


class AnswerCardTests:
    def test_only_the_owners_people_get_an_answers_card(self, world):
        _answer_form_post(world, price_amount="45000")
        answer = Answer.objects.get()
        moderator = make_staff(world.municipality, Role.MODERATOR, email="moderator@overkalix.example.org")
        assert _signed_in(world.buyer).get(_card_url(world, answer)).status_code == 200
        for outsider in (world.supplier_member, world.third_member, moderator):
            assert _signed_in(outsider).get(_card_url(world, answer)).status_code == 404

    def test_the_answers_page_says_new_answers_appear_and_on_reload_without_javascript(self, world):
        page = _signed_in(world.buyer).get(reverse("marketplace_conversations:answer-list", args=[world.listing.pk]))
        text = page.content.decode()
        assert "Utan JavaScript visas nya svar när du laddar om sidan." in text
        assert f'data-ws-answers="/ws/marknadsplats/svar/{world.listing.pk}/"' in text
        assert 'aria-live="polite"' in text

