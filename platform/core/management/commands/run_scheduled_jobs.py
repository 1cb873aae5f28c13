"""Runs settings.SCHEDULED_JOBS for as long as it lives (the compose `scheduler` service)."""
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from core.scheduling import Job, run_due

TICK_SECONDS = 30


class Command(BaseCommand):
    help = "Kör plattformens återkommande jobb (CAP-larm, påminnelser) enligt SCHEDULED_JOBS."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Kör de jobb som är på tur en gång och avsluta.")
        parser.add_argument("--heartbeat", type=Path,
                            help="Fil som rörs vid varje varv; hälsokontrollen läser dess ålder.")

    def handle(self, *args, once=False, heartbeat=None, **options):
        jobs = [Job.from_setting(spec) for spec in settings.SCHEDULED_JOBS]
        last_runs: dict = {}
        while True:
            if not once:
                # A long-lived process: drop a connection the database closed while we slept. (Not
                # with --once, which may run inside a caller's transaction, e.g. a test's.)
                close_old_connections()
            failed = run_due(jobs, last_runs, timezone.now())
            for command in failed:
                self.stderr.write(f"{command} misslyckades (se loggen)")
            if heartbeat is not None:
                heartbeat.touch()
            if once:
                return
            time.sleep(TICK_SECONDS)
