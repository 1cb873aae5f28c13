"""Överkalix ends a storm, and the host of Handlar'n i Lansjärv is asked to confirm the status.

The office declared the storm and the host showed "Öppen · 12 av 30 platser lediga" during it. When the
office ends the storm, a resident's open SOT list turns that status into "Ej bekräftat efter
störningen" by itself; the background worker e-mails the host (and texts the point's phone) with the
link; the host opens it on a phone and confirms; the resident's page shows the status confirmed.
Runs under uvicorn (`asgi_port`) for the live pages, like tests/e2e/test_storm_in_overkalix.py."""
import pytest
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from core import sms
from municipalities.models import Role
from sot_points.models import Capability
from sot_points.tasks import disruption_hosts_notify
from tests.factories.accounts import make_user
from tests.factories.municipalities import make_municipality, make_staff
from tests.factories.sot_points import make_locality, make_point
from tests.support.e2e import field, home_url, link_in, session_cookie

STORM = "Storm: Storm över Överkalix"


def _run_notice_tasks() -> None:
    """What the worker (`db_worker --backend embeddings`) does with the queued host notices."""
    while rows := list(DBTaskResult.objects.ready().filter(task_path=disruption_hosts_notify.module_path)):
        for row in rows:
            row.delete()
            row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])


@pytest.fixture(autouse=True)
def _empty_outboxes():
    sms.outbox.clear()
    mail.outbox = []
    yield
    sms.outbox.clear()


def test_storm_ends_and_the_host_confirms_the_status_from_a_phone(page, new_page, asgi_port):
    overkalix = make_municipality("2513", preset="alv", port=asgi_port)
    lansjarv = make_locality(overkalix, "Lansjärv", 66.65417, 22.19583)
    host = make_user("vard.lansjarv@example.org")
    make_point(overkalix, "Handlar'n i Lansjärv", locality=lansjarv, hosts=[host],
               capabilities=[Capability.RESERVE_POWER, Capability.WARM_ROOM, Capability.CHARGING])
    editor = make_staff(overkalix, Role.EDITOR, email="redaktor.overkalix@example.org")

    # The office declares the storm; the worker tells the host.
    office = new_page(cookies=session_cookie(editor, overkalix))
    office.goto(home_url(overkalix) + "admin/sot/")
    field(office, "Typ").select_option("storm")
    field(office, "Rubrik").fill("Storm över Överkalix")
    field(office, "Meddelande").fill("Stormen har slagit ut strömmen. Gå till närmaste SOT-punkt för värme.")
    office.get_by_role("button", name="Lys ut störning").click()
    expect(office.get_by_role("status")).to_contain_text("Störningen är utlyst")
    _run_notice_tasks()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["vard.lansjarv@example.org"], "Störning i Överkalix: visa läget för din SOT-punkt")]

    # During the storm the host shows the point open with its warm room.
    phone = new_page(cookies=session_cookie(host, overkalix))
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(link_in(mail.outbox[0]))
    phone.get_by_label("Reservkraft", exact=True).check()
    phone.get_by_label("Värmestuga", exact=True).check()
    field(phone, "Lediga platser i värmestugan").fill("12")
    phone.get_by_role("button", name="Öppen").click()
    expect(phone.get_by_role("status")).to_contain_text("Läget är sparat")

    # A resident has the SOT list open.
    page.goto(home_url(overkalix) + "sot/")
    point = page.locator('[data-sot-point="handlarn-i-lansjarv"]')
    expect(point).to_contain_text("Värmestuga: 12 av 30 platser lediga")
    expect(page.get_by_role("region", name=STORM)).to_be_visible()

    # The office ends the storm.
    mail.outbox = []
    sms.outbox.clear()
    office.goto(home_url(overkalix) + "admin/sot/")
    office.get_by_role("button", name="Avsluta störningen").click()
    expect(office.get_by_role("status")).to_contain_text("Störningen är avslutad")

    # The resident's page turns into the page after the storm by itself: the status is still shown,
    # marked as not confirmed.
    expect(page.get_by_role("region", name=STORM)).to_have_count(0)
    expect(point.locator(".sot-stale")).to_have_text("Ej bekräftat efter störningen")
    expect(point.locator('[data-field="status_label"]')).to_have_text("Öppen")

    # The worker asks the host to confirm: an e-mail with the link, and a text to the point's phone.
    assert mail.outbox == [], "ending the storm only queued the notices"
    _run_notice_tasks()
    [asked] = mail.outbox
    assert asked.to == ["vard.lansjarv@example.org"]
    assert asked.subject == "Störningen i Överkalix är över: bekräfta läget för din SOT-punkt"
    assert "Handlar'n i Lansjärv (nu: Öppen)" in asked.body
    assert [text.to for text in sms.outbox] == ["+46701740640"]
    assert "Bekräfta läget för Handlar'n i Lansjärv" in sms.outbox[0].message

    # The host follows the link on the phone and confirms with one tap.
    phone.goto(link_in(asked))
    expect(phone.get_by_text("Ej bekräftat efter störningen.")).to_be_visible()
    phone.get_by_role("button", name="Läget stämmer – bekräfta").click()
    expect(phone.get_by_role("status")).to_contain_text("Tack! Läget är bekräftat och visas nu för alla: öppen.")
    expect(phone.get_by_role("button", name="Läget stämmer – bekräfta")).to_have_count(0)

    # The resident's open page shows it confirmed, and says so where screen readers hear it.
    expect(point.locator(".sot-stale")).to_have_count(0)
    expect(point.locator('[data-field="age"]')).to_contain_text("Uppdaterat")
    expect(point).to_contain_text("Värmestuga: 12 av 30 platser lediga")
    expect(page.locator("[data-live-status]")).to_have_text("Nytt läge för Handlar'n i Lansjärv: Öppen")

    # So does the text version for SMS and notice boards.
    text = Client().get("/sot/handlarn-i-lansjarv.txt", HTTP_HOST=f"overkalix.localhost:{asgi_port}").content.decode()
    assert text.startswith("Handlar'n i Lansjärv är öppen")
    assert "Senast bekräftat" in text
