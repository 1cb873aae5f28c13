"""Each municipality's site wears its own theme: the same templates and stylesheet, different colour tokens."""
from playwright.sync_api import Page, expect

from tests.support.e2e import css_rgb, home_url


def test_asele_and_arvidsjaur_have_different_header_colours_from_the_same_stylesheet(page: Page, arvidsjaur, asele):
    header = page.locator(".site-header")
    stylesheet = page.locator('link[rel="stylesheet"]')

    page.goto(home_url(arvidsjaur))
    expect(page.get_by_role("heading", level=1)).to_have_text("Arvidsjaur")
    expect(header).to_have_css("background-color", css_rgb(arvidsjaur.theme.colors["primary"]))
    shared_stylesheet = stylesheet.get_attribute("href")

    page.goto(home_url(asele))
    expect(page.get_by_role("heading", level=1)).to_have_text("Åsele")
    expect(header).to_have_css("background-color", css_rgb(asele.theme.colors["primary"]))
    expect(stylesheet).to_have_attribute("href", shared_stylesheet)
    assert asele.theme.colors["primary"] != arvidsjaur.theme.colors["primary"]
