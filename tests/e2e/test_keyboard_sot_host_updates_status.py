"""Keyboard only: the host of a SOT point in Överkalix sets the point's status, what is available and
the free places with Tab, Shift+Tab, Enter, Space and typing; never a click. The status buttons
come first (two presses in a hurry), so the host fills in the details below them and goes back
with Shift+Tab to the status that now applies."""
from playwright.sync_api import Page, expect

from sot_points.models import Capability, PointStatus
from tests.factories.accounts import make_user
from tests.factories.sot_points import make_locality, make_point
from tests.support.e2e import home_url, pressed, session_cookie, skip_to_content, tab_to, typed, walk_form

MESSAGE = "Kaffe och laddning finns, ta med egen sladd."


def test_sot_host_updates_the_points_status_with_the_keyboard_only(new_page, overkalix):
    host = make_user("vard.lansjarv@example.org")
    lansjarv = make_locality(overkalix, "Lansjärv", 66.65417, 22.19583)
    point = make_point(overkalix, "Handlar'n i Lansjärv", locality=lansjarv, hosts=[host],
                       capabilities=[Capability.RESERVE_POWER, Capability.WARM_ROOM, Capability.CHARGING])
    page: Page = new_page(cookies=session_cookie(host, overkalix))

    # From the host's own list, to the point's status page.
    page.goto(home_url(overkalix) + "sot/mina/")
    skip_to_content(page)
    tab_to(page, page.get_by_role("link", name="Ändra läget"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Läget för Handlar'n i Lansjärv")

    skip_to_content(page)
    walk_form(page, [
        ("Öppen", None), ("Begränsad", None), ("Stängd", None),
        ("Reservkraft", pressed("Space")),
        ("Värmestuga", pressed("Space")),
        ("Laddning av telefon och dator", None),
        ("Lediga platser i värmestugan", typed("12")),
        ("Kort meddelande", typed(MESSAGE)),
        ("Visa punkten som invånarna ser den", None),
    ])
    # Back up to the status buttons; "Begränsad" is what applies.
    stops = tab_to(page, page.get_by_role("button", name="Begränsad"), backwards=True)
    assert stops == ['textarea[textarea] "Kort meddelande:"', 'input[number] "Lediga platser i värmestugan:"',
                     'input[checkbox] "Laddning av telefon och dator"', 'input[checkbox] "Värmestuga"',
                     'input[checkbox] "Reservkraft"', 'button[submit] "Stängd"', 'button[submit] "Begränsad"']
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Läget är sparat")
    point.refresh_from_db()
    assert (point.status, point.places_free, point.status_message) == (PointStatus.LIMITED, 12, MESSAGE)
    assert sorted(point.available_now) == sorted([Capability.RESERVE_POWER, Capability.WARM_ROOM])
    assert point.status_updates.get().changed_by == host


def test_what_is_available_is_a_group_named_by_its_question(new_page, overkalix):
    """A screen reader announces "Tillgängligt just nu" with the first checkbox (WCAG 1.3.1)."""
    host = make_user("vard.lansjarv@example.org")
    make_point(overkalix, "Handlar'n i Lansjärv", hosts=[host], capabilities=[Capability.RESERVE_POWER])
    page: Page = new_page(cookies=session_cookie(host, overkalix))
    page.goto(home_url(overkalix) + "sot/handlarn-i-lansjarv/lage/")
    group = page.get_by_role("group", name="Tillgängligt just nu")
    expect(group.get_by_role("checkbox", name="Reservkraft")).to_have_count(1)
