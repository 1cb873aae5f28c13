"""The scheduler (`run_scheduled_jobs`) runs the platform's periodic jobs: official alerts are
fetched every few minutes, reminders go out in the daytime, and one failing job never stops the others."""
import functools
import threading
from datetime import datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts.models import OfficialAlert
from core.scheduling import Job, run_due
from tests.factories.accounts import make_user
from tests.factories.sot_points import make_point
from tests.support.alert_messages import OVERKALIX_SNOW, load

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _local(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=STOCKHOLM)


class DueTests:
    def test_a_daytime_job_runs_once_an_hour_in_the_daytime_only(self):
        job = Job(command="remind_sot_readiness", every=timedelta(minutes=60), hours=(9, 17))
        assert job.due(None, _local(10))
        assert not job.due(_local(10), _local(10, 30))
        assert job.due(_local(10), _local(11))
        assert not job.due(None, _local(20)), "no e-mails to hosts in the evening"
        assert not job.due(None, _local(8, 59))

    def test_a_job_needing_a_setting_waits_until_it_is_set(self, settings):
        job = Job(command="import_cap_alerts", every=timedelta(minutes=5), requires="CAP_FEED_URLS")
        settings.CAP_FEED_URLS = []
        assert not job.due(None, _local(3))
        settings.CAP_FEED_URLS = ["http://127.0.0.1:9/feed.xml"]
        assert job.due(None, _local(3))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture
def feed(tmp_path):
    """The Överkalix snow warning served over HTTP on 127.0.0.1; yields its URL."""
    (tmp_path / OVERKALIX_SNOW).write_bytes(load(OVERKALIX_SNOW, at=timezone.now()))
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{OVERKALIX_SNOW}"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
class ScheduledJobsTests:
    def test_the_configured_jobs_fetch_alerts_and_remind_hosts_in_the_daytime(self, settings, feed, overkalix):
        settings.CAP_FEED_URLS = [feed]
        make_point(overkalix, hosts=[make_user("vard.lansjarv@example.org")])  # never confirmed readiness
        jobs = [Job.from_setting(spec) for spec in settings.SCHEDULED_JOBS]

        ten_this_morning = timezone.now().astimezone(STOCKHOLM).replace(hour=10, minute=0)
        assert run_due(jobs, {}, now=ten_this_morning) == []
        assert OfficialAlert.objects.count() == 1
        assert [m.to for m in mail.outbox] == [["vard.lansjarv@example.org"]]

    def test_a_failing_job_is_reported_and_the_others_still_run(self, settings, overkalix, tmp_path):
        settings.CAP_FEED_URLS = ["http://127.0.0.1:9/stangd.xml"]  # nothing listens on port 9
        settings.SCHEDULED_JOBS = [{"command": "import_cap_alerts", "every_minutes": 5, "requires": "CAP_FEED_URLS"},
                                   {"command": "remind_sot_readiness", "every_minutes": 60}]
        make_point(overkalix, hosts=[make_user("vard.lansjarv@example.org")])
        heartbeat, errors = tmp_path / "alive", StringIO()
        call_command("run_scheduled_jobs", "--once", "--heartbeat", str(heartbeat), stdout=StringIO(), stderr=errors)
        assert "import_cap_alerts misslyckades" in errors.getvalue()
        assert len(mail.outbox) == 1, "the reminder still went out"
        assert heartbeat.exists(), "the health check sees the scheduler alive"
