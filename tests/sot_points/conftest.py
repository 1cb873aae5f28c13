"""The SOT point most tests here need: Handlar'n i Lansjärv in Överkalix, with one host. A test file
that needs a different point or host names its own fixture for it."""
import pytest

from tests.factories.accounts import make_user
from tests.factories.sot_points import make_point


@pytest.fixture
def host(overkalix):
    return make_user("vard.lansjarv@example.org")


@pytest.fixture
def point(overkalix, host):
    return make_point(overkalix, hosts=[host])
