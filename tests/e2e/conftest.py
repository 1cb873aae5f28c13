"""Browser tests: a real Chromium (Playwright) against the app served by pytest-django's live server.

Every test in tests/e2e/ is marked `browser`, gets a fresh Swedish-speaking browser context and
an automatic accessibility audit: each page the test looks at or acts on is checked with axe-core
for WCAG 2.1 A/AA violations, and any "serious" or "critical" one fails the test.

How the audit is triggered: a locator handler (page.add_locator_handler) matches a document that
has not been audited yet, so Playwright runs the audit in the test's own flow, after the page's
"load" event, before the test's first action or auto-waiting assertion on that page. The page the
test ends on is audited after the test body. A `page.on("load")` callback would run concurrently
with the test and lose the audit whenever the test clicks on before axe finishes; holding the
next navigation request instead does not work either, as Chromium defers DevTools calls to a page
whose navigation is pending.

axe is evaluated through the DevTools protocol (page.evaluate), which the page's
Content-Security-Policy does not apply to; the site's CSP is never relaxed for the tests.
"""
import os
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, sync_playwright

from tests.factories.municipalities import make_municipality
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, AccessibilityAudit
from tests.support.nginx import free_port

E2E_DIR = Path(__file__).resolve().parent
_AUDIT_KEY = pytest.StashKey["AccessibilityAudit"]()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a passing test body, audit the page it ended on and fail on anything the audit found."""
    result = yield
    for audit in item.stash.get(_AUDIT_KEY, []):
        audit.audit_current_page()
        audit.raise_for_problems()
    return result


@pytest.fixture(scope="package")
def browser() -> Browser:
    """One Chromium for the e2e package.

    Playwright's sync API keeps its asyncio loop registered as running in the test thread for
    as long as it is started, and Django reacts to a running loop in two ways, both handled here:
    - its async-safety check refuses ORM calls; they are safe (the test thread is not inside the
      loop, the live server has its own thread), so DJANGO_ALLOW_ASYNC_UNSAFE is set meanwhile;
    - `connections` (an asgiref thread-critical Local) switches to a per-context store, i.e. a
      second set of connections without the test database's state (the serialized rollback
      contents), so the test thread's own connections are put into that store as well.
    Package scope, not session scope, so neither lasts into the tests that run after tests/e2e.
    """
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM} (make install-dev).", pytrace=False)
    test_thread_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, connection in test_thread_connections.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def new_page(browser, request):
    """Open another audited page in a fresh context (another person in the same story).
    `cookies` are added to the context first, e.g. a signed-in session."""
    contexts = []
    request.node.stash[_AUDIT_KEY] = []

    def open_page(cookies: list[dict] | None = None) -> Page:
        # Reduced motion: axe must measure colours after, not during, CSS transitions.
        context = browser.new_context(locale="sv-SE", reduced_motion="reduce")
        if cookies:
            context.add_cookies(cookies)
        contexts.append(context)
        page = context.new_page()
        request.node.stash[_AUDIT_KEY].append(AccessibilityAudit(page))
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


@pytest.fixture(autouse=True)
def _live_server_database(live_server, django_db_serialized_rollback):
    """The live server answers from another thread, so each test commits for real (transactional),
    and the rows migrations create (Wagtail's root page and locale) are restored after each flush."""


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):
    """Each test starts with an empty cache, so allauth's rate limits (per IP, kept in Redis
    when REDIS_URL is set) do not carry over from earlier tests or earlier runs."""
    settings.CACHES = {
        alias: {**config, "KEY_PREFIX": f"e2e-{uuid.uuid4().hex}"} for alias, config in settings.CACHES.items()
    }


@pytest.fixture
def arvidsjaur(live_server):
    """Arvidsjaur's site at http://arvidsjaur.localhost:<live server port>/.

    Wagtail would find the site by hostname alone, but with the live server's port the site's
    root_url, and the links the app builds from it, point at the live server."""
    return make_municipality("2505", preset="fjall", port=live_server.thread.port)


@pytest.fixture
def asele(live_server):
    """Åsele's site, on the "skog" preset."""
    return make_municipality("2463", preset="skog", port=live_server.thread.port)


@pytest.fixture
def overkalix(live_server):
    """Överkalix's site, on the "alv" preset."""
    return make_municipality("2513", preset="alv", port=live_server.thread.port)


@pytest.fixture
def asgi_port():
    """The whole ASGI application (HTTP and websockets) under uvicorn, in a thread of the test process on the
    test database, for stories with live pages; make the municipality with `port=asgi_port`."""
    import uvicorn

    from config.asgi import application

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, lifespan="off",
                                           log_level="warning", ws="websockets-sansio"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(timeout=10)
