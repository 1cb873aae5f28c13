"""The static snapshot: rewritten on every change, served by nginx with no Django behind it."""
import http.client
import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from sot_points import services
from tests.factories.accounts import make_user
from tests.factories.sot_points import make_point
from tests.support.nginx import LoopbackNginx, free_port, page_cache_proxy_location, snapshot_location

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot_root(settings, tmp_path):
    settings.SOT_SNAPSHOT_ROOT = str(tmp_path / "sot-snapshot")
    return tmp_path / "sot-snapshot"


def _get(port: int, path: str) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "overkalix.localhost"})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
    finally:
        connection.close()


def test_status_change_rewrites_the_snapshot(snapshot_root, point, host, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.point_status_update(actor=host, point=point, status="open", available_now=["reserve_power"],
                                     places_free=12, message="Reservkraften går")
    folder = snapshot_root / "overkalix"
    html = (folder / "index.html").read_text()
    assert "Öppen" in html
    assert "värmestuga: 12 av 30 platser lediga" in html
    assert "Reservkraften går" in html
    assert json.loads((folder / "sot.json").read_text())["points"][0]["status"] == "open"
    assert json.loads((folder / "sot.geojson").read_text())["features"][0]["properties"]["places_free"] == 12
    text = (folder / "sot.txt").read_text()
    assert re.search(r"Handlar'n i Lansjärv är öppen( till \d\d\.\d\d)? med reservkraft\. Reservkraften går\.", text)
    assert not [p for p in folder.iterdir() if p.name.startswith(".")], "no temporary files left behind"

    with django_capture_on_commit_callbacks(execute=True):
        services.point_status_update(actor=host, point=point, status="closed")
    assert "Stängd" in (folder / "index.html").read_text()


def test_a_rolled_back_change_is_never_published(snapshot_root, point, host, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.point_status_update(actor=host, point=point, status="open")
    assert callbacks
    assert not (snapshot_root / "overkalix").exists()


def test_nginx_serves_the_latest_list_while_the_app_is_down(snapshot_root, point, host, tmp_path,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.point_status_update(actor=host, point=point, status="open", places_free=12,
                                     available_now=["reserve_power", "warm_room"])
    dead_app = free_port()  # nothing listens here: the app is stopped
    locations = snapshot_location(snapshot_root.parent) + page_cache_proxy_location(dead_app)
    with LoopbackNginx(tmp_path / "nginx", free_port(), locations) as nginx:
        status, _, _ = _get(nginx.port, "/sot/")
        assert status == 502, "the app really is down"
        status, headers, html = _get(nginx.port, "/sot-snapshot/overkalix/")
        assert status == 200
        assert headers["content-type"].startswith("text/html")
        assert "Handlar&#x27;n i Lansjärv" in html
        assert "Öppen" in html
        assert "12 av 30" in html
        assert headers["cache-control"] == "no-cache"
        status, headers, body = _get(nginx.port, "/sot-snapshot/overkalix/sot.json")
        assert status == 200
        assert json.loads(body)["points"][0]["places_free"] == 12
        status, _, text = _get(nginx.port, "/sot-snapshot/overkalix/sot.txt")
        assert status == 200
        assert "Handlar'n i Lansjärv är öppen" in text
        assert "värme (12 av 30 platser lediga)" in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_background_writer_rewrites_once_per_burst_after_the_change(snapshot_root, settings, overkalix):
    """In production the host's request does not wait for the files, and one admin save (a change per
    inline row: 14 opening-hour rows here) is one write, not fifteen."""
    from sot_points.publishing import background_writer

    settings.SOT_SNAPSHOT_DELAY_SECONDS = 30  # nothing is written until flush(): the test sets the pace
    writer = background_writer()
    writes_before = writer.writes
    host = make_user("vard.lansjarv@example.org")
    with transaction.atomic():
        point = make_point(overkalix, hosts=[host])
    index = snapshot_root / "overkalix" / "index.html"
    assert not index.exists(), "written in the background, not on the request"
    assert writer.flush()
    assert writer.writes == writes_before + 1
    assert "Handlar&#x27;n i Lansjärv" in index.read_text()

    services.point_status_update(actor=host, point=point, status="open", places_free=7)
    services.point_status_update(actor=host, point=point, status="limited", places_free=2)
    assert writer.flush()
    assert writer.writes == writes_before + 2
    assert "Begränsad" in index.read_text()
    assert "2 av 30 platser lediga" in index.read_text()


def test_an_official_alert_is_written_into_the_snapshot_of_the_municipality_it_covers(
        snapshot_root, point, asele, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from alerts.services import import_cap_document
    from tests.support.alert_messages import OVERKALIX_SNOW, load

    make_point(asele, name="Affären i Fredrika")
    call_command("write_sot_snapshot", stdout=StringIO())
    assert "Snöfall" not in (snapshot_root / "overkalix" / "index.html").read_text()
    with django_capture_on_commit_callbacks(execute=True):
        import_cap_document(load(OVERKALIX_SNOW, at=timezone.now()), "test:snow")
    assert "Orange varning – Snöfall, Överkalix" in (snapshot_root / "overkalix" / "index.html").read_text()
    assert "Snöfall" not in (snapshot_root / "asele" / "index.html").read_text()


def test_the_snapshot_command_writes_every_municipality_or_the_named_ones(snapshot_root, point, asele):
    out = StringIO()
    call_command("write_sot_snapshot", stdout=out)
    assert (snapshot_root / "overkalix" / "sot.json").exists()
    assert (snapshot_root / "asele" / "sot.json").exists()
    assert "SOT-kopior skrivna" in out.getvalue()
    with pytest.raises(CommandError, match="Okänd kommun: pajala"):
        call_command("write_sot_snapshot", "overkalix", "pajala", stdout=StringIO())
