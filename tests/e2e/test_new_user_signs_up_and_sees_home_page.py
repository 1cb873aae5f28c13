"""A new visitor creates an account on Arvidsjaur's site, verifies the e-mail address and logs in."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.support.e2e import css_rgb, field, home_url, link_in

EMAIL = "ny.foretagare@example.org"
PASSWORD = "fjallbjork-i-snon-2026"


def main_menu(page: Page):
    return page.get_by_role("navigation", name="Huvudmeny")


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def sign_up(page: Page, municipality, *, password: str = PASSWORD, password_again: str | None = None) -> None:
    page.goto(home_url(municipality))
    main_menu(page).get_by_role("link", name="Skapa konto").click()
    expect(heading(page)).to_have_text("Skapa konto")
    field(page, "E-post").fill(EMAIL)
    field(page, "Lösenord").fill(password)
    field(page, "Lösenord (igen)").fill(password if password_again is None else password_again)
    page.get_by_role("button", name="Skapa konto").click()


def log_in(page: Page) -> None:
    field(page, "E-post").fill(EMAIL)
    field(page, "Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_new_user_signs_up_verifies_the_email_and_lands_on_the_themed_home_page(page: Page, arvidsjaur, mailoutbox):
    response = page.goto(home_url(arvidsjaur))
    # The theme's inline <style> is let in by its hash (the page stays shareable by the proxy cache),
    # not by relaxing the policy.
    policy = response.headers["content-security-policy"]
    assert re.search(r"style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'(;|$)", policy)
    assert "unsafe-inline" not in policy

    sign_up(page, arvidsjaur)
    expect(heading(page)).to_have_text("Verifiera din e-postadress")
    expect(page.get_by_text("Vi har skickat ett e-postmeddelande till dig med en länk som bekräftar adressen.")).to_be_visible()

    (email,) = mailoutbox
    assert email.to == [EMAIL]
    link = link_in(email)
    assert link.startswith(home_url(arvidsjaur)), "the link leads back to the municipality's own site"
    page.goto(link)
    expect(heading(page)).to_have_text("Verifiera e-postadress")
    page.get_by_role("button", name="Bekräfta").click()

    expect(page.get_by_role("status")).to_have_text(f"Du har verifierat {EMAIL}.")
    expect(heading(page)).to_have_text("Logga in")
    log_in(page)

    expect(page).to_have_url(home_url(arvidsjaur))
    expect(page.get_by_role("status")).to_have_text(f"Du har loggat in som {EMAIL}.")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(main_menu(page).get_by_role("link", name="Mitt konto")).to_be_visible()
    expect(main_menu(page).get_by_role("button", name="Logga ut")).to_be_visible()
    expect(main_menu(page).get_by_role("link", name="Logga in")).to_have_count(0)
    expect(heading(page)).to_have_text("Arvidsjaur")
    expect(page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Arvidsjaur\b"))).to_be_visible()
    expect(page.locator(".site-header")).to_have_css("background-color", css_rgb(arvidsjaur.theme.colors["primary"]))


def test_user_who_has_not_verified_the_email_cannot_log_in(page: Page, arvidsjaur, mailoutbox):
    sign_up(page, arvidsjaur)
    expect(heading(page)).to_have_text("Verifiera din e-postadress")

    main_menu(page).get_by_role("link", name="Logga in").click()
    expect(heading(page)).to_have_text("Logga in")
    log_in(page)

    expect(heading(page)).to_have_text("Verifiera din e-postadress")
    expect(main_menu(page).get_by_role("link", name="Logga in")).to_be_visible()
    expect(main_menu(page).get_by_role("link", name="Mitt konto")).to_have_count(0)

    page.goto(home_url(arvidsjaur) + reverse("users:account-privacy").lstrip("/"))
    expect(heading(page)).to_have_text("Logga in")
    expect(page).to_have_url(re.compile(r"/konto/login/\?next="))


@pytest.mark.parametrize(
    ("password", "password_again", "bad_field", "error"),
    [
        pytest.param(PASSWORD, "ett-annat-losenord-2026", "Lösenord (igen)", "Du måste ange samma lösenord",
                     id="passwords-differ"),
        pytest.param("kort-1", "kort-1", "Lösenord",
                     "Det här lösenordet är för kort. Det måste innehålla minst 10 tecken.", id="password-too-short"),
    ],
)
def test_sign_up_with_a_bad_password_is_refused_in_swedish_next_to_the_field(
    page: Page, arvidsjaur, mailoutbox, password, password_again, bad_field, error
):
    sign_up(page, arvidsjaur, password=password, password_again=password_again)

    expect(heading(page)).to_have_text("Skapa konto")
    expect(page.get_by_text(error)).to_be_visible()
    # Tied to its field, so a screen reader reads the error on the field that is wrong.
    expect(field(page, bad_field)).to_have_attribute("aria-invalid", "true")
    expect(field(page, bad_field)).to_have_accessible_description(re.compile(re.escape(error)))
    assert not get_user_model().objects.filter(email=EMAIL).exists()
    assert mailoutbox == []
