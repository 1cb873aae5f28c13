"""The text version (SMS, notice boards) reads as plain sentences in the visitor's language, ≤ 1 KB a point."""
import re
from datetime import datetime, time

import pytest
from django.utils import timezone, translation

from sot_points import demo, services
from sot_points.models import PointStatus
from sot_points.selectors import DayHours
from sot_points.text import MAX_BYTES, natural_list, point_text
from tests.factories.accounts import make_user
from tests.factories.municipalities import make_municipality
from tests.factories.sot_points import make_locality, make_point

pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"
# Nothing a Python repr or a template would leave behind: brackets, braces, quoted list items, proxies.
LEFTOVERS = re.compile(r"[\[\]{}]|__proxy__|', '|None|\bTrue\b|\bFalse\b")


def _at(hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time(hour, minute)))


def _assert_sentences(text: str) -> None:
    assert len(text.encode()) <= MAX_BYTES, text
    assert not LEFTOVERS.search(text), text
    for line in text.strip().splitlines():
        assert line[0].isupper(), line
        assert line.endswith((".", "…")), line


class NaturalListTests:
    def test_lists_read_as_swedish_and_english_lists(self):
        assert natural_list(["värme"]) == "värme"
        assert natural_list(["värme", "vatten"]) == "värme och vatten"
        assert natural_list(["värme", "vatten", "laddning"]) == "värme, vatten och laddning"
        with translation.override("en"):
            assert natural_list(["warmth", "water", "charging"]) == "warmth, water and charging"


class PointTextTests:
    @pytest.fixture
    def point(self, overkalix):
        host = make_user("vard.lansjarv@example.org")
        point = make_point(overkalix, locality=make_locality(overkalix, "Lansjärv", 66.65, 22.19), hosts=[host],
                           capabilities=["reserve_power", "warm_room", "water", "charging", "information"],
                           warm_room_places=20)
        services.point_status_update(actor=host, point=point, status="open",
                                     available_now=["reserve_power", "warm_room", "water", "charging"], places_free=12)
        point.refresh_from_db()
        return point

    def test_an_open_point_reads_as_the_issue_example(self, point):
        changed = timezone.localtime(point.status_changed_at).strftime("%H.%M")
        text = point_text(point, stale=False, hours_today=DayHours(closed=False, windows=[(time(7), time(18))]),
                          now=_at(12))
        assert text.splitlines()[0] == (
            "Handlar'n i Lansjärv är öppen till 18.00 med reservkraft. Här finns värme (12 av 20 platser lediga), "
            f"dricksvatten och laddning av telefon och dator. Senast bekräftat {changed}.")
        assert text.splitlines()[1] == "Adress: Byvägen 12, Lansjärv. Telefon: 070-174 06 40."

    def test_outside_its_hours_no_closing_time_is_promised(self, point):
        text = point_text(point, stale=False, hours_today=DayHours(closed=False, windows=[(time(7), time(18))]),
                          now=_at(19))
        assert text.startswith("Handlar'n i Lansjärv är öppen med reservkraft. Här finns värme")

    def test_an_english_visitor_reads_english_sentences(self, client, point):
        body = client.get(f"/sot/{point.slug}.txt", HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert body.startswith("Handlar'n i Lansjärv is open")
        assert "warmth (12 of 20 places free), drinking water and phone and computer charging." in body
        assert "Last confirmed" in body
        assert "Phone: 070-174 06 40." in body
        _assert_sentences(body)

    def test_a_status_not_confirmed_after_a_disruption_says_so(self, point):
        point.confirmation_requested_at = timezone.now()
        assert "Ej bekräftat efter störningen, senast ändrat" in point_text(point, stale=False)

    def test_the_message_is_shortened_to_fit_one_kilobyte_and_ends_the_sentence(self, point):
        point.status_message = "Kaffe och laddning finns, ta med egen sladd " * 40
        text = point_text(point, stale=True)
        assert len(text.encode()) <= MAX_BYTES
        assert "…" in text
        assert "Inte bekräftat sedan" in text
        _assert_sentences(text)


class DemoPointsTests:
    """Every demo point, in every status, read the way a resident gets it: /sot/<slug>.txt and /sot/sot.txt."""

    @pytest.mark.parametrize("language", ["sv", "en"])
    def test_every_demo_point_reads_as_sentences_within_one_kilobyte(self, client, language):
        pages = []
        for code, specs in demo.DEMO_POINTS.items():
            municipality = make_municipality(code)
            for spec in specs:
                make_locality(municipality, spec.locality, 66.0, 22.0)
            for point in demo.create_demo_data(municipality=municipality, moderator=None):
                host = make_user(f"test.{point.slug}@example.org")
                point.hosts.add(host)
                host_name = f"{municipality.slug}.localhost"
                for status in (PointStatus.OPEN, PointStatus.LIMITED, PointStatus.CLOSED):
                    services.point_status_update(actor=host, point=point, status=status,
                                                 available_now=point.capabilities,
                                                 places_free=point.warm_room_places, message="Ta med egen sladd")
                    pages.append(client.get(f"/sot/{point.slug}.txt", HTTP_HOST=host_name,
                                            HTTP_ACCEPT_LANGUAGE=language).content.decode())
            pages.append(client.get("/sot/sot.txt", HTTP_HOST=f"{municipality.slug}.localhost",
                                    HTTP_ACCEPT_LANGUAGE=language).content.decode())
        assert len(pages) == 3 * sum(len(specs) for specs in demo.DEMO_POINTS.values()) + len(demo.DEMO_POINTS)
        for page in pages[:-1]:
            if page.startswith("SOT-") or page.startswith("SOT "):
                continue
            _assert_sentences(page)
        lists = [page for page in pages if page.startswith(("SOT-PUNKTER", "SOT POINTS"))]
        assert len(lists) == len(demo.DEMO_POINTS)
        for page in lists:
            assert not LEFTOVERS.search(page), page
        if language == "sv":
            assert any("Här finns information, laddning av telefon och dator" in page for page in pages)
            assert any(page.startswith("Handlar'n i Lansjärv är stängd.") for page in pages)
        else:
            assert any("Here you will find information, phone and computer charging" in page for page in pages)
            assert any(page.startswith("Handlar'n i Lansjärv is closed.") for page in pages)
