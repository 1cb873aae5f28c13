"""The demo's web-shop story: Överkalix's learning centre course and a shop's peer offer are proposed."""
import pytest

from competence import demo_matching, matching
from competence.models import CompanyPeerOffer, LearningOffer
from tests.factories.accounts import make_user
from tests.factories.competence import make_need
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.semantic import conftest as semantic_fixtures

hashing_backend = semantic_fixtures.hashing_backend
pytestmark = pytest.mark.django_db


def test_the_web_shop_need_in_overkalix_is_proposed_the_course_and_the_shops_peer_offer(
        overkalix, arvidsjaur, hashing_backend):
    shop = make_company(overkalix, legal_name="Handlar'n i Lansjärv AB", published=True, org_number=ORG_NUMBERS[1])
    demo_matching.create_demo_data(municipality=overkalix)
    demo_matching.create_demo_data(municipality=overkalix)  # idempotent
    assert demo_matching.create_demo_data(municipality=arvidsjaur) is None
    assert LearningOffer.objects.count() == 1 and CompanyPeerOffer.objects.filter(company=shop).count() == 1
    member = make_user("agare@example.org")
    company = make_company(overkalix, owner=member, published=True, legal_name="Svartbyn Mode & Webbshop")
    need = make_need(company, actor=member, ssyk_code="2512", preferred_forms=["short_course", "peer"],
                     description="Vi behöver någon som kan sätta upp vår webbutik och koppla den till kassasystemet")

    ranked = matching.suggest_for_need(need)

    assert {type(s.item) for s in ranked[:2]} == {LearningOffer, CompanyPeerOffer}
    assert all(s.reason.startswith("samma yrke: 2512") for s in ranked[:2])
