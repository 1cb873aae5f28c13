"""A resident on a phone asks for the SOT points nearest to where they stand: one tap on "Använd min
position" sorts the list, with the position rounded to about a kilometre in the address."""
from playwright.sync_api import Page, expect

from tests.factories.sot_points import make_locality, make_point
from tests.support.e2e import home_url

SVARTBYN = {"latitude": 66.25963, "longitude": 22.82036}


def test_the_nearest_point_comes_first_and_the_exact_position_stays_on_the_phone(page: Page, overkalix):
    lansjarv = make_locality(overkalix, "Lansjärv", 66.65417, 22.19583)
    svartbyn = make_locality(overkalix, "Svartbyn", SVARTBYN["latitude"], SVARTBYN["longitude"])
    make_point(overkalix, "Handlar'n i Lansjärv", locality=lansjarv, latitude=66.654, longitude=22.196)
    make_point(overkalix, "Svartbyns bygdegård", locality=svartbyn, latitude=66.2596, longitude=22.8203)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(SVARTBYN)

    page.goto(home_url(overkalix) + "sot/")
    names = page.locator(".sot-list h3")
    expect(names.first).to_have_text("Handlar'n i Lansjärv")  # without a position: by status, then name
    page.get_by_role("button", name="Använd min position").click()

    expect(page).to_have_url(home_url(overkalix) + "sot/?lat=66.26&lon=22.82")
    expect(page.get_by_text("Närmast din position först.")).to_be_visible()
    expect(names).to_have_text(["Svartbyns bygdegård", "Handlar'n i Lansjärv"])
