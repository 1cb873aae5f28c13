"""The learning centre in Överkalix publishes a course (a mistyped SSYK code first), and a company in a
neighbouring municipality it serves finds it; every page passes the automatic accessibility audit."""
from playwright.sync_api import Page, expect

from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.competence_providers import make_provider
from tests.factories.municipalities import make_staff
from tests.support.e2e import field, home_url, log_in


def test_learning_centre_member_publishes_an_offer_that_a_neighbour_finds(page: Page, overkalix, arvidsjaur):
    office = make_staff(overkalix, Role.EDITOR)
    member = make_user("larcentrum.overkalix@example.org")
    provider = make_provider(overkalix, actor=office, name="Lärcentrum Överkalix", owner=member,
                             serves=[arvidsjaur])

    page.goto(home_url(overkalix) + "kompetens/utbildare/")
    log_in(page, member.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina utbildningsaktörer")
    page.get_by_role("link", name="Lärcentrum Överkalix").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lärcentrum Överkalix")

    field(page, "Rubrik").fill("E-handel för småföretag")
    field(page, "Beskrivning").fill("Sätt upp webbutiken och koppla den till kassasystemet.")
    page.get_by_role("group", name="Utbildningsform").get_by_label("Kort kurs eller webbinarium").check()
    page.get_by_role("group", name="Genomförande").get_by_label("På distans", exact=True).check()
    field(page, "Startdatum").fill("2027-01-19, 2027-03-16")
    field(page, "Kostnad (kr)").fill("0")
    field(page, "Yrken (SSYK 2012)").fill("2512, 2521")
    field(page, "Kompetenser").fill("E-handel, erfarenhet\nSystemintegrering")
    page.get_by_role("button", name="Publicera erbjudandet").click()
    expect(page.get_by_text("2521 är ingen yrkesgrupp i SSYK 2012")).to_be_visible()

    field(page, "Yrken (SSYK 2012)").fill("2512, 2511")
    page.get_by_role("button", name="Publicera erbjudandet").click()
    expect(page.get_by_text("Erbjudandet E-handel för småföretag är publicerat.")).to_be_visible()
    assert provider.offers.count() == 1

    page.context.clear_cookies()
    page.goto(home_url(arvidsjaur) + "kompetens/utbildningar/")
    page.get_by_role("link", name="E-handel för småföretag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-handel för småföretag")
    expect(page.get_by_text("Avgiftsfri")).to_be_visible()
    expect(page.get_by_text("2512 Mjukvaru- och systemutvecklare m.fl.")).to_be_visible()
