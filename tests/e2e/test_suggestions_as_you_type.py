"""Suggestions as the user types (suggest.js): a company owner typing a trade word in the industry
field is offered the matching SNI codes, and a resident typing in the directory's search is offered
company names, both in the browser's own list (a <datalist>) that keyboards and screen readers use."""
from playwright.sync_api import Page, expect

from tests.factories.accounts import make_user
from tests.factories.directory import make_company
from tests.support.e2e import field, home_url, session_cookie


def _options(page: Page, input_label: str) -> list[str]:
    """The values of the datalist the labelled field is tied to, once it has some."""
    list_id = field(page, input_label).get_attribute("list")
    assert list_id, f"{input_label} has no suggestion list"
    options = page.locator(f"datalist[id='{list_id}'] option")
    expect(options.first).to_be_attached()
    return options.evaluate_all("options => options.map(o => o.value)")


def test_the_owner_is_offered_industry_codes_for_a_word(new_page, asele):
    owner = make_user("sara.bagare@example.org")
    page: Page = new_page(cookies=session_cookie(owner, asele))
    page.goto(home_url(asele) + "foretag/registrera/")
    field(page, "Huvudsaklig bransch (SNI 2007)").press_sequentially("knäckebröd")
    assert _options(page, "Huvudsaklig bransch (SNI 2007)") == [
        "10721 Knäckebrödstillverkning", "10722 Tillverkning av kex och konserverade bakverk"]


def test_a_resident_is_offered_company_names_in_the_search(page, asele):
    make_company(asele, published=True, legal_name="Fjällbageriet i Åsele AB")
    page.goto(home_url(asele) + "foretag/")
    search = field(page, "Sök företag, tjänster eller orter")
    search.press_sequentially("Fjällbag")
    list_id = search.get_attribute("list")
    options = page.locator(f"datalist[id='{list_id}'] option")
    expect(options.first).to_be_attached()
    assert "Fjällbageriet i Åsele AB" in options.evaluate_all("options => options.map(o => o.value)")
