"""`import_cap_alerts` from files and over real HTTP (a local http.server in a thread)."""
import functools
import logging
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from alerts.models import OfficialAlert, RejectedAlert
from tests.support.alert_messages import ASELE_VMA, NORRBOTTEN_WIND, NORRBOTTEN_WIND_UPDATE, OVERKALIX_SNOW, load

pytestmark = pytest.mark.django_db


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture
def served(tmp_path):
    """A directory served over HTTP on 127.0.0.1; yields (directory, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _write(directory, name: str, *, at=None) -> str:
    path = directory / name
    path.write_bytes(load(name, at=at or timezone.now()))
    return str(path)


def _run(*args):
    """(exit code, stdout) of the command."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("import_cap_alerts", *args, stdout=out, stderr=StringIO())
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    return 0, out.getvalue()


def _atom(entries: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>urn:test:feed</id><title>Varningar</title><updated>2026-11-20T10:00:00+01:00</updated>"
            f"{entries}</feed>").encode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FileImportTests:
    def test_files_are_imported_and_the_exit_code_is_zero(self, tmp_path):
        paths = [_write(tmp_path, name) for name in (NORRBOTTEN_WIND, OVERKALIX_SNOW)]
        code, out = _run("--file", paths[0], "--file", paths[1])
        assert code == 0
        assert "2 new" in out
        assert "0 rejected" in out
        assert OfficialAlert.objects.count() == 2
        assert set(OfficialAlert.objects.values_list("source", flat=True)) == set(paths)

    def test_importing_the_same_files_again_changes_nothing(self, tmp_path):
        path = _write(tmp_path, NORRBOTTEN_WIND)
        _run("--file", path)
        code, out = _run("--file", path)
        assert code == 0
        assert "1 unchanged" in out
        assert OfficialAlert.objects.count() == 1

    def test_a_rejected_file_makes_the_exit_code_non_zero_and_is_logged(self, tmp_path, caplog):
        good = _write(tmp_path, ASELE_VMA)
        bad = _write(tmp_path, "xxe.xml")
        with caplog.at_level(logging.WARNING, logger="alerts.cap"):
            code, out = _run("--file", good, "--file", bad)
        assert code == 1
        assert "1 new" in out
        assert "1 rejected" in out
        assert any("forbidden_dtd" in r.getMessage() and bad in r.getMessage() for r in caplog.records)
        assert RejectedAlert.objects.get().source == bad
        assert OfficialAlert.objects.count() == 1

    def test_a_missing_file_is_logged_not_a_traceback(self, tmp_path, caplog):
        with caplog.at_level(logging.WARNING, logger="alerts.cap"):
            code, out = _run("--file", str(tmp_path / "finns-inte.xml"))
        assert code == 1
        assert "1 failed" in out
        assert any("could not be read" in r.getMessage() for r in caplog.records)

    def test_without_sources_the_configured_feeds_are_read(self, settings, served):
        directory, base = served
        _write(directory, NORRBOTTEN_WIND)
        settings.CAP_FEED_URLS = [f"{base}/{NORRBOTTEN_WIND}"]
        assert _run()[0] == 0
        assert OfficialAlert.objects.count() == 1

    def test_without_sources_or_configuration_the_command_says_so(self, settings):
        settings.CAP_FEED_URLS = []
        code, _ = _run()
        assert code == 1


class UrlImportTests:
    def test_a_url_answering_one_cap_message_is_imported(self, served):
        directory, base = served
        _write(directory, OVERKALIX_SNOW)
        code, out = _run("--url", f"{base}/{OVERKALIX_SNOW}")
        assert code == 0
        assert "1 new" in out
        assert OfficialAlert.objects.get().source == f"{base}/{OVERKALIX_SNOW}"

    def test_an_atom_feed_is_followed_to_its_cap_messages(self, served):
        directory, base = served
        for name in (NORRBOTTEN_WIND, NORRBOTTEN_WIND_UPDATE, ASELE_VMA):
            _write(directory, name)
        (directory / "flode.atom").write_bytes(_atom(
            # newest first, as feeds list them; one relative link, one typed CAP link beside an HTML page
            f'<entry><id>u</id><title>u</title><updated>2026-11-20T11:00:00+01:00</updated>'
            f'<link rel="alternate" type="text/html" href="https://www.smhi.se/"/>'
            f'<link rel="related" type="application/cap+xml" href="{base}/{NORRBOTTEN_WIND_UPDATE}"/></entry>'
            f'<entry><id>v</id><title>v</title><updated>2026-11-20T06:00:00+01:00</updated>'
            f'<link href="{NORRBOTTEN_WIND}"/></entry>'
            f'<entry><id>a</id><title>a</title><updated>2026-11-20T09:12:00+01:00</updated>'
            f'<link rel="alternate" href="{base}/{ASELE_VMA}"/></entry>'
        ))
        code, out = _run("--url", f"{base}/flode.atom")
        assert code == 0
        assert "3 new" in out
        original = OfficialAlert.objects.get(identifier__endswith="060000.vind.25")
        assert original.withdrawn == "superseded"
        assert original.source == f"{base}/{NORRBOTTEN_WIND}"

    def test_an_atom_entry_may_carry_the_cap_message_inline(self, served):
        directory, base = served
        message = load(ASELE_VMA, at=timezone.now()).split(b"?>", 1)[1]  # without the XML declaration
        (directory / "inline.atom").write_bytes(_atom(
            f"<entry><id>urn:vma:1</id><title>VMA</title><updated>2026-11-20T09:12:00+01:00</updated>"
            f'<content type="application/cap+xml">{message.decode()}</content></entry>'))
        code, _ = _run("--url", f"{base}/inline.atom")
        assert code == 0
        assert OfficialAlert.objects.get().source == f"{base}/inline.atom#urn:vma:1"

    def test_an_rss_feed_is_followed_to_its_cap_messages(self, served):
        directory, base = served
        _write(directory, ASELE_VMA)
        (directory / "flode.rss").write_bytes(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>VMA</title><link>{base}/</link>'
            f"<description>x</description><item><title>VMA Åsele</title><link>{base}/{ASELE_VMA}</link></item>"
            f"</channel></rss>".encode())
        code, _ = _run("--url", f"{base}/flode.rss")
        assert code == 0
        assert OfficialAlert.objects.count() == 1

    def test_a_feed_entry_pointing_at_a_missing_message_is_logged_and_the_rest_imported(self, served, caplog):
        directory, base = served
        _write(directory, ASELE_VMA)
        (directory / "flode.atom").write_bytes(_atom(
            f'<entry><id>1</id><title>1</title><updated>2026-11-20T09:00:00+01:00</updated><link href="saknas.xml"/></entry>'
            f'<entry><id>2</id><title>2</title><updated>2026-11-20T09:00:00+01:00</updated><link href="{ASELE_VMA}"/></entry>'))
        with caplog.at_level(logging.WARNING, logger="alerts.cap"):
            code, out = _run("--url", f"{base}/flode.atom")
        assert code == 1
        assert "1 new" in out
        assert "1 failed" in out
        assert any("HTTP 404" in r.getMessage() for r in caplog.records)
        assert OfficialAlert.objects.count() == 1

    def test_a_feed_link_to_a_local_file_is_not_followed(self, served, caplog):
        directory, base = served
        (directory / "flode.atom").write_bytes(_atom(
            '<entry><id>1</id><title>1</title><updated>2026-11-20T09:00:00+01:00</updated>'
            '<link href="file:///etc/passwd"/></entry>'))
        with caplog.at_level(logging.WARNING, logger="alerts.cap"):
            code, _ = _run("--url", f"{base}/flode.atom")
        assert code == 1
        assert any("only http and https" in r.getMessage() for r in caplog.records)
        assert not RejectedAlert.objects.filter(payload__contains="root:").exists()

    def test_an_unreachable_server_is_logged_not_raised(self, caplog):
        with caplog.at_level(logging.WARNING, logger="alerts.cap"):
            code, out = _run("--url", f"http://127.0.0.1:{_free_port()}/flode.atom", "--timeout", "2")
        assert code == 1
        assert "1 failed" in out
        assert any("could not be fetched" in r.getMessage() for r in caplog.records)

    def test_an_html_page_instead_of_a_feed_is_rejected_with_its_reason(self, served, caplog):
        directory, base = served
        (directory / "fel.html").write_bytes(b"<html><body><p>Sidan finns inte<br></body></html>")
        with caplog.at_level(logging.WARNING, logger="alerts.cap"):
            code, out = _run("--url", f"{base}/fel.html")
        assert code == 1
        assert "1 rejected" in out
        assert RejectedAlert.objects.get().code == "not_xml"
