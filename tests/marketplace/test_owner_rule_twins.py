"""The listing owner's side is written twice: as a predicate (permissions.is_listing_owner_party, asked per
request and per socket frame) and as a set of user ids (conversation_selectors.listing_owner_user_ids, for
pushes and e-mails). They must agree for every kind of owner, or someone is told of a thread they cannot open."""
import pytest

from marketplace.conversation_selectors import listing_owner_user_ids
from marketplace.permissions import is_listing_owner_party
from municipalities.models import PlatformOwner, Role
from municipalities.services import platform_owner_create
from tests.factories.accounts import make_superuser, make_user
from tests.factories.marketplace import make_hub, make_listing
from tests.factories.marketplace_h4 import MORE_ORG_NUMBERS, make_published_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(overkalix):
    company, company_member = make_published_company(overkalix, name="Vindkraft Blaiken AB",
                                                     org_number=MORE_ORG_NUMBERS[0], member_email="inkop@vind.example.org")
    owner_member = make_user("natverk@example.org")
    owner = platform_owner_create(name="Kvinnliga företagare", kind=PlatformOwner.Kind.NETWORK,
                                  municipalities=[overkalix], members=[owner_member])
    return {"company": company, "owner": owner, "users": {
        "company member": company_member, "owner member": owner_member,
        "editor": make_staff(overkalix, Role.EDITOR), "moderator": make_staff(overkalix, Role.MODERATOR),
        "platform admin": make_superuser(), "resident": make_user("invanare@example.org")}}


def _listings(overkalix, people):
    return {
        "company's": make_listing(overkalix, company=people["company"]),
        "company hub's": make_listing(overkalix, hub=make_hub(overkalix, owner_company=people["company"])),
        "platform owner hub's": make_listing(overkalix, hub=make_hub(
            overkalix, owner_platform=people["owner"], name="Nätverkets hubb", slug="natverkets-hubb")),
        "office's own": make_listing(overkalix),
    }


def test_the_predicate_and_the_id_set_agree_for_every_owner_and_person(overkalix, people):
    for kind, listing in _listings(overkalix, people).items():
        ids = listing_owner_user_ids(listing)
        for who, user in people["users"].items():
            assert (user.pk in ids) == is_listing_owner_party(user, listing), (kind, who)
        assert ids, kind  # every listing has someone on its side
