"""The consent page /foretag/<slug>/kompetens/delning/: the company gives and withdraws consent with plain
forms and sees the dated history; the office reads; everyone else gets a 404. Withdrawal bites at the
next request: an advisor who could open a need page gets a 404 right after."""
import pytest

from competence.models import SharingConsent
from tests.factories.competence import make_need
from tests.factories.competence_conversations import conversation_world, give_consent

pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"


@pytest.fixture
def w(overkalix, arvidsjaur):
    return conversation_world(overkalix, arvidsjaur)


def _url(company):
    return f"/foretag/{company.slug}/kompetens/delning/"


class ConsentPageTests:
    def test_the_company_sees_each_granted_owner_in_plain_swedish_and_gives_consent(self, client, w):
        client.force_login(w.member)
        page = client.get(_url(w.company), HTTP_HOST=HOST).content.decode()
        assert "Region Norrbotten får se era enskilda behov och deras status. Ni kan återkalla när som helst." in page
        assert "Almi Nord får se era enskilda behov" in page
        assert "IUC Norrbotten" not in page  # not granted Överkalix
        response = client.post(_url(w.company), {"action": "give", "owner": w.region.pk}, HTTP_HOST=HOST)
        assert response.status_code == 302
        page = client.get(_url(w.company), HTTP_HOST=HOST).content.decode()
        assert "Ni delar nu era behov med Region Norrbotten." in page
        assert "Återkalla samtycket till Region Norrbotten" in page
        assert SharingConsent.objects.get().given_by == w.member

    def test_withdrawing_shows_both_dates_in_the_history(self, client, w):
        consent = give_consent(w.company, w.region, actor=w.member)
        client.force_login(w.member)
        client.post(_url(w.company), {"action": "withdraw", "consent": consent.pk}, HTTP_HOST=HOST)
        consent.refresh_from_db()
        assert consent.withdrawn_at is not None
        page = client.get(_url(w.company), HTTP_HOST=HOST).content.decode()
        assert "Dela våra behov med Region Norrbotten" in page
        history = page.split('id="consent-history-heading"')[1]
        assert consent.created_at.strftime("%Y-%m-%d") in history
        assert "handlarn@example.org" in history
        assert history.count("<time") == 2

    def test_giving_to_an_owner_not_granted_the_municipality_is_refused_in_swedish(self, client, w):
        client.force_login(w.member)
        response = client.post(_url(w.company), {"action": "give", "owner": w.iuc.pk}, HTTP_HOST=HOST)
        assert response.status_code == 400
        assert "Välj en organisation i listan." in response.content.decode()
        assert not SharingConsent.objects.exists()

    def test_giving_twice_shows_the_swedish_error(self, client, w):
        give_consent(w.company, w.region, actor=w.member)
        client.force_login(w.member)
        response = client.post(_url(w.company), {"action": "give", "owner": w.region.pk}, HTTP_HOST=HOST)
        assert response.status_code == 400
        assert "Ni delar redan era behov med Region Norrbotten." in response.content.decode()

    def test_the_office_reads_without_buttons_and_cannot_post(self, client, w):
        give_consent(w.company, w.region, actor=w.member)
        for user in (w.editor, w.moderator):
            client.force_login(user)
            page = client.get(_url(w.company), HTTP_HOST=HOST).content.decode()
            assert "Delas" in page
            assert "Återkalla samtycket" not in page
            assert client.post(_url(w.company), {"action": "give", "owner": w.almi.pk},
                               HTTP_HOST=HOST).status_code == 403
        assert SharingConsent.objects.count() == 1

    @pytest.mark.parametrize("who", ["advisor", "almi_advisor", "iuc_advisor", "resident", "other_member"])
    def test_everyone_else_gets_404_on_get_and_post(self, client, w, who):
        client.force_login(getattr(w, who))
        assert client.get(_url(w.company), HTTP_HOST=HOST).status_code == 404
        assert client.post(_url(w.company), {"action": "give", "owner": w.region.pk}, HTTP_HOST=HOST).status_code == 404
        assert not SharingConsent.objects.exists()

    def test_a_member_cannot_withdraw_another_companys_consent_through_their_own_page(self, client, w):
        theirs = give_consent(w.other_company, w.region, actor=w.other_member)
        client.force_login(w.member)
        response = client.post(_url(w.company), {"action": "withdraw", "consent": theirs.pk}, HTTP_HOST=HOST)
        assert response.status_code == 400
        theirs.refresh_from_db()
        assert theirs.active

    def test_anonymous_is_sent_to_log_in(self, client, w):
        assert client.get(_url(w.company), HTTP_HOST=HOST)["Location"].startswith("/konto/login/")


class WithdrawalBitesAtOnceTests:
    def test_an_advisor_who_could_open_a_need_gets_404_right_after_withdrawal(self, client, w):
        need = make_need(w.company, actor=w.member)
        consent = give_consent(w.company, w.region, actor=w.member)
        need_url = f"/foretag/{w.company.slug}/kompetens/{need.pk}/"
        list_url = f"/foretag/{w.company.slug}/kompetens/"
        client.force_login(w.advisor)
        assert client.get(need_url, HTTP_HOST=HOST).status_code == 200
        assert client.get(list_url, HTTP_HOST=HOST).status_code == 200
        company_client = client.__class__()
        company_client.force_login(w.member)
        company_client.post(_url(w.company), {"action": "withdraw", "consent": consent.pk}, HTTP_HOST=HOST)
        # The same advisor session, the very next request.
        assert client.get(need_url, HTTP_HOST=HOST).status_code == 404
        assert client.get(list_url, HTTP_HOST=HOST).status_code == 404
