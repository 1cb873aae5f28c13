"""In a real browser (Chromium through Playwright) against the ASGI application served by uvicorn, so the
websockets are real: the supplier sends a reply from the thread page and the buyer's open page shows it
in the live region, without a reload, and the buyer's unread count on the conversation list goes up.
Each page is checked with axe-core for WCAG 2.1 A/AA problems, as in tests/e2e."""
import os
import socket
import threading
import time

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse

from marketplace.models import Conversation, Message
from tests.factories.marketplace_h4 import add_company_member, answer, trade_world
from tests.factories.municipalities import make_municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def asgi_server():
    """The whole ASGI application (HTTP and websockets) on a free port, in a thread of this process."""
    import uvicorn

    from config.asgi import application

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off", ws="websockets-sansio"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser():
    """Chromium, with the same care for Django's async checks as tests/e2e/conftest.py describes."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Browser tests need Debian's Chromium at {CHROMIUM}.")
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM_ARGS

    own = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, connection in own.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _signed_in_page(browser, user, host: str, port: int):
    from tests.support.browser import AccessibilityAudit

    client = Client(HTTP_HOST=host)
    client.force_login(user)
    context = browser.new_context(locale="sv-SE", reduced_motion="reduce")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "domain": host, "path": "/"}])
    page = context.new_page()
    return page, AccessibilityAudit(page)


class LiveConversationBrowserTests:
    def test_a_reply_appears_on_the_other_sides_open_page_without_reload(self, asgi_server, browser):
        overkalix = make_municipality("2513", preset="alv", port=asgi_server)
        world = trade_world(overkalix)
        answer(world)
        conversation = Conversation.objects.get()
        host = "overkalix.localhost"
        base = f"http://{host}:{asgi_server}"
        thread_url = base + reverse("marketplace_conversations:conversation-detail", args=[conversation.pk])
        list_url = base + reverse("marketplace_conversations:conversation-list")

        buyer_page, buyer_audit = _signed_in_page(browser, world.buyer, host, asgi_server)
        buyer_page.goto(thread_url)
        buyer_page.get_by_text("Nya meddelanden visas direkt.").wait_for()
        buyer_audit.audit_current_page()

        # A colleague at the buyer's with the conversation list open: one unread message (the answer) so far.
        colleague = add_company_member(world.buyer_company, "ekonomi@vindkraft.example.org")
        colleague_list, list_audit = _signed_in_page(browser, colleague, host, asgi_server)
        colleague_list.goto(list_url)
        list_audit.audit_current_page()
        unread = colleague_list.locator("[data-mp-unread]").first
        expect(unread).to_have_text("1")

        supplier_page, supplier_audit = _signed_in_page(browser, world.supplier_member, host, asgi_server)
        supplier_page.goto(thread_url)
        supplier_page.get_by_text("Nya meddelanden visas direkt.").wait_for()
        supplier_page.get_by_label("Ditt meddelande").fill("Vi kan börja ploga på måndag.")
        supplier_page.get_by_role("button", name="Skicka").click()
        supplier_audit.audit_current_page()

        live_region = buyer_page.locator("[aria-live=polite]")
        live_region.get_by_text("Vi kan börja ploga på måndag.").wait_for(timeout=10_000)
        expect(unread).to_have_text("2")  # pushed to the list page, which did not reload
        # The supplier's page did not reload (the message went over the socket) and shows it as well.
        supplier_page.locator("[aria-live=polite]").get_by_text("Vi kan börja ploga på måndag.").wait_for()
        assert Message.objects.filter(body="Vi kan börja ploga på måndag.", author=world.supplier_member).exists()
        for audit in (buyer_audit, list_audit, supplier_audit):
            audit.raise_for_problems()
