"""Import official alerts (CAP 1.2) from files, URLs, or the feeds in settings.CAP_FEED_URLS.

Meant to run every few minutes. Rejected messages and unreachable feeds are logged (logger
"alerts.cap") and make the exit status 1; they never end in a traceback.
"""
import logging
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alerts import cap
from alerts.feeds import DEFAULT_TIMEOUT, FetchError, documents_from_url
from alerts.services import import_cap_document

logger = logging.getLogger("alerts.cap")


def configured_feed_urls() -> list[str]:
    urls = getattr(settings, "CAP_FEED_URLS", None) or []
    if isinstance(urls, str):  # tolerate a single URL or a space/comma-separated string
        urls = urls.replace(",", " ").split()
    return [url for url in urls if url]


class Command(BaseCommand):
    help = "Hämtar officiella varningar (CAP 1.2) från filer, webbadresser eller flödena i CAP_FEED_URLS."

    def add_arguments(self, parser):
        parser.add_argument("--file", action="append", default=[], dest="files", metavar="PATH",
                            help="A CAP message on disk (repeatable).")
        parser.add_argument("--url", action="append", default=[], dest="urls", metavar="URL",
                            help="A CAP message or an Atom/RSS feed linking to CAP messages (repeatable). "
                                 "Without --file/--url the URLs in settings.CAP_FEED_URLS are read.")
        parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                            help=f"Seconds to wait for each HTTP response (default {DEFAULT_TIMEOUT:g}).")

    def handle(self, *args, files, urls, timeout, **options):
        if not files and not urls:
            urls = configured_feed_urls()
        if not files and not urls:
            raise CommandError("Nothing to import: give --file or --url, or set CAP_FEED_URLS.")
        outcomes: Counter = Counter()
        failures = 0
        for path in files:
            try:
                with open(path, "rb") as handle:
                    data = handle.read(cap.MAX_BYTES + 1)
            except OSError as exc:
                logger.warning("CAP file %s could not be read: %s", path, exc.strerror or exc)
                failures += 1
                continue
            failures += self._import(data, str(path), outcomes)
        for url in urls:
            try:
                documents, errors = documents_from_url(url, timeout=timeout)
            except FetchError as exc:
                logger.warning("CAP feed could not be fetched: %s", exc)
                failures += 1
                continue
            for error in errors:
                logger.warning("CAP message could not be fetched: %s", error)
            failures += len(errors)
            for document in documents:
                failures += self._import(document.data, document.source, outcomes)
        self.stdout.write(
            f"CAP import: {outcomes['created']} new, {outcomes['unchanged']} unchanged, "
            f"{outcomes['ignored']} ignored, {outcomes['rejected']} rejected, {failures} failed"
        )
        if outcomes["rejected"] or failures:
            raise CommandError(f"{outcomes['rejected']} message(s) rejected, {failures} failed; see the log "
                               f"(logger alerts.cap)", returncode=1)

    @staticmethod
    def _import(data: bytes, source: str, outcomes: Counter) -> int:
        """Import one document; 1 if it failed unexpectedly (logged), else 0."""
        try:
            outcomes[import_cap_document(data, source).outcome] += 1
        except Exception:  # noqa: BLE001 - one broken message must not stop the others
            logger.exception("CAP message from %s could not be imported", source)
            return 1
        return 0
