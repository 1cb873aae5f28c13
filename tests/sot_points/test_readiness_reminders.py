"""Hosts who miss the monthly readiness check are e-mailed a link to confirm; the office gets a summary."""
import re
from datetime import timedelta
from io import StringIO
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from municipalities.services import municipality_update_office
from sot_points import services
from sot_points.models import ReadinessCheck
from tests.factories.accounts import make_superuser, make_user
from tests.factories.sot_points import make_point

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+")


def _office(municipality, email: str):
    admin = make_superuser(f"admin.{municipality.slug}@example.org")
    return municipality_update_office(municipality=municipality, actor=admin, office_email=email)


def _confirm(point, host, *, days_ago: int = 0) -> None:
    check = services.readiness_confirm(actor=host, point=point, generator_tested=True, contacts_checked=True,
                                       fuel_percent=90)
    ReadinessCheck.objects.filter(pk=check.pk).update(created_at=timezone.now() - timedelta(days=days_ago))


def _to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def _mentioning(name: str) -> list:
    return [message for message in mail.outbox if name in message.subject or name in message.body]


class HostReminderTests:
    def test_the_hosts_of_an_overdue_point_get_one_email_with_the_link_that_opens_the_readiness_form(
            self, client, overkalix, point, host):
        colleague = make_user("kollega.lansjarv@example.org")
        point.hosts.add(colleague)

        assert services.points_remind_readiness().points == 1

        [message] = mail.outbox
        assert sorted(message.to) == ["kollega.lansjarv@example.org", "vard.lansjarv@example.org"]
        assert message.subject == "Dags att bekräfta beredskapen för Handlar'n i Lansjärv"
        assert "Beredskapen har aldrig bekräftats." in message.body
        for what_to_check in ("Provkör reservkraftverket.", "bränsle", "kontaktuppgifter"):
            assert what_to_check in message.body
        [link] = LINK.findall(message.body)
        assert link == "http://overkalix.localhost/sot/handlarn-i-lansjarv/beredskap/"
        client.force_login(host)
        page = client.get(link.removeprefix("http://overkalix.localhost"), HTTP_HOST="overkalix.localhost")
        assert page.status_code == 200
        assert "Bekräfta beredskap" in page.content.decode()

    def test_running_again_the_same_day_or_within_a_week_sends_nothing_and_after_a_week_a_new_one(self, point, host):
        services.points_remind_readiness()
        assert len(_to(host.email)) == 1

        assert services.points_remind_readiness().points == 0
        assert services.points_remind_readiness(now=timezone.now() + timedelta(days=6)).points == 0
        assert len(_to(host.email)) == 1

        assert services.points_remind_readiness(now=timezone.now() + timedelta(days=7)).points == 1
        assert len(_to(host.email)) == 2

    def test_after_the_host_confirms_on_the_page_no_reminder_until_the_next_check_is_missed(self, client, point, host):
        services.points_remind_readiness()
        client.force_login(host)
        response = client.post(f"/sot/{point.slug}/beredskap/", {"generator_tested": "on", "contacts_checked": "on",
                                                                 "fuel_percent": "75"}, HTTP_HOST="overkalix.localhost")
        assert response.status_code == 302

        for days in (7, 14, 28):
            services.points_remind_readiness(now=timezone.now() + timedelta(days=days))
        assert len(_to(host.email)) == 1, "confirmed: nothing more this month"

        services.points_remind_readiness(now=timezone.now() + timedelta(days=32))
        assert len(_to(host.email)) == 2, "a month later the next check is due"

    def test_a_host_who_confirms_and_then_misses_a_short_interval_is_reminded_at_once(self, settings, point, host):
        settings.SOT_READINESS_INTERVAL_DAYS = 2
        services.points_remind_readiness()
        _confirm(point, host)
        assert services.points_remind_readiness(now=timezone.now() + timedelta(days=3)).points == 1, \
            "the reminder before the confirmation does not hold back the next one"
        assert len(_to(host.email)) == 2

    def test_a_point_confirmed_yesterday_gets_no_reminder(self, point, host):
        _confirm(point, host, days_ago=1)
        assert services.points_remind_readiness().points == 0
        assert mail.outbox == []

    def test_a_point_last_confirmed_long_ago_is_told_when(self, point, host):
        _confirm(point, host, days_ago=40)
        services.points_remind_readiness()
        [message] = _to(host.email)
        when = timezone.localtime(timezone.now() - timedelta(days=40))
        assert f"Senast bekräftat {when.day} " in message.body
        assert str(when.year) in message.body
        assert "aldrig" not in message.body

    def test_an_unpublished_point_is_not_reminded_nor_listed_to_the_office(self, overkalix, host):
        _office(overkalix, "naringsliv@overkalix.example.org")
        make_point(overkalix, "Skolan i Svartbyn", hosts=[host], is_published=False)
        result = services.points_remind_readiness()
        assert (result.points, result.offices) == (0, 0)
        assert mail.outbox == []

    def test_a_failed_email_is_tried_again_on_the_next_run(self, monkeypatch, point, host):
        def smtp_down(*args, **kwargs):
            raise SMTPException("connection refused")

        monkeypatch.setattr("sot_points.notifications.send_mail", smtp_down)
        assert services.points_remind_readiness().failed == 1
        monkeypatch.undo()
        assert services.points_remind_readiness().points == 1
        assert len(_to(host.email)) == 1


class OfficeSummaryTests:
    @pytest.fixture
    def offices(self, overkalix, arvidsjaur):
        return (_office(overkalix, "naringsliv@overkalix.example.org"),
                _office(arvidsjaur, "naringsliv@arvidsjaur.example.org"))

    def test_the_office_gets_one_summary_of_exactly_its_own_overdue_points(self, offices, overkalix, arvidsjaur, host):
        make_point(overkalix, "Handlar'n i Lansjärv", hosts=[host])
        long_ago = make_point(overkalix, "Bygdegården i Tore", hosts=[])
        _confirm(long_ago, make_superuser("kommunen@example.org"), days_ago=40)
        _confirm(make_point(overkalix, "Macken i Överkalix", hosts=[host]), host, days_ago=1)
        make_point(overkalix, "Skolan i Svartbyn", hosts=[host], is_published=False)
        make_point(arvidsjaur, "Sporthallen i Arvidsjaur", hosts=[make_user("vard.arvidsjaur@example.org")])

        assert services.points_remind_readiness().offices == 2

        [summary] = _to("naringsliv@overkalix.example.org")
        assert summary.subject == "SOT-punkter i Överkalix som inte bekräftat beredskapen"
        listed = [line for line in summary.body.splitlines() if line.startswith("- ")]
        when = timezone.localtime(timezone.now() - timedelta(days=40))
        assert len(listed) == 2
        assert listed[0].startswith(f"- Bygdegården i Tore: Senast bekräftad {when.day} ")
        assert listed[0].endswith(f"{when.year} (ingen värd att påminna)")
        assert listed[1] == "- Handlar'n i Lansjärv: Aldrig bekräftad"
        assert "Sporthallen i Arvidsjaur" not in summary.body
        assert "http://overkalix.localhost/admin/sot/" in LINK.findall(summary.body)

        [other] = _to("naringsliv@arvidsjaur.example.org")
        assert [line for line in other.body.splitlines() if line.startswith("- ")] == [
            "- Sporthallen i Arvidsjaur: Aldrig bekräftad"]

    def test_a_point_without_hosts_is_only_in_the_office_summary(self, offices, overkalix):
        make_point(overkalix, "Bygdegården i Tore", hosts=[])
        result = services.points_remind_readiness()
        assert (result.points, result.offices) == (0, 1)
        assert [message.to for message in _mentioning("Bygdegården i Tore")] == [["naringsliv@overkalix.example.org"]]

    def test_the_office_gets_at_most_one_summary_a_week_even_when_more_points_fall_behind(self, offices, overkalix):
        make_point(overkalix, "Bygdegården i Tore")
        services.points_remind_readiness()
        make_point(overkalix, "Macken i Överkalix")
        services.points_remind_readiness(now=timezone.now() + timedelta(days=1))
        assert len(_to("naringsliv@overkalix.example.org")) == 1

        services.points_remind_readiness(now=timezone.now() + timedelta(days=7))
        [_first, second] = _to("naringsliv@overkalix.example.org")
        assert "Bygdegården i Tore" in second.body
        assert "Macken i Överkalix" in second.body

    def test_a_summary_that_could_not_be_sent_is_sent_on_the_next_run(self, monkeypatch, offices, overkalix):
        from django.core.mail import send_mail

        def office_unreachable(subject, body, sender, recipients):
            if "naringsliv@overkalix.example.org" in recipients:
                raise SMTPException("mailbox unavailable")
            return send_mail(subject, body, sender, recipients)

        make_point(overkalix, "Bygdegården i Tore")
        make_point(overkalix, "Macken i Överkalix")
        monkeypatch.setattr("sot_points.notifications.send_mail", office_unreachable)
        assert services.points_remind_readiness().failed == 1
        monkeypatch.undo()
        assert services.points_remind_readiness().offices == 1
        assert len(_to("naringsliv@overkalix.example.org")) == 1

    def test_without_an_office_address_the_hosts_are_still_reminded(self, point, host):
        result = services.points_remind_readiness()
        assert (result.points, result.offices) == (1, 0)
        assert [message.to for message in mail.outbox] == [[host.email]]


class CommandTests:
    def test_the_daily_command_prints_what_it_sent(self, point, overkalix):
        _office(overkalix, "naringsliv@overkalix.example.org")
        out = StringIO()
        call_command("remind_sot_readiness", stdout=out)
        assert out.getvalue().strip() == "1 host reminders sent, 1 office summaries sent"
        out = StringIO()
        call_command("remind_sot_readiness", stdout=out)
        assert out.getvalue().strip() == "0 host reminders sent, 0 office summaries sent"

    def test_the_command_fails_when_an_email_could_not_be_sent(self, monkeypatch, point):
        def smtp_down(*args, **kwargs):
            raise SMTPException("connection refused")

        monkeypatch.setattr("sot_points.notifications.send_mail", smtp_down)
        with pytest.raises(CommandError, match="1 e-mails could not be sent"):
            call_command("remind_sot_readiness", stdout=StringIO())
