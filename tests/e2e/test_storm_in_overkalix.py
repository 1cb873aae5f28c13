"""A storm in Överkalix: the office declares a disruption, a resident sees the banner and the SOT
list (a page already open turns into the disruption page by itself), the host of Handlar'n i Lansjärv sets the point's status from a phone, and the resident's
open page changes without a reload. Without JavaScript the lite page shows the same status.

Websockets need an ASGI server, so this story runs the app under uvicorn (the `asgi_port` fixture of
tests/e2e/conftest.py) rather than on the WSGI live server."""
from playwright.sync_api import Browser, expect

from municipalities.models import Role
from sot_points.models import Capability
from tests.factories.accounts import make_user
from tests.factories.municipalities import make_municipality, make_staff
from tests.factories.sot_points import make_locality, make_point
from tests.support.e2e import field, home_url, session_cookie


def test_storm_declared_resident_sees_status_change_live(page, new_page, browser: Browser, asgi_port):
    overkalix = make_municipality("2513", preset="alv", port=asgi_port)
    lansjarv = make_locality(overkalix, "Lansjärv", 66.65417, 22.19583)
    host = make_user("vard.lansjarv@example.org")
    make_point(overkalix, "Handlar'n i Lansjärv", locality=lansjarv, hosts=[host],
               capabilities=[Capability.RESERVE_POWER, Capability.WARM_ROOM, Capability.CHARGING, Capability.FUEL])
    editor = make_staff(overkalix, Role.EDITOR, email="redaktor.overkalix@example.org")

    # A resident already has the SOT list open before the storm, its live connection up.
    page.goto(home_url(overkalix) + "sot/")
    expect(page.locator("[data-live-status]")).to_contain_text("uppdateras automatiskt")
    expect(page.get_by_role("region", name="Storm: Storm över Överkalix")).to_have_count(0)

    # The business office declares the storm from the crisis desk in the admin.
    office = new_page(cookies=session_cookie(editor, overkalix))
    office.goto(home_url(overkalix) + "admin/sot/")
    field(office, "Typ").select_option("storm")
    field(office, "Rubrik").fill("Storm över Överkalix")
    field(office, "Meddelande").fill("Stormen har slagit ut strömmen. Gå till närmaste SOT-punkt för värme och laddning.")
    office.get_by_role("button", name="Lys ut störning").click()
    expect(office.get_by_role("status")).to_contain_text("Störningen är utlyst")

    # The resident's open page turns into the disruption page by itself (no reload by hand).
    expect(page.get_by_role("region", name="Storm: Storm över Överkalix")).to_contain_text("Stormen har slagit ut")
    assert "storning=" in page.url

    # A resident opens the municipality's home page: the banner and the SOT list lead.
    page.goto(home_url(overkalix))
    expect(page.get_by_role("region", name="Storm: Storm över Överkalix")).to_contain_text("Stormen har slagit ut")
    point = page.locator('[data-sot-point="handlarn-i-lansjarv"]')
    expect(point).to_contain_text("Okänd")
    expect(page.locator("[data-live-status]")).to_contain_text("uppdateras automatiskt")

    # The host sets the status from a phone: two taps and a number.
    phone = new_page(cookies=session_cookie(host, overkalix))
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(home_url(overkalix) + "sot/handlarn-i-lansjarv/lage/")
    phone.get_by_label("Reservkraft", exact=True).check()
    phone.get_by_label("Värmestuga", exact=True).check()
    field(phone, "Lediga platser i värmestugan").fill("12")
    phone.get_by_role("button", name="Öppen").click()
    expect(phone.get_by_role("status")).to_contain_text("Läget är sparat")

    # The resident's open page changes without a reload.
    expect(point.locator('[data-field="status_label"]')).to_have_text("Öppen")
    expect(point).to_contain_text("Värmestuga: 12 av 30 platser lediga")
    expect(point).to_contain_text("Just nu: Reservkraft, Värmestuga")

    # Without JavaScript, the lite page shows the same status.
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    try:
        lite = context.new_page()
        lite.goto(home_url(overkalix) + "sot/lite/")
        item = lite.locator("#handlarn-i-lansjarv")
        expect(item).to_contain_text("Öppen")
        expect(item).to_contain_text("värmestuga: 12 av 30 platser lediga")
        expect(item).to_contain_text("Just nu: Reservkraft, Värmestuga")
        expect(lite.get_by_role("heading", level=2, name="Storm: Storm över Överkalix")).to_be_visible()
    finally:
        context.close()
    # The same lite page, audited for accessibility like every page of the story.
    page.goto(home_url(overkalix) + "sot/lite/")
    expect(page.locator("#handlarn-i-lansjarv")).to_contain_text("Öppen")
