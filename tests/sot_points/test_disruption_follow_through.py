"""After the crisis desk acts, the hosts hear of it: a declared disruption asks them to show their point's
status, an ended one asks them to confirm it (e-mail and SMS, in the background, once per disruption);
residents see a status from before the end as not confirmed until a host confirms or changes it."""
import uuid

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from core import sms
from municipalities.models import Role
from sot_points import services
from sot_points.models import Disruption, DisruptionNotice
from sot_points.tasks import disruption_hosts_notify
from tests.factories.accounts import make_user
from tests.factories.municipalities import make_staff
from tests.factories.sot_points import make_locality, make_point

pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"
MARKED = '<strong class="sot-stale">Ej bekräftat efter störningen</strong>'


def run_notice_tasks() -> int:
    """What the worker (`db_worker --backend embeddings`) does with the queued notices; only those."""
    ran = 0
    while rows := list(DBTaskResult.objects.ready().filter(task_path=disruption_hosts_notify.module_path)):
        for row in rows:
            row.delete()
            row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
            ran += 1
    return ran


def queued_notices() -> int:
    return DBTaskResult.objects.ready().filter(task_path=disruption_hosts_notify.module_path).count()


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def editor(overkalix):
    return make_staff(overkalix, Role.EDITOR, email=f"redaktor.{uuid.uuid4().hex[:6]}@example.org")


@pytest.fixture
def world(overkalix):
    """Two points in Lansjärv with one host in common, and one in Svartbyn with its own host."""
    lansjarv = make_locality(overkalix, "Lansjärv", 66.65, 22.19)
    svartbyn = make_locality(overkalix, "Svartbyn", 66.25, 22.84)
    host = make_user("vard.lansjarv@example.org")
    other = make_user("vard.svartbyn@example.org")
    shop = make_point(overkalix, "Handlar'n i Lansjärv", locality=lansjarv, hosts=[host])
    school = make_point(overkalix, "Lansjärvs skola", locality=lansjarv, hosts=[host], phone="070-174 06 50")
    hall = make_point(overkalix, "Svartbyns bygdegård", locality=svartbyn, hosts=[other], phone="070-174 06 42")
    return {"host": host, "other": other, "shop": shop, "school": school, "hall": hall,
            "lansjarv": lansjarv, "svartbyn": svartbyn}


def declare(editor, municipality, capture, **extra):
    with capture(execute=True):
        return services.disruption_declare(actor=editor, municipality=municipality, kind="storm",
                                           title="Storm över Överkalix", message="Strömmen är borta.", **extra)


class DeclaredTests:
    def test_the_crisis_desk_only_queues_and_the_worker_tells_each_host_once(
            self, client, overkalix, editor, world, django_capture_on_commit_callbacks):
        client.force_login(editor)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/admin/sot/{overkalix.pk}/utlys/", {
                f"m{overkalix.pk}-kind": "storm", f"m{overkalix.pk}-title": "Storm över Överkalix",
                f"m{overkalix.pk}-message": "Strömmen är borta."}, HTTP_HOST=HOST)
        assert response.status_code == 302
        assert mail.outbox == [], "the request sends nothing itself"
        assert sms.outbox == [], "the request sends nothing itself"
        assert queued_notices() == 1

        run_notice_tasks()
        by_recipient = {message.to[0]: message for message in mail.outbox}
        assert sorted(by_recipient) == ["vard.lansjarv@example.org", "vard.svartbyn@example.org"]
        shop_host = by_recipient["vard.lansjarv@example.org"]
        assert shop_host.subject == "Störning i Överkalix: visa läget för din SOT-punkt"
        assert "Överkalix har lyst ut en störning: Storm över Överkalix." in shop_host.body
        assert "- Handlar'n i Lansjärv: http://overkalix.localhost/sot/handlarn-i-lansjarv/lage/" in shop_host.body
        assert "- Lansjärvs skola: http://overkalix.localhost/sot/lansjarvs-skola/lage/" in shop_host.body
        texts = {message.to: message.message for message in sms.outbox}
        assert sorted(texts) == ["+46701740640", "+46701740642", "+46701740650"]
        assert texts["+46701740640"] == ("Överkalix: störning, Storm över Överkalix. Visa läget för Handlar'n i "
                                         "Lansjärv: http://overkalix.localhost/sot/handlarn-i-lansjarv/lage/")

        # The same task run again (a retry, a second worker) sends nothing more.
        disruption = Disruption.objects.get(municipality=overkalix)
        disruption_hosts_notify.call(disruption.pk, DisruptionNotice.Kind.DECLARED)
        assert len(mail.outbox) == 2
        assert len(sms.outbox) == 3

    def test_only_the_hosts_in_the_affected_localities_are_told(
            self, overkalix, editor, world, django_capture_on_commit_callbacks):
        declare(editor, overkalix, django_capture_on_commit_callbacks, localities=[world["svartbyn"]])
        run_notice_tasks()
        assert [message.to for message in mail.outbox] == [["vard.svartbyn@example.org"]]
        assert [message.to for message in sms.outbox] == ["+46701740642"]

    def test_a_message_that_fails_is_sent_on_the_next_run(
            self, overkalix, editor, world, monkeypatch, django_capture_on_commit_callbacks, caplog):
        class Down:
            def send(self, message):
                raise sms.SmsError("provider down")

        monkeypatch.setattr(sms, "get_backend", Down)
        disruption = declare(editor, overkalix, django_capture_on_commit_callbacks)
        run_notice_tasks()
        assert len(mail.outbox) == 2
        assert sms.outbox == []
        assert "could not send the declared sms notice" in caplog.text

        monkeypatch.undo()
        disruption_hosts_notify.call(disruption.pk, DisruptionNotice.Kind.DECLARED)
        assert len(mail.outbox) == 2
        assert len(sms.outbox) == 3


class EndedTests:
    def _storm_with_statuses(self, overkalix, editor, world, capture):
        disruption = declare(editor, overkalix, capture)
        run_notice_tasks()
        services.point_status_update(actor=world["host"], point=world["shop"], status="open",
                                     available_now=["warm_room"], places_free=12)
        mail.outbox.clear()
        sms.outbox.clear()
        return disruption

    def test_statuses_from_before_the_end_await_confirmation_and_their_hosts_are_asked(
            self, client, overkalix, editor, world, django_capture_on_commit_callbacks):
        disruption = self._storm_with_statuses(overkalix, editor, world, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            services.disruption_end(actor=editor, disruption=disruption)

        world["shop"].refresh_from_db()
        world["hall"].refresh_from_db()
        assert world["shop"].confirmation_requested_at == disruption.ended_at
        assert world["hall"].confirmation_requested_at is None, "no status was ever set there"
        page = client.get("/sot/", HTTP_HOST=HOST).content.decode()
        assert page.count(MARKED) == 1
        assert "Värmestuga: 12 av 30 platser lediga" in page, "the status is still shown, marked"
        text = client.get("/sot/handlarn-i-lansjarv.txt", HTTP_HOST=HOST).content.decode()
        assert "Ej bekräftat efter störningen, senast ändrat" in text

        assert mail.outbox == []
        assert queued_notices() == 1
        run_notice_tasks()
        assert [message.to for message in mail.outbox] == [["vard.lansjarv@example.org"]]
        asked = mail.outbox[0]
        assert asked.subject == "Störningen i Överkalix är över: bekräfta läget för din SOT-punkt"
        assert "- Handlar'n i Lansjärv (nu: Öppen): http://overkalix.localhost/sot/handlarn-i-lansjarv/lage/" in asked.body
        assert "Lansjärvs skola" not in asked.body
        assert [(message.to, message.message) for message in sms.outbox] == [
            ("+46701740640", "Överkalix: störningen är över. Bekräfta läget för Handlar'n i Lansjärv: "
                             "http://overkalix.localhost/sot/handlarn-i-lansjarv/lage/")]

    def test_the_host_confirms_from_the_status_page_and_residents_see_it_confirmed(
            self, client, overkalix, editor, world, django_capture_on_commit_callbacks):
        disruption = self._storm_with_statuses(overkalix, editor, world, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            services.disruption_end(actor=editor, disruption=disruption)
        before = world["shop"].status_updates.count()

        client.force_login(world["host"])
        page = client.get("/sot/handlarn-i-lansjarv/lage/", HTTP_HOST=HOST).content.decode()
        assert "Ej bekräftat efter störningen." in page
        assert "Läget stämmer – bekräfta" in page
        response = client.post("/sot/handlarn-i-lansjarv/lage/", {"bekrafta": "1"}, HTTP_HOST=HOST, follow=True)
        assert "Tack! Läget är bekräftat och visas nu för alla: öppen." in response.content.decode()
        assert "Läget stämmer – bekräfta" not in response.content.decode()

        world["shop"].refresh_from_db()
        assert world["shop"].confirmation_requested_at is None
        assert (world["shop"].status, world["shop"].places_free) == ("open", 12), "confirmed as it was"
        assert world["shop"].status_updates.count() == before + 1
        client.logout()
        assert MARKED not in client.get("/sot/", HTTP_HOST=HOST).content.decode()

    def test_setting_a_new_status_confirms_too_and_a_late_worker_does_not_ask_again(
            self, overkalix, editor, world, django_capture_on_commit_callbacks):
        disruption = self._storm_with_statuses(overkalix, editor, world, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            services.disruption_end(actor=editor, disruption=disruption)
        services.point_status_update(actor=world["host"], point=world["shop"], status="closed")
        world["shop"].refresh_from_db()
        assert world["shop"].confirmation_requested_at is None
        run_notice_tasks()
        assert mail.outbox == [], "nothing left to confirm"
        assert sms.outbox == [], "nothing left to confirm"

    def test_a_point_without_a_status_cannot_be_confirmed(self, client, overkalix, world):
        client.force_login(world["other"])
        response = client.post("/sot/svartbyns-bygdegard/lage/", {"bekrafta": "1"}, HTTP_HOST=HOST, follow=True)
        assert "Det finns inget läge att bekräfta." in response.content.decode()
        world["hall"].refresh_from_db()
        assert world["hall"].status == "unknown"
        assert not world["hall"].status_updates.exists()

    def test_someone_else_cannot_confirm_the_point(self, client, overkalix, world):
        client.force_login(world["other"])
        response = client.post("/sot/handlarn-i-lansjarv/lage/", {"bekrafta": "1"}, HTTP_HOST=HOST)
        assert response.status_code == 404
        assert not world["shop"].status_updates.exists()


class SmsTests:
    def test_swedish_numbers_become_e164_and_nonsense_is_refused(self):
        assert sms.normalise_number("070-174 06 40") == "+46701740640"
        assert sms.normalise_number("+46 70 174 06 40") == "+46701740640"
        assert sms.normalise_number("0046701740640") == "+46701740640"
        with pytest.raises(sms.SmsError):
            sms.normalise_number("ring oss")

    def test_the_46elks_adapter_refuses_to_send_without_credentials(self, settings):
        settings.SMS_ELKS_USERNAME = settings.SMS_ELKS_PASSWORD = ""
        with pytest.raises(sms.SmsError, match="SMS_ELKS_USERNAME"):
            sms.ElksBackend().send(sms.Sms(to="+46701740640", message="Test", sender="Kommunen"))
