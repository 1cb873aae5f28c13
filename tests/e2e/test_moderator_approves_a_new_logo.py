"""A company owner uploads a new logo; it waits for the business office, whose moderator sees it beside the
published one, approves it, and only then does the public profile show it."""
import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from playwright.sync_api import Page, expect

from directory import services
from municipalities.models import Role
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff
from tests.support.e2e import field, home_url


def session_cookie(user, municipality) -> list[dict]:
    """A signed-in session for `user` (the sign-in flow itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "domain": municipality.site.hostname, "path": "/"}]


def png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 100), colour).save(out, "PNG")
    return out.getvalue()


def test_a_new_logo_is_public_only_after_the_moderator_approves_it(page: Page, new_page, asele):
    moderator = make_staff(asele, Role.MODERATOR, email="moderator.asele@example.org")
    company = make_company(asele, published=True, legal_name="Snickeri i Åsele AB")
    services.company_set_logo(actor=moderator, company=company, upload=SimpleUploadedFile(
        "gammal.png", png((20, 20, 120)), content_type="image/png"))
    owner = company.members.get().user
    profile_url = home_url(asele) + f"foretag/{company.slug}/"
    resident = new_page()
    resident.goto(profile_url)
    old_src = resident.locator("img.company__logo").get_attribute("src")

    # The owner uploads a new logo; it waits for review and the public profile keeps the old one.
    owner_page = new_page(cookies=session_cookie(owner, asele))
    owner_page.goto(profile_url + "bilder/")
    field(owner_page, "Logotyp").set_input_files({"name": "ny-logo.png", "mimeType": "image/png",
                                                  "buffer": png((200, 120, 20))})
    owner_page.get_by_role("button", name="Spara logotyp").click()
    expect(owner_page.get_by_role("status")).to_contain_text("skickad till näringslivskontoret för granskning")
    expect(owner_page.get_by_role("img", name="Ny logotyp som väntar på granskning")).to_be_visible()
    resident.reload()
    expect(resident.locator("img.company__logo")).to_have_attribute("src", old_src)

    # The moderator opens the review from the queue and sees the new logo beside the published one.
    office = new_page(cookies=session_cookie(moderator, asele))
    office.goto(home_url(asele) + "admin/foretag/")
    office.get_by_role("link", name="Snickeri i Åsele AB").click()
    new_logo = office.get_by_role("img", name="Ny logotyp för Snickeri i Åsele AB")
    expect(new_logo).to_be_visible()
    expect(office.get_by_role("img", name="Publicerad logotyp för Snickeri i Åsele AB")).to_be_visible()
    new_src = new_logo.get_attribute("src")
    assert new_src != old_src
    office.get_by_role("button", name="Godkänn ändringarna").click()
    expect(office.get_by_text("Snickeri i Åsele AB är publicerat.")).to_be_visible()

    # The public profile now shows the new logo.
    resident.reload()
    expect(resident.locator("img.company__logo")).to_have_attribute("src", new_src)
