"""A live status change is announced where screen readers hear it, in the visitor's language.

An English-speaking visitor has the SOT list open and a Swedish one the point's page; the host sets the
status from a phone. Both pages change without a reload: the English one says "Open" (the websocket's
message is Swedish; the page carries its own names for the codes), and each page writes the change into
a polite live region (role="status", aria-live="polite", not hidden) that a screen reader announces.
Runs under uvicorn (`asgi_port`) for the websocket, like tests/e2e/test_storm_in_overkalix.py."""
from playwright.sync_api import Browser, expect

from sot_points.models import Capability
from tests.factories.accounts import make_user
from tests.factories.municipalities import make_municipality
from tests.factories.sot_points import make_locality, make_point
from tests.support.e2e import field, home_url, session_cookie


def _live_region(page):
    region = page.locator("[data-live-status]")
    expect(region).to_have_attribute("role", "status")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).not_to_have_attribute("hidden", "")
    return region


def test_an_english_visitor_sees_and_hears_a_live_status_change_in_english(new_page, browser: Browser, asgi_port):
    overkalix = make_municipality("2513", preset="alv", port=asgi_port)
    lansjarv = make_locality(overkalix, "Lansjärv", 66.65417, 22.19583)
    host = make_user("vard.lansjarv@example.org")
    make_point(overkalix, "Handlar'n i Lansjärv", locality=lansjarv, hosts=[host],
               capabilities=[Capability.RESERVE_POWER, Capability.WARM_ROOM, Capability.CHARGING])

    english = browser.new_context(locale="en-GB", reduced_motion="reduce")
    try:
        visitor = english.new_page()
        visitor.goto(home_url(overkalix) + "sot/")
        point = visitor.locator('[data-sot-point="handlarn-i-lansjarv"]')
        expect(point.locator('[data-field="status_label"]')).to_have_text("Unknown")
        region = _live_region(visitor)
        expect(region).to_have_text("The page updates automatically when the status changes.")
        expect(region).to_be_visible()

        # A Swedish resident follows the point's own page.
        resident = new_page()
        resident.goto(home_url(overkalix) + "sot/handlarn-i-lansjarv/")
        resident_region = _live_region(resident)
        expect(resident_region).to_have_text("Sidan uppdateras automatiskt när läget ändras.")

        # The host sets the status from a phone.
        phone = new_page(cookies=session_cookie(host, overkalix))
        phone.set_viewport_size({"width": 390, "height": 844})
        phone.goto(home_url(overkalix) + "sot/handlarn-i-lansjarv/lage/")
        phone.get_by_label("Reservkraft", exact=True).check()
        phone.get_by_label("Värmestuga", exact=True).check()
        field(phone, "Lediga platser i värmestugan").fill("12")
        phone.get_by_role("button", name="Öppen").click()
        expect(phone.get_by_role("status")).to_contain_text("Läget är sparat")

        # The English page changes in English and announces it; the Swedish one in Swedish.
        expect(point.locator('[data-field="status_label"]')).to_have_text("Open")
        expect(point).to_contain_text("Right now: Reserve power, Warm room")
        expect(point).to_contain_text("Warm room: 12 of 30 places free")
        expect(point).not_to_contain_text("Öppen")
        expect(region).to_have_text("New status for Handlar'n i Lansjärv: Open")
        expect(region).to_be_visible()
        expect(resident.locator('[data-field="status_label"]')).to_have_text("Öppen")
        expect(resident_region).to_have_text("Nytt läge för Handlar'n i Lansjärv: Öppen")
        expect(resident_region).to_be_visible()
    finally:
        english.close()
