"""The platform's periodic jobs: which management command runs how often, and when it is due.

Every job is a management command that is safe to run again at any time (each remembers what it
already did: alerts by identifier, reminders by their stamps), so the scheduler keeps no state
beyond the process: after a restart every job is simply due once more. Jobs that e-mail people
may be limited to daytime hours, Swedish time.
"""
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

logger = logging.getLogger("core.scheduling")


@dataclass(frozen=True)
class Job:
    command: str
    every: timedelta
    hours: tuple[int, int] | None = None  # local hours [start, end) when the job may run
    args: tuple[str, ...] = field(default_factory=tuple)
    requires: str = ""  # a setting that must be non-empty (e.g. no feed URLs: nothing to fetch)

    @classmethod
    def from_setting(cls, spec: dict) -> "Job":
        hours = spec.get("hours")
        return cls(command=spec["command"], every=timedelta(minutes=spec["every_minutes"]),
                   hours=tuple(hours) if hours else None, args=tuple(spec.get("args", ())),
                   requires=spec.get("requires", ""))

    def allowed_at(self, now: datetime) -> bool:
        if self.requires and not getattr(settings, self.requires, None):
            return False
        if self.hours is None:
            return True
        start, end = self.hours
        return start <= timezone.localtime(now).hour < end

    def due(self, last_run: datetime | None, now: datetime) -> bool:
        return self.allowed_at(now) and (last_run is None or now - last_run >= self.every)


def run_due(jobs: list[Job], last_runs: dict[str, datetime], now: datetime | None = None) -> list[str]:
    """Runs every due job once; a failing job is logged and never stops the others. Returns what failed."""
    now = now or timezone.now()
    failed = []
    for job in jobs:
        if not job.due(last_runs.get(job.command), now):
            continue
        last_runs[job.command] = now  # a failing job waits its interval too, instead of retrying in a loop
        try:
            call_command(job.command, *job.args)
        except (Exception, SystemExit):  # a command's CommandError or sys.exit(1) is its own failure
            logger.exception("scheduled job %s failed", job.command)
            failed.append(job.command)
    return failed
