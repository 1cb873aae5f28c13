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
