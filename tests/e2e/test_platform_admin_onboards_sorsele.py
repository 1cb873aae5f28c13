"""The platform administrator adds a fourth municipality, Sorsele (2422), in the admin: its host then
serves a themed Swedish home page, and the first editor's invitation leads to an editor's account.
The editor, signed in with TOTP, publishes a news article in the admin: it is on Sorsele's home page."""
import re
import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from municipalities.landing import ensure_landing_site
from municipalities.models import Municipality, MunicipalityMembership, NewsIndexPage, Role
from tests.factories.accounts import PASSWORD, make_superuser
from tests.factories.municipalities import make_municipality
from tests.support.e2e import css_rgb, field, home_url, link_in

EDITOR = "redaktor@sorsele.example.org"
EDITOR_PASSWORD = "vindelalven-i-maj-2026"


def _totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_platform_admin_onboards_sorsele_and_its_editor_accepts(page: Page, new_page, live_server, mailoutbox):
    port = live_server.thread.port
    make_municipality("2505", port=port)
    # The platform's own site on the live server's port: new municipalities' links take the same port.
    ensure_landing_site(hostname="localhost", port=port)
    admin = make_superuser()
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)

    # --- The platform administrator signs in with TOTP and opens "Lägg till kommun".
    page.goto(f"http://localhost:{port}/konto/login/?next=/admin/snippets/municipalities/municipality/add/")
    field(page, "E-post").fill(admin.email)
    field(page, "Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/konto/2fa/authenticate/**")
    code = page.locator("input[name=code]")  # allauth's field (shown without a label)
    code.fill(_totp_code(secret))
    page.locator("form").filter(has=code).get_by_role("button").first.click()
    page.wait_for_url("**/admin/snippets/municipalities/municipality/add/")
    expect(page).to_have_title(re.compile("^Lägg till kommun"))
    expect(page.get_by_role("navigation", name="Sökvägsnavigering").get_by_text("Lägg till kommun")
           ).to_be_visible()

    # A kommun already on the platform is refused beside the field, in Swedish; nothing is saved.
    page.get_by_role("combobox", name="Kommun").select_option("2505")
    page.locator("#id_office_email").fill("naringsliv@sorsele.example.org")
    page.locator("#id_editor_email").fill(EDITOR)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Arvidsjaur (2505) finns redan på plattformen, på arvidsjaur.localhost.")).to_be_visible()
    assert Municipality.objects.count() == 1

    # Sorsele, with the host left empty: it follows from the name.
    page.locator("#id_code").select_option(label="Sorsele (2422, Västerbottens län)")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text(re.compile(r"Sorsele är skapad på http://sorsele\.localhost:\d+\."))).to_be_visible()
    sorsele = Municipality.objects.get(code="2422")
    assert (sorsele.county_name, sorsele.site.hostname) == ("Västerbottens län", "sorsele.localhost")

    # --- A resident visits Sorsele's host: its own Swedish home page in its theme's colours.
    visitor = new_page()
    visitor.goto(home_url(sorsele))
    expect(visitor.locator("html")).to_have_attribute("lang", "sv")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Sorsele")
    expect(visitor.get_by_text("Här hittar du företag, service och stöd i Sorsele kommun.")).to_be_visible()
    expect(visitor.locator(".site-header")).to_have_css("background-color", css_rgb(sorsele.theme.colors["primary"]))
    visitor.goto(home_url(sorsele) + "om-naringslivskontoret/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Näringslivskontoret i Sorsele")

    # --- The first editor gets the invitation, signs up with that address on Sorsele's site and verifies it.
    (invitation,) = mailoutbox
    assert invitation.to == [EDITOR]
    assert "Sorsele" in invitation.subject
    signup = link_in(invitation)
    assert signup.startswith(home_url(sorsele)), "the invitation leads to Sorsele's own site"
    editor = new_page()
    editor.goto(signup)
    field(editor, "E-post").fill(EDITOR)
    field(editor, "Lösenord").fill(EDITOR_PASSWORD)
    field(editor, "Lösenord (igen)").fill(EDITOR_PASSWORD)
    editor.get_by_role("button", name="Skapa konto").click()
    expect(editor.get_by_role("heading", level=1)).to_be_visible()
    verification = mailoutbox[-1]
    assert verification.to == [EDITOR]
    assert verification is not invitation
    editor.goto(link_in(verification))
    editor.get_by_role("button", name="Bekräfta").click()
    expect(editor.get_by_role("status")).to_contain_text(EDITOR)
    assert MunicipalityMembership.objects.filter(municipality=sorsele, role=Role.EDITOR,
                                                 user__email=EDITOR).exists()

    # --- The editor signs in with TOTP (set up like the fixtures', in the database) and publishes a
    # news article under Sorsele's news index, which onboarding created.
    editor_secret = generate_totp_secret()
    TOTP.activate(get_user_model().objects.get(email=EDITOR), editor_secret)
    news_index = NewsIndexPage.objects.child_of(sorsele.site.root_page).get()
    editor.goto(f"{home_url(sorsele)}konto/login/?next=/admin/pages/{news_index.pk}/")
    field(editor, "E-post").fill(EDITOR)
    field(editor, "Lösenord").fill(EDITOR_PASSWORD)
    editor.get_by_role("button", name="Logga in").click()
    editor.wait_for_url("**/konto/2fa/authenticate/**")
    editor_code = editor.locator("input[name=code]")
    editor_code.fill(_totp_code(editor_secret))
    editor.locator("form").filter(has=editor_code).get_by_role("button").first.click()
    editor.wait_for_url(f"**/admin/pages/{news_index.pk}/")
    # The news index takes articles only, so "Lägg till undersida" opens the article form at once.
    editor.get_by_role("link", name=re.compile("^Lägg till undersida")).first.click()
    editor.wait_for_url(f"**/admin/pages/add/municipalities/newsarticlepage/{news_index.pk}/")
    editor.locator("#id_title").fill("Företagsfrukost i Sorsele i januari")
    editor.locator("#id_summary").fill("Välkommen på frukost med näringslivskontoret den 15 januari.")
    editor.get_by_role("button", name="Fler åtgärder").click()
    editor.get_by_role("button", name="Publicera").click()
    expect(editor.get_by_text(re.compile("Företagsfrukost i Sorsele i januari.*publicerad"))).to_be_visible()

    # --- A resident sees the article among the latest news on Sorsele's home page, with its date.
    visitor.goto(home_url(sorsele))
    news = visitor.get_by_role("region", name="Senaste nytt")
    expect(news.get_by_role("heading", level=3, name="Företagsfrukost i Sorsele i januari")).to_be_visible()
    expect(news.locator("time")).to_have_count(1)
    news.get_by_role("link", name="Företagsfrukost i Sorsele i januari").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Företagsfrukost i Sorsele i januari")
    expect(visitor.get_by_text("Välkommen på frukost med näringslivskontoret den 15 januari.")).to_be_visible()
