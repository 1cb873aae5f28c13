"""Issue 10's story: a shop in Överkalix registers its web-shop need, gets occupation and skill suggestions,
sees a course at the learning centre and a peer company's offer proposed with their reasons; Region
Norrbotten's advisor, signed in with TOTP, marks the course as a match under an area of effort; the shop
sees "Matchat"; the region's dashboard counts the need under its occupation, size class and area, and
its exports open; when the shop withdraws its consent the advisor can no longer reach the need.
Every page passes the automatic accessibility audit."""
import csv
import io
import re
import time

import openpyxl
import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from playwright.sync_api import Page, expect

from competence import followup_services
from competence.models import CompanyPeerOffer, CompetenceNeed
from competence.suggestions import warm_up
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.competence import make_peer_offer
from tests.factories.competence_conversations import make_owner
from tests.factories.competence_followup import make_plain_company, make_plain_need, match, peer_offer
from tests.factories.competence_providers import make_learning_offer, make_provider
from tests.factories.directory import make_company
from tests.factories.municipalities import make_staff
from tests.support.e2e import home_url, log_in

WEBSHOP = "Vi behöver någon som kan sätta upp vår webbutik och koppla den till kassasystemet"
COURSE = "E-handel för småföretag"
PEER = "Så kopplade vi webbutiken till kassan"
OCCUPATION = "2512 Mjukvaru- och systemutvecklare m.fl."


@pytest.fixture(scope="module", autouse=True)
def _suggester_ready():
    """The real suggester (a CPU embedding model), prepared as the ASGI app does at start; its
    reference embeddings come from the disk cache after the first run on a machine."""
    warm_up()


def _run_followup_refreshes() -> None:
    """What the worker (`db_worker --backend embeddings`) does for the follow-up: run its queued
    recomputes. Only those: the embeddings queued by the story are not part of it."""
    from django_tasks_db.models import DBTaskResult

    from competence.tasks import refresh_followup_defaults, refresh_followup_figures

    paths = {task.module_path for task in (refresh_followup_defaults, refresh_followup_figures)}
    while rows := list(DBTaskResult.objects.ready().filter(task_path__in=paths)):
        for row in rows:
            row.delete()
            row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])


def _totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _row(page: Page, table_key: str, label: str):
    """A row of one of the dashboard's tables, by its header cell."""
    return page.locator(f"#{table_key} table tbody tr").filter(
        has=page.get_by_role("rowheader", name=label, exact=True))


def _download(where, link_name: str) -> bytes:
    """Click a download link (the first of that name in `where`, a page or a part of one) and read the file."""
    page = where if isinstance(where, Page) else where.page
    with page.expect_download() as info:
        where.get_by_role("link", name=link_name, exact=True).first.click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_a_shop_registers_a_web_shop_need_that_the_region_matches_and_follows_up(page: Page, new_page, overkalix):
    started = time.monotonic()
    # --- The world: the shop, the learning centre's course, a peer company, the region and its advisor.
    office = make_staff(overkalix, Role.EDITOR)
    member = make_user("butiken@example.org")
    company = make_company(overkalix, owner=member, published=True, legal_name="Kalix Fritid & Fiske AB",
                           employees=4, woman_led=True)
    assert company.size_class == "micro"
    centre = make_provider(overkalix, actor=office, name="Lärcentrum Överkalix")
    make_learning_offer(centre, actor=office, title=COURSE)
    peer_member = make_user("svartbyn@example.org")
    peer_company = make_company(overkalix, owner=peer_member, published=True, org_number="556036-0793",
                                legal_name="Svartbyn Mode & Webbshop AB")
    make_peer_offer(peer_company, actor=peer_member, kind="knowledge", title=PEER, ssyk_codes=["2512"],
                    description="Vi kopplade vår webbutik till kassasystemet förra året och visar gärna hur.")
    region = make_owner("Region Norrbotten", overkalix)
    advisor = make_user("radgivare@regionnorrbotten.example.org")
    region.members.add(advisor)
    secret = generate_totp_secret()
    TOTP.activate(advisor, secret)
    area = followup_services.effort_area_create(actor=advisor, owner=region, name="Kompetensförsörjning")
    # Four other companies with matched web-shop needs in the same area, so the region's figures for the
    # occupation cross the threshold of 5 companies only when this shop's need is counted.
    shared = peer_offer(peer_company)
    CompanyPeerOffer.objects.filter(pk=shared.pk).update(active=False)  # past help, no longer offered
    for number in range(4):
        other = make_plain_company(overkalix, name=f"Grannföretag {number} AB", size_class="micro")
        match(make_plain_need(other, ssyk="2512"), shared, owner=region, effort_area=area)

    # --- The member shares the shop's needs with the region, on the consent page.
    base = home_url(overkalix) + f"foretag/{company.slug}/kompetens/"
    page.goto(base + "delning/")
    log_in(page, member.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dela era behov")
    page.get_by_role("button", name="Dela våra behov med Region Norrbotten").click()
    expect(page.get_by_role("button", name="Återkalla samtycket till Region Norrbotten")).to_be_visible()

    # --- The member registers the need in two steps, confirming the suggestions.
    page.goto(base + "nytt/")
    expect(page.get_by_text("Steg 1 av 2")).to_be_visible()
    page.locator("textarea[name=description]").fill(WEBSHOP)
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_text("Steg 2 av 2")).to_be_visible()
    occupations = page.get_by_role("group", name="Vilket yrke ligger närmast behovet?")
    suggested = occupations.locator("input[name=occupation]").evaluate_all("inputs => inputs.map(i => i.value)")
    assert "2512" in suggested, suggested  # Mjukvaru- och systemutvecklare m.fl.
    assert any(code.startswith("25") for code in suggested)
    skills = page.get_by_role("group", name="Vilka kompetenser behövs?")
    e_commerce = skills.get_by_label("E-handel", exact=False).first
    expect(e_commerce).to_be_visible()
    occupations.locator("input[value='2512']").check()
    e_commerce.check()
    page.get_by_role("group", name="Vill ni rekrytera eller utveckla dem ni har?").get_by_role("radio").last.check()
    page.get_by_role("group", name="När behöver ni det?").get_by_role("radio").first.check()
    page.get_by_role("button", name="Spara behovet").click()

    # --- The need page proposes the course and the peer company's offer, each with its reason.
    expect(page.get_by_role("heading", level=1)).to_have_text("Kompetensbehov")
    need = CompetenceNeed.objects.get(company=company)
    assert need.ssyk_code == "2512"
    assert any("E-handel" in skill["label"] for skill in need.skills)
    need_url = base + f"{need.pk}/"
    assert page.url == need_url
    proposals = page.get_by_role("region", name="Förslag").get_by_role("listitem")
    course_card = proposals.filter(has_text=COURSE)
    peer_card = proposals.filter(has_text=PEER)
    expect(course_card).to_contain_text("Lärcentrum Överkalix")
    expect(course_card).to_contain_text(f"samma yrke: {OCCUPATION}")
    expect(peer_card).to_contain_text("Svartbyn Mode & Webbshop AB")
    expect(peer_card).to_contain_text(f"samma yrke: {OCCUPATION}")
    for card in (course_card, peer_card):
        reason = card.inner_text().split("\n")[1]
        assert reason.startswith("samma yrke: 2512"), reason
    expect(page.get_by_text("Behovet är inte matchat ännu.")).to_be_visible()

    # --- Region Norrbotten's advisor signs in with TOTP and marks the course as a match.
    advisor_page = new_page()
    advisor_page.goto(home_url(overkalix) + f"konto/login/?next=/foretag/{company.slug}/kompetens/{need.pk}/")
    log_in(advisor_page, advisor.email)
    advisor_page.wait_for_url("**/konto/2fa/authenticate/**")
    code = advisor_page.locator("input[name=code]")  # allauth's field (shown without a label)
    code.fill(_totp_code(secret))
    advisor_page.locator("form").filter(has=code).get_by_role("button").first.click()
    advisor_page.wait_for_url(need_url)
    expect(advisor_page.get_by_role("heading", level=1)).to_have_text("Kompetensbehov")
    # Before the match, the area holds four companies' needs: the region sees the cell hidden.
    advisor_page.goto(home_url(overkalix) + f"uppfoljning/?omrade={area.pk}")
    expect(_row(advisor_page, "yrke", OCCUPATION).locator("td").first).to_have_text("dold")
    advisor_page.goto(need_url)
    advisor_course = advisor_page.get_by_role("region", name="Förslag").get_by_role("listitem").filter(
        has_text=COURSE)
    advisor_course.get_by_label("Insatsområde").select_option(label="Kompetensförsörjning")
    advisor_course.get_by_role("button", name=re.compile(r"^Markera som matchning")).click()
    expect(advisor_page.get_by_text("Matchningen är sparad.")).to_be_visible()
    matches = advisor_page.get_by_role("region", name="Matchningar")
    expect(matches).to_contain_text(COURSE)
    expect(matches).to_contain_text("av Region Norrbotten")

    # --- The shop sees the need as matched.
    page.reload()
    expect(page.locator("dl.facts")).to_contain_text("Matchat")
    expect(page.get_by_role("region", name="Matchningar")).to_contain_text(COURSE)

    # --- The region's dashboard counts the need under its occupation, size class and area of effort.
    advisor_page.goto(home_url(overkalix) + "uppfoljning/")
    expect(advisor_page.get_by_role("heading", level=1)).to_have_text("Uppföljning av kompetensbehov")
    occupation_row = _row(advisor_page, "yrke", OCCUPATION)
    expect(occupation_row.locator("td").first).to_have_text("5")
    expect(_row(advisor_page, "storlek", "Mikroföretag").locator("td").first).to_have_text("5")
    advisor_page.get_by_label("Insatsområde").select_option(label="Kompetensförsörjning")
    advisor_page.get_by_role("button", name="Visa").click()
    advisor_page.wait_for_url(f"**/uppfoljning/?*omrade={area.pk}*")
    # The area's figures were computed before the match: shown as they were, said so, recomputed by the
    # worker (the story runs the queued recompute itself), then the reloaded page counts the match.
    expect(advisor_page.locator(".followup-freshness")).to_contain_text("Nya siffror räknas fram")
    _run_followup_refreshes()
    advisor_page.reload()
    expect(advisor_page.locator(".followup-freshness")).not_to_contain_text("Nya siffror räknas fram")
    expect(occupation_row.locator("td").first).to_have_text("5")
    expect(_row(advisor_page, "storlek", "Mikroföretag").locator("td").first).to_have_text("5")

    # --- The exports download and open: the occupation row is in the CSV and in the workbook.
    expected = ["Behov per yrke (SSYK 2012)", OCCUPATION, "Behov", "5"]
    csv_rows = list(csv.reader(io.StringIO(_download(advisor_page, "CSV").decode("utf-8-sig")), delimiter=";"))
    assert csv_rows[0] == ["Tabell", "Rad", "Kolumn", "Värde"]
    assert expected in csv_rows, [r for r in csv_rows if OCCUPATION in r]
    workbook = openpyxl.load_workbook(io.BytesIO(_download(advisor_page, "Excel (XLSX)")), read_only=True)
    sheet_rows = [["" if v is None else str(v) for v in values] for values in workbook.active.iter_rows(values_only=True)]
    assert expected in sheet_rows, [r for r in sheet_rows if OCCUPATION in r]
    # The individual needs the region may see: this shop's, as it shares with the region.
    assert WEBSHOP in _download(advisor_page.get_by_role("listitem").filter(has_text="Enskilda behov"), "CSV").decode()

    # --- The shop withdraws its consent; the advisor's next look at the need is a 404.
    page.goto(base + "delning/")
    page.get_by_role("button", name="Återkalla samtycket till Region Norrbotten").click()
    expect(page.get_by_role("button", name="Dela våra behov med Region Norrbotten")).to_be_visible()
    response = advisor_page.goto(need_url)
    assert response.status == 404
    advisor_page.goto(home_url(overkalix) + "uppfoljning/")
    assert WEBSHOP not in _download(advisor_page.get_by_role("listitem").filter(has_text="Enskilda behov"), "CSV").decode()
    print(f"\nstory took {time.monotonic() - started:.1f} s")
