"""Individual needs reach a platform owner only from companies that consent to share with it; a withdrawal
bites at the next request. The municipality's own staff get their own municipality's rows."""
import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from municipalities.models import Role
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.competence_followup import (
    consent,
    make_owner,
    make_plain_company,
    make_plain_need,
    with_totp,
)
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
LANDING = "localhost"


@pytest.fixture
def world(arvidsjaur, overkalix, asele):
    owner_user = with_totp(make_user("region.norrbotten@example.org"))
    region = make_owner("Region Norrbotten", [arvidsjaur, overkalix], [owner_user])
    sharing = make_plain_company(arvidsjaur, name="Delande Bageri AB")
    private = make_plain_company(arvidsjaur, name="Tystlåtna Verkstaden AB")
    make_plain_need(sharing, description="Vi behöver en webbutik kopplad till kassan.", forms=["short_course"],
                    skills=[{"id": "e1", "label": "E-handel"}])
    make_plain_need(private, description="Hemligt behov hos verkstaden.")
    consent(sharing, region)
    ungranted = make_plain_company(asele, name="Åsele Snickeri AB")
    make_plain_need(ungranted, description="Behov i Åsele.")
    consent(ungranted, region)  # consent to an owner not granted Åsele opens nothing
    return {"owner_user": owner_user, "region": region, "sharing": sharing, "private": private}


def _csv(client, path="/uppfoljning/behov.csv"):
    response = client.get(path, HTTP_HOST=LANDING)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))


def _xlsx(client):
    response = client.get("/uppfoljning/behov.xlsx", HTTP_HOST=LANDING)
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
                .iter_rows(values_only=True))


class IndividualNeedsTests:
    def test_the_owner_gets_only_consenting_companies_rows_in_csv_and_xlsx(self, client, world):
        client.force_login(world["owner_user"])
        rows = _csv(client)
        assert rows[0][:4] == ["Kommun", "Företag", "Registrerat", "Behov"]
        assert [r[1] for r in rows[1:]] == ["Delande Bageri AB"]
        assert rows[1][4:7] == ["2512", "Mjukvaru- och systemutvecklare m.fl.", "E-handel"]
        assert rows[1][10] == "Kort kurs eller webbinarium"
        assert "Hemligt behov" not in str(rows)
        assert "Åsele" not in str(rows)
        xrows = _xlsx(client)
        assert [r[1] for r in xrows[1:]] == ["Delande Bageri AB"]

    def test_withdrawn_consent_hides_the_rows_at_once(self, client, world):
        client.force_login(world["owner_user"])
        assert len(_csv(client)) == 2
        world["sharing"].sharing_consents.update(withdrawn_at=timezone.now())
        assert _csv(client) == [_csv(client)[0]]
        assert len(_xlsx(client)) == 1

    def test_without_any_consent_no_rows_for_any_municipality_asked_for(self, client, world, arvidsjaur):
        world["sharing"].sharing_consents.all().delete()
        client.force_login(world["owner_user"])
        assert len(_csv(client, f"/uppfoljning/behov.csv?kommun={arvidsjaur.pk}")) == 1

    def test_staff_get_every_row_of_their_own_municipality(self, client, world, arvidsjaur):
        client.force_login(make_staff(arvidsjaur, Role.EDITOR, email="redaktor@example.org"))
        rows = _csv(client)
        assert sorted(r[1] for r in rows[1:]) == ["Delande Bageri AB", "Tystlåtna Verkstaden AB"]

    def test_a_formula_in_a_need_is_never_run_by_the_spreadsheet(self, client, world):
        make_plain_need(world["sharing"], description="=HYPERLINK(\"http://evil.example\")")
        client.force_login(world["owner_user"])
        assert any(r[3].startswith("'=HYPERLINK") for r in _csv(client)[1:])

    def test_anyone_without_follow_up_gets_404_and_anonymous_visitors_log_in(self, client, world):
        for path in ("/uppfoljning/", "/uppfoljning/behov.csv", "/uppfoljning/export.xlsx"):
            response = client.get(path, HTTP_HOST=LANDING)
            assert response.status_code == 302
            assert response["Location"].startswith("/konto/login/")
        client.force_login(make_user("invanare@example.org"))
        for path in ("/uppfoljning/", "/uppfoljning/behov.csv", "/uppfoljning/behov.xlsx",
                     "/uppfoljning/insatsomraden/", "/uppfoljning/projekt/"):
            assert client.get(path, HTTP_HOST=LANDING).status_code == 404


class LandingTests:
    def test_a_platform_owner_member_lands_on_the_follow_up_after_logging_in(self, client, world):
        user = make_user("agare.inloggning@example.org")
        world["region"].members.add(user)
        response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD},
                               HTTP_HOST=LANDING)
        assert response.status_code == 302
        assert response["Location"] == "/uppfoljning/"
        # Owners must set up TOTP before seeing anything; the gate then sends them on to the follow-up.
        gate = client.get("/uppfoljning/", HTTP_HOST=LANDING)
        assert gate["Location"] == "/konto/2fa/totp/activate/?next=/uppfoljning/"

    def test_someone_else_still_lands_on_the_start_page(self, client, world):
        user = make_user("vanlig@example.org")
        response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD},
                               HTTP_HOST=LANDING)
        assert response.status_code == 302
        assert response["Location"] == "/"

    def test_the_admins_no_access_page_links_to_the_follow_up(self, client, world):
        client.force_login(world["owner_user"])
        response = client.get("/admin/", HTTP_HOST=LANDING, follow=True)
        assert response.status_code == 403
        assert 'href="/uppfoljning/"' in response.content.decode()
