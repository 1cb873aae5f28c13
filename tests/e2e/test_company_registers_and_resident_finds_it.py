"""A company registers in Åsele's directory, the business office approves it, a resident finds it."""
import re

from playwright.sync_api import Page, expect

from directory.models import Company
from directory.services import localities_ensure
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.municipalities import make_staff
from tests.support.e2e import field, home_url, log_in, session_cookie


def test_company_registers_is_approved_and_found_by_a_resident(page: Page, new_page, asele):
    localities_ensure(municipality=asele)
    make_user("anna.snickare@example.org")

    # The company owner signs in and registers the company, first with a mistyped number.
    page.goto(home_url(asele) + "foretag/registrera/")
    log_in(page, "anna.snickare@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera ditt företag")
    field(page, "Organisationsnummer").fill("556036-0794")
    field(page, "Företagsnamn").fill("Snickeri i Åsele AB")
    field(page, "Huvudsaklig bransch (SNI 2007)").fill("43320")
    field(page, "Telefon").fill("070-174 06 70")
    field(page, "Beskrivning").fill("Vi är två snickare som bygger kök, trappor och altaner.")
    page.get_by_label("Åsele (Åsele)").check()
    page.get_by_role("button", name="Skicka för granskning").click()

    number = field(page, "Organisationsnummer")
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(number).to_have_accessible_description(re.compile(
        r"Organisationsnumret 556036-0794 har fel kontrollsiffra\. Kontrollera att du skrivit av det rätt\."))
    assert not Company.objects.exists(), "a wrong checksum saves nothing"

    number.fill("556036-0793")
    page.get_by_role("button", name="Skicka för granskning").click()
    expect(page.get_by_role("status")).to_contain_text("Snickeri i Åsele AB är registrerat och granskas nu")

    # The business office approves it from the moderation queue.
    moderator = make_staff(asele, Role.MODERATOR, email="moderator.asele@example.org")
    office = new_page(cookies=session_cookie(moderator, asele))
    office.goto(home_url(asele) + "admin/foretag/")
    office.get_by_role("link", name="Snickeri i Åsele AB").click()
    office.get_by_role("button", name="Godkänn och publicera").click()
    expect(office.get_by_text("Snickeri i Åsele AB är publicerat.")).to_be_visible()

    # A resident, not signed in, searches for a carpenter and narrows to Åsele.
    resident = new_page()
    resident.goto(home_url(asele) + "foretag/")
    resident.get_by_label("Sök företag, tjänster eller orter").fill("snickare")
    resident.get_by_role("button", name="Sök").click()
    results = resident.get_by_role("region", name="1 företag")
    expect(results.get_by_role("link", name="Snickeri i Åsele AB")).to_be_visible()

    resident.get_by_role("complementary").get_by_role("link", name="Åsele (1)").click()
    expect(resident.get_by_role("link", name="Snickeri i Åsele AB")).to_be_visible()
    resident.get_by_role("link", name="Snickeri i Åsele AB").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Snickeri i Åsele AB")
    expect(resident.get_by_role("link", name="070-174 06 70")).to_have_attribute("href", "tel:0701740670")
