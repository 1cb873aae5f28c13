"""Fixtures shared by the whole suite."""
import pytest
from django.conf import settings
from django.utils import translation

from tests.factories.municipalities import make_municipality


@pytest.fixture
def arvidsjaur(db):
    return make_municipality("2505", preset="fjall")


@pytest.fixture
def asele(db):
    return make_municipality("2463", preset="skog")


@pytest.fixture
def overkalix(db):
    return make_municipality("2513", preset="alv")


@pytest.fixture(autouse=True)
def _swedish_by_default():
    """Each test starts in the site's default language: a request that switched to English
    (LocaleMiddleware activates it for the thread) must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_alert_cache():
    """The banner's alert lists are cached per municipality under a version; an alert imported by one
    test (and rolled back) must not show in the next. A new version makes every cached list
    unreachable without flushing a cache other tests (or xdist workers sharing one Redis) are using."""
    from alerts.cache_keys import bump_version

    bump_version()
    yield
    bump_version()


@pytest.fixture(autouse=True)
def _fresh_sot_live_state(monkeypatch):
    """The live SOT state is cached per municipality id, and ids repeat between tests: each test reads
    and writes its own versions, so no test starts from another's points."""
    import uuid

    from sot_points import live_state

    monkeypatch.setattr(live_state, "_VERSION_KEY", f"sot_points:live-version:{uuid.uuid4().hex}:{{}}")


@pytest.fixture(autouse=True)
def _fresh_followup_figures(monkeypatch):
    """The follow-up's figures are kept per filter across writes (served while a recompute runs) and
    ids repeat between tests: each test keeps its figures under its own prefix."""
    import uuid

    from competence import followup_cache

    monkeypatch.setattr(followup_cache, "PREFIX", f"competence:followup:{uuid.uuid4().hex}")


@pytest.fixture(autouse=True)
def _fresh_trade_synonyms(monkeypatch):
    """The analysed synonym groups are kept per process under a version in the cache; a group changed
    by one test (and rolled back) must not stay in effect for the next: each test has its own version key."""
    import uuid

    from search import synonyms

    monkeypatch.setattr(synonyms, "VERSION_KEY", f"search:synonyms:version:{uuid.uuid4().hex}")
