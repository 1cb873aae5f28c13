"""A company's digital maturity pages: the questionnaire as a plain form, results per round with the change
since T0 and the medians as an SVG chart and a table; members write, the office reads, others get a 404."""
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from competence.models import MaturityAssessment
from municipalities.models import PlatformOwner, Role
from municipalities.services import platform_owner_create
from tests.factories.accounts import make_user
from tests.factories.competence_maturity import answers_at, assess, make_assessed_companies
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
OVERKALIX = "overkalix.localhost"


@pytest.fixture
def shop(overkalix):
    owner = make_user("handlarn@example.org")
    company = make_company(overkalix, owner=owner, published=True, legal_name="Handlar'n i Lansjärv AB",
                           primary_sni="47111", org_number="556036-0793")
    return company, owner


def _post_data(answers: dict) -> dict:
    return {key: value for key, value in answers.items()}


def _results(client, company) -> str:
    response = client.get(f"/foretag/{company.slug}/kompetens/mognad/", HTTP_HOST=OVERKALIX)
    assert response.status_code == 200
    return response.content.decode()


class QuestionnaireTests:
    def test_a_member_answers_grouped_by_dimension_and_lands_on_the_results_with_t0(self, client, shop):
        company, owner = shop
        client.force_login(owner)
        url = f"/foretag/{company.slug}/kompetens/mognad/ny/"
        page = client.get(url, HTTP_HOST=OVERKALIX).content.decode()
        assert page.count('<fieldset class="maturity-dimension">') == 6
        assert "<legend><h2>Automatisering och AI</h2></legend>" in page
        assert '<input type="radio" name="strategy_plan" value="4"' in page
        assert '<input type="checkbox" name="green_devices" value="none"' in page
        assert "Det här blir mätning T0." in page
        assert "<script" not in page.split("<main")[-1]
        response = client.post(url, _post_data(answers_at(3)), HTTP_HOST=OVERKALIX)
        assert response.status_code == 302
        assert response["Location"] == f"/foretag/{company.slug}/kompetens/mognad/"
        assessment = MaturityAssessment.objects.get(company=company)
        assert assessment.round == 0
        assert assessment.scores["human"] == 75.0
        results = client.get(response["Location"], HTTP_HOST=OVERKALIX).content.decode()
        assert "Mätningen T0 är sparad." in results
        assert "Senaste mätningen, T0" in results

    def test_a_missing_answer_is_named_next_to_its_question_and_every_other_answer_stays(self, client, shop):
        company, owner = shop
        client.force_login(owner)
        answers = answers_at(3)
        del answers["data_backup"]
        answers["readiness_tools"] = ["accounting", "till"]
        response = client.post(f"/foretag/{company.slug}/kompetens/mognad/ny/", _post_data(answers),
                               HTTP_HOST=OVERKALIX)
        page = response.content.decode()
        assert response.status_code == 200
        assert not MaturityAssessment.objects.exists()
        backup = re.search(r'<fieldset class="field field--group field--error">\s*<legend>([^<]+)</legend>\s*'
                           r'<div class="field__errors"><ul class="errorlist"[^>]*><li>([^<]+)</li>', page)
        assert backup.groups() == ("Har ni säkerhetskopior av era viktiga uppgifter (kunder, bokföring, bilder)?",
                                   "Välj ett av svaren.")
        assert page.count("field--error") == 1
        assert re.search(r'name="strategy_plan" value="3"[^>]*checked', page)
        assert re.search(r'name="readiness_tools" value="accounting"[^>]*checked', page)
        assert re.search(r'name="readiness_tools" value="till"[^>]*checked', page)
        assert not re.search(r'name="readiness_tools" value="crm"[^>]*checked', page)

    def test_an_english_visitor_reads_the_questions_in_english(self, client, shop):
        company, owner = shop
        client.force_login(owner)
        client.cookies["django_language"] = "en"
        page = client.get(f"/foretag/{company.slug}/kompetens/mognad/ny/", HTTP_HOST=OVERKALIX).content.decode()
        assert "We have decided what we want to use digital tools for in the next few years." in page
        assert "<legend><h2>Green digitalisation</h2></legend>" in page
        assert "Vi har bestämt vad vi vill använda" not in page


class ResultsTests:
    def test_t0_and_t1_show_the_change_per_dimension_and_the_municipality_median(self, client, shop, overkalix):
        company, owner = shop
        make_assessed_companies(overkalix, 4, levels=[1, 2, 2, 3], sni="43320")  # Bygg: not the shop's industry
        assess(company, actor=owner, level=1)
        assess(company, actor=owner, level=3, automation_ai_use="4")
        client.force_login(owner)
        page = _results(client, company)
        assert "<li>Människan i digitaliseringen: upp 50 poäng (25 → 75)</li>" in page
        assert "<li>Automatisering och AI: upp 59 poäng (25 → 84)</li>" in page
        # The table: a row per dimension, the rounds, the change and the medians (5 companies: shown).
        row = re.search(r'<tr><th scope="row">Människan i digitaliseringen</th>(.*?)</tr>', page, re.S).group(1)
        assert re.findall(r"<td>([^<]*)</td>", row) == ["25", "75", "+50", "50", "för få företag för att visa"]
        assert '<th scope="col">Kommunens median</th>' in page
        assert "<caption id=" in page
        # The chart: an image with a name and a description, values as text, no style attributes (CSP).
        svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
        assert 'role="img"' in svg
        assert "<title id=" in svg
        assert "<desc id=" in svg
        assert re.search(r">T1</text>\s*<rect[^>]*>\s*</rect>\s*<text[^>]*>75</text>", svg)
        assert ">för få företag för att visa</text>" in svg
        assert not re.search(r"\sstyle=", svg)

    def test_the_municipality_median_is_hidden_below_five_companies(self, client, shop, overkalix):
        company, owner = shop
        make_assessed_companies(overkalix, 3)
        assess(company, actor=owner, level=2)
        client.force_login(owner)
        row = re.search(r'<tr><th scope="row">Datahantering</th>(.*?)</tr>', _results(client, company), re.S).group(1)
        assert re.findall(r"<td>([^<]*)</td>", row) == ["50", "för få företag för att visa",
                                                        "för få företag för att visa"]

    def test_the_need_list_links_to_the_maturity_page(self, client, shop):
        company, owner = shop
        client.force_login(owner)
        page = client.get(f"/foretag/{company.slug}/kompetens/", HTTP_HOST=OVERKALIX).content.decode()
        assert f'href="/foretag/{company.slug}/kompetens/mognad/"' in page


class PermissionTests:
    def test_the_office_reads_but_cannot_assess(self, client, shop, overkalix):
        company, owner = shop
        assess(company, actor=owner, level=2)
        client.force_login(make_staff(overkalix, Role.MODERATOR))
        page = _results(client, company)
        assert "Senaste mätningen, T0" in page
        assert "/mognad/ny/" not in page
        url = f"/foretag/{company.slug}/kompetens/mognad/ny/"
        assert client.get(url, HTTP_HOST=OVERKALIX).status_code == 403
        assert client.post(url, _post_data(answers_at(2)), HTTP_HOST=OVERKALIX).status_code == 403
        assert MaturityAssessment.objects.count() == 1

    def test_residents_other_companies_and_platform_owners_get_a_404(self, client, shop, overkalix):
        company, owner = shop
        assess(company, actor=owner, level=2)
        other_owner = make_user("annan@example.org")
        make_company(overkalix, owner=other_owner, published=True, legal_name="Annat bolag AB",
                     org_number="559000-0013")
        region = make_user("region@example.org")
        TOTP.activate(region, generate_totp_secret())  # owners sign in with MFA
        platform_owner_create(name="Region Norrbotten", kind=PlatformOwner.Kind.REGION,
                              municipalities=[overkalix], members=[region])
        for user in (make_user("invanare@example.org"), other_owner, region):
            client.force_login(user)
            for path in ("mognad/", "mognad/ny/"):
                url = f"/foretag/{company.slug}/kompetens/{path}"
                assert client.get(url, HTTP_HOST=OVERKALIX).status_code == 404, (user, path)
                assert client.post(url, _post_data(answers_at(2)), HTTP_HOST=OVERKALIX).status_code == 404
        assert MaturityAssessment.objects.count() == 1
