"""Fixtures shared by the whole suite."""
import pytest

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
