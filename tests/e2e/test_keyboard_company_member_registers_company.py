"""Keyboard only: a signed-in company owner in Åsele registers the company with Tab, Enter, Space
and typing; never a click. Every field of the long form is reached in reading order with the focus
visible, and the company is saved for review."""
from playwright.sync_api import Page, expect

from directory.models import Company
from directory.services import localities_ensure
from tests.factories.accounts import make_user
from tests.support.e2e import field, home_url, pressed, session_cookie, skip_to_content, typed, walk_form

DESCRIPTION = "Vi är två snickare som bygger kök, trappor och altaner."

# The form in the order a keyboard user meets it, and what they do at each stop.
REGISTRATION_FORM = [
    ("Organisationsnummer", typed("556036-0793")),
    ("Företagsnamn", typed("Snickeri i Åsele AB")),
    ("Varumärke/kortnamn", None),
    ("Företagsform", None),
    # The industry is typed as a code or a word; the server resolves it.
    ("Huvudsaklig bransch (SNI 2007)", typed("43320")),
    ("Övriga branscher", None),
    ("Telefon", typed("070-174 06 70")),
    ("E-post", None), ("Webbplats", None), ("Sociala medier", None), ("Öppettider", None),
    ("Gatuadress", None), ("Postnummer", None), ("Postort", None), ("Ort där ni finns", None),
    ("Fredrika (Åsele)", None), ("Hällaström (Åsele)", None), ("Långbäcken (Åsele)", None),
    ("Åsele (Åsele)", pressed("Space")),
    ("Antal anställda", typed("2")),
    ("Omsättning", None),
    ("Beskrivning", typed(DESCRIPTION)),
    ("Produkter och tjänster", None),
    ("Svenska", pressed("Space")),
    ("Engelska", None), ("Samiska", None), ("Finska", None), ("Meänkieli", None), ("Tyska", None),
    ("Norska", None), ("Arabiska", None),
    ("Reservkraft/elverk", None),
    ("Snöröjning", pressed("Space")),
    ("Drivmedel", None), ("Transporter", None), ("Logi", None), ("Mat", None),
    ("Vem ser krisresurserna", None), ("Leds av en kvinna", None), ("Startår", None),
    ("Skicka för granskning", pressed("Enter")),
]


def test_company_owner_registers_the_company_with_the_keyboard_only(new_page, asele):
    localities_ensure(municipality=asele)
    owner = make_user("anna.snickare@example.org")  # signed in already: signing in is its own walkthrough
    page: Page = new_page(cookies=session_cookie(owner, asele))
    page.goto(home_url(asele) + "foretag/registrera/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera ditt företag")

    skip_to_content(page)
    walk_form(page, [("Gör anspråk på det", None)] + REGISTRATION_FORM)

    expect(page.get_by_role("status")).to_contain_text("Snickeri i Åsele AB är registrerat och granskas nu")
    company = Company.objects.get(org_number="556036-0793")
    assert (company.legal_name, company.primary_sni, company.phone, company.employees, company.description) == (
        "Snickeri i Åsele AB", "43320", "070-174 06 70", 2, DESCRIPTION)
    assert [locality.name for locality in company.localities.all()] == ["Åsele"]
    assert company.languages == ["sv"]
    assert company.crisis_resources == ["snow_clearing"]
    assert company.status == Company.Status.PENDING
    assert company.members.filter(user=owner).exists()


def test_checkbox_groups_of_the_registration_form_are_named_by_their_question(new_page, asele):
    """A screen reader announces the question with the first checkbox of each group (WCAG 1.3.1)."""
    localities_ensure(municipality=asele)
    page: Page = new_page(cookies=session_cookie(make_user("anna.snickare@example.org"), asele))
    page.goto(home_url(asele) + "foretag/registrera/")
    for question, first_box in [("Orter där företaget verkar", "Fredrika (Åsele)"), ("Språk vi talar", "Svenska"),
                                ("Det här kan vi erbjuda vid en kris", "Reservkraft/elverk")]:
        expect(page.get_by_role("group", name=question).get_by_role("checkbox", name=first_box)).to_have_count(1)
    expect(field(page, "Huvudsaklig bransch (SNI 2007)")).to_be_visible()
