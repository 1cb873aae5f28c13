"""The office's other decisions, as the people they concern notice them: a rejected claim (the claimant's
e-mail and "Mina företag"), a request for more information (the members' e-mail, the status they see, the
profile back in the queue once they complete it) and the verified mark on the public profile."""
import pytest
from django.core import mail

from directory import services
from directory.models import Company
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
ASELE = "asele.localhost"
CLAIM_REASON = "Vi hittar dig inte bland företagets firmatecknare hos Bolagsverket."
CHANGES = "Ange vilka orter ni arbetar i och ett telefonnummer som går till företaget."


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Runs what the services leave for after the commit (e-mails, index updates) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def moderator(asele):
    return make_staff(asele, Role.MODERATOR, email="moderator.asele@example.org")


@pytest.fixture
def owner():
    return make_user("anna@example.org")


@pytest.fixture
def published(asele, owner, moderator, after_commit):
    with after_commit():
        return make_company(asele, owner=owner, published=True, org_number=ORG_NUMBERS[0])


def staff_post(client, user, path: str, data=None):
    client.force_login(user)
    response = client.post(path, data or {}, HTTP_HOST=ASELE, follow=True)
    client.logout()
    return response.content.decode()


def page(client, path: str, user=None) -> str:
    if user is not None:
        client.force_login(user)
    html = client.get(path, HTTP_HOST=ASELE).content.decode()
    client.logout()
    return html


class ClaimRejectTests:
    @pytest.fixture
    def claimant(self):
        return make_user("bo@example.org")

    @pytest.fixture
    def claim(self, published, claimant, after_commit):
        with after_commit():
            claim = services.company_claim(actor=claimant, org_number=published.org_number, message="Jag är vd.")
        mail.outbox.clear()
        return claim

    def test_the_claimant_is_told_why_and_does_not_get_the_profile(self, client, claim, claimant, moderator,
                                                                    after_commit):
        with after_commit():
            answer = staff_post(client, moderator, f"/admin/foretag/ansprak/{claim.pk}/reject/",
                                {"reason": CLAIM_REASON})
        assert "Beslutet om anspråket är skickat." in answer
        assert "bo@example.org" not in page(client, "/admin/foretag/", moderator), "no longer waits in the queue"

        [message] = mail.outbox
        assert message.to == ["bo@example.org"]
        assert message.subject == "Beslut om ditt anspråk på Snickeri i Åsele AB"
        assert "Ditt anspråk på Snickeri i Åsele AB har inte godkänts." in message.body
        assert f"Motivering: {CLAIM_REASON}" in message.body
        mine = page(client, "/foretag/mina/", claimant)
        assert "Du sköter inga företag ännu." in mine
        assert "Snickeri i Åsele AB" not in mine

    def test_a_rejection_without_a_reason_is_refused_and_the_claim_still_waits(self, client, claim, moderator,
                                                                                after_commit):
        with after_commit():
            answer = staff_post(client, moderator, f"/admin/foretag/ansprak/{claim.pk}/reject/", {"reason": "  "})
        assert "Skriv en motivering. Den skickas till den som gjort anspråket." in answer
        assert mail.outbox == []
        assert "bo@example.org" in page(client, "/admin/foretag/", moderator)

    def test_the_office_of_another_municipality_cannot_reject_it(self, client, claim, claimant, arvidsjaur,
                                                                  after_commit):
        client.force_login(make_staff(arvidsjaur, Role.MODERATOR))
        with after_commit():
            response = client.post(f"/admin/foretag/ansprak/{claim.pk}/reject/", {"reason": CLAIM_REASON},
                                   HTTP_HOST=ASELE)
        assert response.status_code == 404
        assert mail.outbox == []
        claim.refresh_from_db()
        assert claim.status == claim.Status.PENDING


class RequestChangesTests:
    @pytest.fixture
    def registered(self, asele, owner, moderator, after_commit):
        with after_commit():
            company = make_company(asele, owner=owner, org_number=ORG_NUMBERS[1], legal_name="Fredrika Foder AB")
        mail.outbox.clear()
        return company

    def test_the_members_are_told_what_to_complete_and_see_it_on_their_page(self, client, registered, owner,
                                                                           moderator, after_commit):
        with after_commit():
            answer = staff_post(client, moderator, f"/admin/foretag/{registered.pk}/request-changes/",
                                {"reason": CHANGES})
        assert "Begäran om komplettering är skickad." in answer

        [message] = mail.outbox
        assert message.to == ["anna@example.org"]
        assert message.subject == "Komplettera uppgifterna om Fredrika Foder AB"
        assert "behöver fler uppgifter om Fredrika Foder AB innan profilen kan publiceras" in message.body
        assert CHANGES in message.body
        assert f"http://{ASELE}/foretag/{registered.slug}/" in message.body
        assert "Komplettering begärd" in page(client, "/foretag/mina/", owner)
        assert client.get(f"/foretag/{registered.slug}/", HTTP_HOST=ASELE).status_code == 404, "still not public"
        assert "Fredrika Foder AB" not in page(client, "/admin/foretag/", moderator), "waits for the company now"

    def test_the_completed_profile_is_back_in_the_office_queue(self, client, registered, owner, moderator,
                                                               after_commit):
        with after_commit():
            services.company_request_changes(actor=moderator, company=registered, message=CHANGES)
            services.company_update(actor=owner, company=registered, phone="070-174 06 51")
        assert "Väntar på granskning" in page(client, "/foretag/mina/", owner)
        assert "Fredrika Foder AB" in page(client, "/admin/foretag/", moderator)

    def test_a_request_without_a_message_is_refused_and_nothing_is_sent(self, client, registered, owner, moderator,
                                                                        after_commit):
        with after_commit():
            answer = staff_post(client, moderator, f"/admin/foretag/{registered.pk}/request-changes/",
                                {"reason": ""})
        assert "Skriv vad företaget behöver komplettera." in answer
        assert mail.outbox == []
        assert "Väntar på granskning" in page(client, "/foretag/mina/", owner)

    def test_a_published_profile_stays_public_while_its_changes_are_completed(self, client, published, owner,
                                                                             moderator, after_commit):
        with after_commit():
            services.company_update(actor=owner, company=published, description="Vi bygger kök.")
            mail.outbox.clear()
            staff_post(client, moderator, f"/admin/foretag/{published.pk}/request-changes/", {"reason": CHANGES})
        assert [message.to for message in mail.outbox] == [["anna@example.org"]]
        assert "Snickeri i Åsele AB" in page(client, f"/foretag/{published.slug}/")
        assert "Publicerad" in page(client, "/foretag/mina/", owner)


class VerificationTests:
    MARK = "Verifierad av näringslivskontoret"

    def test_the_public_profile_and_the_list_show_the_mark_until_it_is_withdrawn(self, client, published,
                                                                                moderator, after_commit):
        profile = f"/foretag/{published.slug}/"
        assert self.MARK not in page(client, profile)
        with after_commit():
            answer = staff_post(client, moderator, f"/admin/foretag/{published.pk}/verify/")
        assert "Verifieringen är sparad." in answer
        assert self.MARK in page(client, profile)
        assert "070-174 06 50</a> · Verifierad" in page(client, "/foretag/")

        with after_commit():
            staff_post(client, moderator, f"/admin/foretag/{published.pk}/unverify/")
        assert self.MARK not in page(client, profile)
        assert "Verifierad" not in page(client, "/foretag/")

    def test_the_office_of_another_municipality_cannot_verify(self, client, published, arvidsjaur, after_commit):
        client.force_login(make_staff(arvidsjaur, Role.MODERATOR))
        with after_commit():
            response = client.post(f"/admin/foretag/{published.pk}/verify/", HTTP_HOST=ASELE)
        assert response.status_code == 404
        client.logout()
        assert self.MARK not in page(client, f"/foretag/{published.slug}/")
        assert Company.objects.get(pk=published.pk).verified_at is None
