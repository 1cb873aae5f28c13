"""Keyboard only: a new visitor to Arvidsjaur's site creates an account, confirms the e-mail address
and logs in with Tab, Shift+Tab, Enter, Space and typing; never a click. At every stop the focus
must be visible, and Tab must reach each field and the button in the order they are read."""
import re

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tests.support.e2e import home_url, link_in, skip_to_content, tab_to, type_into

EMAIL = "tangentbord@example.org"
PASSWORD = "fjallbjork-och-tangenter-2026"


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_new_user_signs_up_confirms_and_logs_in_with_the_keyboard_only(page: Page, arvidsjaur, mailoutbox):
    page.goto(home_url(arvidsjaur))

    # From the top of the home page, Tab through the header to "Skapa konto".
    stops = tab_to(page, page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Skapa konto"))
    assert stops[0] == 'a "Hoppa till innehållet"', "the skip link comes first"
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Skapa konto")

    # The form: each Tab goes to the next field, then to the button; nothing in between.
    skip_to_content(page)
    email, password, again = (page.get_by_label(re.compile(rf"^{label}:?$"))
                              for label in ("E-post", "Lösenord", r"Lösenord \(igen\)"))
    type_into(page, email, EMAIL)
    assert type_into(page, password, PASSWORD) == ['input[password] "Lösenord:"']
    assert type_into(page, again, PASSWORD) == ['input[password] "Lösenord (igen):"']
    assert tab_to(page, page.get_by_role("button", name="Skapa konto")) == ['button[submit] "Skapa konto"']
    page.keyboard.press("Enter")

    expect(heading(page)).to_have_text("Verifiera din e-postadress")
    user = get_user_model().objects.get(email=EMAIL)
    assert user.check_password(PASSWORD)
    assert not EmailAddress.objects.get(user=user).verified

    # The link in the e-mail; the confirmation button is reached and pressed with Space.
    (message,) = mailoutbox
    page.goto(link_in(message))
    expect(heading(page)).to_have_text("Verifiera e-postadress")
    skip_to_content(page)
    tab_to(page, page.get_by_role("button", name="Bekräfta"))
    page.keyboard.press("Space")
    expect(page.get_by_role("status")).to_have_text(f"Du har verifierat {EMAIL}.")
    assert EmailAddress.objects.get(user=user).verified

    # Logging in, from the login page the confirmation led to.
    expect(heading(page)).to_have_text("Logga in")
    skip_to_content(page)
    type_into(page, page.get_by_label(re.compile(r"^E-post:?$")), EMAIL)
    type_into(page, page.get_by_label(re.compile(r"^Lösenord:?$")), PASSWORD)
    tab_to(page, page.get_by_role("button", name="Logga in"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(home_url(arvidsjaur))
    expect(page.get_by_role("status")).to_have_text(f"Du har loggat in som {EMAIL}.")
    expect(page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mitt konto")).to_be_visible()

    # The accessibility statement is reached from the footer the same way (and audited by axe there).
    tab_to(page, page.get_by_role("contentinfo").get_by_role("link", name="Tillgänglighetsredogörelse"),
           max_presses=120)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Tillgänglighetsredogörelse")
