"""The follow-up figures: right on a small world, and a cell of 4 companies hidden from a platform owner in
the page, both exports and the API, while the municipality's own staff see it."""
import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from competence import followup_selectors as selectors
from municipalities.models import Role
from tests.factories.accounts import make_user
from tests.factories.competence_followup import (
    assessment,
    conversation,
    make_owner,
    make_plain_company,
    make_plain_need,
    match,
    peer_offer,
    with_totp,
)
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db
HOST = "arvidsjaur.localhost"
LANDING = "localhost"


@pytest.fixture
def world(arvidsjaur, overkalix, asele):
    """Arvidsjaur: 4 micro companies need a developer (2512), 6 small ones a cook (5120), 3 of those met.
    Överkalix: 5 companies need a developer. Region Norrbotten is granted Arvidsjaur and Överkalix."""
    owner_user = with_totp(make_user("region.norrbotten@example.org"))
    region = make_owner("Region Norrbotten", [arvidsjaur, overkalix], [owner_user])
    developers = [make_plain_company(arvidsjaur, size_class="micro", woman_led=True) for _ in range(4)]
    cooks = [make_plain_company(arvidsjaur, size_class="small", woman_led=(i < 3)) for i in range(6)]
    dev_needs = [make_plain_need(c, ssyk="2512", skills=[{"id": "e-handel", "label": "E-handel"}],
                                 forms=["short_course"]) for c in developers]
    [make_plain_need(c, ssyk="5120", status="met" if i < 3 else "registered", met_after_days=10,
                     forms=["peer", "short_course"]) for i, c in enumerate(cooks)]
    ox = [make_plain_company(overkalix, size_class="medium") for _ in range(5)]
    for company in ox:
        make_plain_need(company, ssyk="2512")
    offer = peer_offer(cooks[5])
    for need in dev_needs[:2]:
        match(need, offer, after_days=4)
    for company in cooks[:5]:
        conversation(company)
    for i, company in enumerate(cooks[:5]):
        assessment(company, 0, 40 + i)
        assessment(company, 1, 50 + i)
    asele_company = make_plain_company(asele, name="Hemligt bolag i Åsele AB")
    make_plain_need(asele_company, ssyk="2512")
    staff = make_staff(arvidsjaur, Role.EDITOR, email="redaktor.arvidsjaur@example.org")
    return {"owner_user": owner_user, "region": region, "staff": staff, "arvidsjaur": arvidsjaur,
            "overkalix": overkalix, "asele": asele, "dev_needs": dev_needs, "cooks": cooks}


def _row(board, key, label_start):
    table = next(t for t in board.all_tables() if t.key == key)
    return next(r for r in table.rows if r.label.startswith(label_start)), table


def _board(user, **query):
    filters = selectors.filters_from_query(user, {k: str(v) for k, v in query.items()})
    return selectors.dashboard(user, filters)


class FiguresTests:
    def test_staff_of_the_municipality_see_every_figure_unsuppressed(self, world):
        board = _board(world["staff"])
        assert board.unsuppressed
        assert [m.name for m in board.filters.municipalities] == ["Arvidsjaur"]
        dev, table = _row(board, "yrke", "2512")
        assert [c.value for c in dev.cells] == [4, 4, 0]
        assert dev.cells[0].companies == 4
        cook, _ = _row(board, "yrke", "5120")
        assert [c.value for c in cook.cells] == [6, 3, 3]
        assert [c.value for c in table.total.cells] == [10, 7, 3]
        micro, _ = _row(board, "storlek", "Mikro")
        assert micro.cells[0].value == 4
        section, _ = _row(board, "bransch", "J")  # 62010 is in section J
        assert section.cells[0].value == 10
        skill, _ = _row(board, "kompetens", "E-handel")
        assert skill.cells[0].value == 4
        course, _ = _row(board, "former", "Kort kurs")
        peer, _ = _row(board, "former", "Hjälp från ett annat företag")
        assert course.cells[0].value == 10
        assert peer.cells[0].value == 6
        headline = {r.key: r.cells[0].value for r in board.headline.rows}
        assert headline["needs"] == 10
        assert headline["conversations"] == 5
        assert headline["matches"] == 2
        assert headline["met"] == 3
        assert headline["match_median"] == 4.0
        assert headline["met_median"] == 10.0
        indicators = {r.key: [c.value for c in r.cells] for r in board.indicators.rows}
        assert indicators["micro"][:3] == [4, 4, 100.0]
        assert indicators["small"][:3] == [6, 3, 50.0]
        assert indicators["small"][3] == 5
        assert indicators["micro"][3] == 2
        maturity = {r.key: [c.value for c in r.cells] for r in board.maturity.rows}
        assert maturity["strategy"] == [42.0, 52.0, 10.0]

    def test_a_cell_of_four_companies_and_the_cell_that_would_reveal_it_are_hidden_from_the_owner(self, world):
        board = _board(world["owner_user"], kommun=world["arvidsjaur"].pk)
        assert not board.unsuppressed
        dev, table = _row(board, "yrke", "2512")
        cook, _ = _row(board, "yrke", "5120")
        assert dev.cells[0].hidden
        assert dev.cells[0].reason == "primary"
        # total 10 - cooks 6 would give the developers: the cooks' cell goes too
        assert not table.total.cells[0].hidden
        assert cook.cells[0].hidden
        assert cook.cells[0].reason == "secondary"
        micro, _ = _row(board, "storlek", "Mikro")
        assert micro.cells[0].hidden
        assert all(cell.hidden for cell in board.maturity.rows[0].cells[:1]) is False  # 5 companies: shown

    def test_the_owner_sees_both_granted_municipalities_and_nothing_of_an_ungranted_one(self, world):
        board = _board(world["owner_user"])
        assert [m.name for m in board.filters.municipalities] == ["Arvidsjaur", "Överkalix"]
        dev, table = _row(board, "yrke", "2512")
        assert dev.cells[0].value == 9
        assert not dev.cells[0].hidden
        assert table.total.cells[0].value == 15
        asking_for_asele = _board(world["owner_user"], kommun=world["asele"].pk)
        assert asking_for_asele.filters.municipality is None
        assert asking_for_asele.tables[0].total.cells[0].value == 15

    def test_an_owner_of_another_region_sees_only_its_own_municipality(self, world):
        other = make_user("region.vasterbotten@example.org")
        make_owner("Region Västerbotten", [world["asele"]], [other])
        board = _board(other, kommun=world["arvidsjaur"].pk)
        assert [m.name for m in board.filters.municipalities] == ["Åsele"]
        assert board.tables[0].total.cells[0].companies == 1

    def test_period_and_effort_area_filters(self, world):
        from competence.models import EffortArea

        region = world["region"]
        area = EffortArea.objects.create(owner=region, name="Digitalisering")
        conversation(world["cooks"][0], owner=region, effort_area=area)
        old = timezone.now() - dt.timedelta(days=400)
        make_plain_need(world["cooks"][0], ssyk="5120", created_at=old)
        month = timezone.localdate().strftime("%Y-%m")
        staff_board = _board(world["staff"], fran=month, till=month)
        assert staff_board.tables[0].total.cells[0].value == 10  # the old need is outside the period
        assert _board(world["staff"]).tables[0].total.cells[0].value == 11
        owner_board = _board(world["owner_user"], omrade=area.pk)
        assert owner_board.filters.area == area
        assert owner_board.headline.rows[1].cells[0].value == 1  # one tagged conversation (hidden: 1 company)
        assert owner_board.headline.rows[1].cells[0].hidden


class PageExportAndApiTests:
    def test_the_dashboard_page_hides_the_small_cell_for_the_owner_on_the_landing_host(self, client, world):
        client.force_login(world["owner_user"])
        response = client.get(f"/uppfoljning/?kommun={world['arvidsjaur'].pk}", HTTP_HOST=LANDING)
        assert response.status_code == 200
        html = response.content.decode()
        assert "2512 Mjukvaru- och systemutvecklare m.fl." in html
        assert 'role="img"' in html
        assert "<caption>" in html
        assert "Hemligt bolag" not in html
        row = html.split("<th scope=\"row\">2512 Mjukvaru")[1].split("</tr>")[0]
        assert "dold" in row
        assert ">4<" not in row

    def test_staff_see_the_four(self, client, world):
        client.force_login(world["staff"])
        response = client.get("/uppfoljning/", HTTP_HOST=HOST)
        row = response.content.decode().split("<th scope=\"row\">2512 Mjukvaru")[1].split("</tr>")[0]
        assert "<td>4</td>" in row
        assert "dold" not in row

    def test_csv_and_xlsx_parse_back_with_the_same_suppression(self, client, world):
        client.force_login(world["owner_user"])
        response = client.get(f"/uppfoljning/export.csv?kommun={world['arvidsjaur'].pk}", HTTP_HOST=LANDING)
        assert response.status_code == 200
        assert response.streaming
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body), delimiter=";"))
        assert rows[0] == ["Tabell", "Rad", "Kolumn", "Värde"]
        dev = [r for r in rows if r[0].startswith("Behov per yrke") and r[1].startswith("2512") and r[2] == "Behov"]
        assert dev[0][3] == "dold (färre än 5 företag)"
        total = [r for r in rows if r[0].startswith("Behov per yrke") and r[1] == "Totalt" and r[2] == "Behov"]
        assert total[0][3] == "10"
        response = client.get(f"/uppfoljning/export.xlsx?kommun={world['arvidsjaur'].pk}", HTTP_HOST=LANDING)
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        cells = [r for r in book.active.iter_rows(values_only=True)
                 if str(r[0]).startswith("Behov per yrke") and str(r[1]).startswith("2512") and r[2] == "Behov"]
        assert cells[0][3] == "dold (färre än 5 företag)"
        client.force_login(world["staff"])
        response = client.get("/uppfoljning/export.xlsx", HTTP_HOST=HOST)
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        cells = [r for r in book.active.iter_rows(values_only=True)
                 if str(r[0]).startswith("Behov per yrke") and str(r[1]).startswith("2512") and r[2] == "Behov"]
        assert cells[0][3] == 4

    def test_the_api_gives_monthly_figures_suppressed_for_the_owner_and_not_for_staff(self, client, world):
        month = timezone.localdate().strftime("%Y-%m")
        client.force_login(world["owner_user"])
        response = client.get("/api/v1/uppfoljning/manadsvis", HTTP_HOST=LANDING)
        assert response.status_code == 200
        data = {(r["municipality"], r["month"]): r for r in response.json()}
        arvidsjaur = data[("Arvidsjaur", month)]
        assert arvidsjaur["needs_registered"] == 10
        assert arvidsjaur["conversations"] == 5
        assert arvidsjaur["matches"] is None
        assert "matches" in arvidsjaur["suppressed"]
        assert arvidsjaur["needs_met"] is None  # 3 companies
        assert data[("Överkalix", month)]["needs_registered"] == 5
        assert not any(r["municipality"] == "Åsele" for r in response.json())
        client.force_login(world["staff"])
        staff_rows = client.get("/api/v1/uppfoljning/manadsvis", HTTP_HOST=HOST).json()
        assert [r["municipality"] for r in staff_rows] == ["Arvidsjaur"]
        assert staff_rows[0]["matches"] == 2
        assert staff_rows[0]["needs_met"] == 3
        assert staff_rows[0]["suppressed"] == []

    def test_the_api_answers_401_anonymous_and_403_without_follow_up(self, client, world):
        assert client.get("/api/v1/uppfoljning/manadsvis", HTTP_HOST=HOST).status_code == 401
        client.force_login(make_user("invanare@example.org"))
        assert client.get("/api/v1/uppfoljning/manadsvis", HTTP_HOST=HOST).status_code == 403

    def test_the_api_is_documented(self, client, world):
        schema = client.get("/api/v1/openapi.json", HTTP_HOST=HOST).json()
        operation = schema["paths"]["/api/v1/uppfoljning/manadsvis"]["get"]
        assert {"200", "401", "403"} <= set(operation["responses"])


MALFORMED = ["²", "٣", "\x00", "Åse\x00le", "99999999999999999999", "-1", "x" * 10_000, "2026-13", "1999-01"]


@pytest.mark.parametrize("value", MALFORMED)
def test_malformed_filters_are_ignored_never_an_error(client, world, value):
    client.force_login(world["owner_user"])
    query = {name: value for name in ("kommun", "fran", "till", "omrade", "projekt")}
    for path in ("/uppfoljning/", "/uppfoljning/export.csv", "/api/v1/uppfoljning/manadsvis"):
        response = client.get(path, query, HTTP_HOST=LANDING)
        assert response.status_code == 200, (path, response.status_code)
