"""A resident browses Arvidsjaur's marketplace without signing in: narrows the list with the facets, opens a
procurement call and an event. Every page is audited with axe-core by tests/e2e/conftest.py."""
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

from marketplace.models import ListingKind
from tests.factories.directory import make_company
from tests.factories.marketplace import add_call_item, make_hub, make_listing
from tests.factories.marketplace_h2 import make_locality, make_platform_owner
from tests.support.e2e import home_url


def test_resident_narrows_the_marketplace_and_reads_a_call_and_an_event(page: Page, arvidsjaur):
    centre = make_locality(arvidsjaur, "Arvidsjaur", 65.59, 19.17)
    hub = make_hub(arvidsjaur, owner_platform=make_platform_owner())
    company = make_company(arvidsjaur, published=True, legal_name="Arvidsjaur Mark AB")
    make_listing(arvidsjaur, title="Grävmaskin med förare", company=company, locality=centre,
                 price_amount=Decimal("950"), price_unit="timme")
    call = make_listing(arvidsjaur, kind=ListingKind.CALL, title="Vinterväghållning vid vindparken", hub=hub,
                        category="property", locality=centre, contact_email="inkop@blaiken.example.org")
    add_call_item(call, description="Plogning av serviceväg, 12 km", quantity=Decimal("12"), unit="km")
    event = make_listing(arvidsjaur, kind=ListingKind.EVENT, title="Leverantörsträff", hub=hub, category="business",
                         starts_at=timezone.now() + timedelta(days=10), venue="Folkets hus")

    page.goto(home_url(arvidsjaur) + "marknadsplats/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Marknadsplats i Arvidsjaur")
    page.get_by_role("link", name="Öppna för svar (1)").click()
    expect(page.get_by_role("heading", level=2, name="1 annons")).to_be_visible()

    page.get_by_role("link", name=call.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(call.title)
    expect(page.get_by_role("cell", name="Plogning av serviceväg, 12 km")).to_be_visible()

    page.goto(home_url(arvidsjaur) + f"marknadsplats/{event.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leverantörsträff")
    expect(page.get_by_role("link", name="Lägg till i din kalender (iCal)")).to_be_visible()

    page.goto(home_url(arvidsjaur) + "marknadsplats/evenemang/")
    expect(page.get_by_role("link", name="Leverantörsträff")).to_be_visible()
