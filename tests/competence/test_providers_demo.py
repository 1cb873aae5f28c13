"""The demo's providers: Lärcentrum Överkalix with the web-shop course and its member who can sign in."""
import pytest
from django.contrib.auth import get_user_model

from competence import demo_providers
from competence.models import LearningOffer, Provider
from municipalities.demo import DEMO_PASSWORD
from municipalities.models import Role
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db


def test_each_pilot_gets_four_to_eight_offers_and_the_web_shop_course_is_at_the_learning_centre(
        client, arvidsjaur, asele, overkalix):
    for municipality in (arvidsjaur, asele, overkalix):
        make_staff(municipality, Role.EDITOR, email=f"redaktor.{municipality.slug}@example.org")
        demo_providers.create_demo_data(municipality=municipality, moderator=None)
        demo_providers.create_demo_data(municipality=municipality, moderator=None)  # idempotent
        assert 4 <= LearningOffer.objects.filter(municipality=municipality).count() <= 8, municipality
    larcentrum = Provider.objects.get(name="Lärcentrum Överkalix")
    webshop = larcentrum.offers.get(title__startswith="E-handel för småföretag")
    assert webshop.form == "short_course"
    assert webshop.delivery in ("distance", "mixed")
    assert "2512" in webshop.ssyk_codes
    assert any(s["label"].startswith("E-handel") for s in webshop.skills)
    member = get_user_model().objects.get(email="larcentrum.overkalix@example.org")
    assert member.check_password(DEMO_PASSWORD)
    assert member.emailaddress_set.get().verified
    assert larcentrum.members.get(user=member).role == "owner"
    client.force_login(member)
    assert client.get(f"/kompetens/utbildare/{larcentrum.pk}/", HTTP_HOST="overkalix.localhost").status_code == 200
