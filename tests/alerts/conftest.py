"""Fixtures for the alerts tests."""
import pytest

from alerts.services import import_cap_document
from tests.support.alert_messages import NOW, load


@pytest.fixture
def import_message(django_capture_on_commit_callbacks):
    """import_message(file name, now=NOW, at=None): import a test message as the feed command would,
    running the on-commit cache bump the way a real transaction would."""

    def _import(name: str, *, now=NOW, at=None, source: str | None = None):
        with django_capture_on_commit_callbacks(execute=True):
            return import_cap_document(load(name, at=at), source or f"test:{name}", now=now)

    return _import
