"""A host sets the point's status in one or two taps; residents see it with its age; history is kept."""
import gzip
import json
import re
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from municipalities.models import Role
from sot_points import services
from sot_points.models import SotPoint, StatusUpdate
from tests.factories.accounts import make_user
from tests.factories.municipalities import make_staff
from tests.factories.sot_points import make_locality, make_point

pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"


@pytest.fixture
def point(point, overkalix):
    """The shared point (tests/sot_points/conftest.py) placed in the locality Lansjärv, which the storm
    banner's area and the sorting by distance name."""
    point.locality = make_locality(overkalix, "Lansjärv", 66.65417, 22.19583)
    point.save(update_fields=["locality"])
    return point


def _storm(municipality, **extra):
    editor = make_staff(municipality, Role.EDITOR, email=f"redaktor.{municipality.slug}.{uuid.uuid4().hex[:6]}@example.org")
    return services.disruption_declare(actor=editor, municipality=municipality, kind="storm", title="Storm",
                                       message="Stormen har slagit ut strömmen i stora delar av kommunen.", **extra)


class StatusServiceTests:
    def test_host_sets_open_with_reserve_power_and_warm_room(self, point, host):
        services.point_status_update(actor=host, point=point, status="open",
                                     available_now=["reserve_power", "warm_room"], places_free=12,
                                     message="Reservkraften går.")
        point.refresh_from_db()
        assert (point.status, point.available_now, point.places_free) == ("open", ["reserve_power", "warm_room"], 12)
        assert point.status_changed_at is not None
        assert StatusUpdate.objects.filter(point=point).count() == 1

    def test_every_change_is_kept_in_the_history(self, point, host):
        services.point_status_update(actor=host, point=point, status="open")
        services.point_status_update(actor=host, point=point, status="closed", message="Slut på bränsle")
        history = list(point.status_updates.values_list("status", "message"))
        assert history == [("closed", "Slut på bränsle"), ("open", "")]

    def test_capacity_above_the_warm_room_is_refused_in_swedish(self, point, host):
        with pytest.raises(ValidationError) as error:
            services.point_status_update(actor=host, point=point, status="open", places_free=31)
        assert error.value.message_dict["places_free"] == ["Ange ett antal mellan 0 och 30."]
        assert not StatusUpdate.objects.exists()

    def test_a_capability_the_point_lacks_is_refused(self, point, host):
        with pytest.raises(ValidationError) as error:
            services.point_status_update(actor=host, point=point, status="open", available_now=["defibrillator"])
        assert "inte registrerat" in error.value.message_dict["available_now"][0]
        point.refresh_from_db()
        assert point.status == "unknown"

    def test_closed_point_offers_nothing(self, point, host):
        services.point_status_update(actor=host, point=point, status="closed", available_now=["charging"],
                                     places_free=5)
        point.refresh_from_db()
        assert point.available_now == []
        assert point.places_free is None

    def test_host_of_another_point_cannot_set_this_one(self, point, overkalix):
        other_host = make_user("annan.vard@example.org")
        make_point(overkalix, "Svartbyns bygdegård", hosts=[other_host])
        with pytest.raises(PermissionDenied):
            services.point_status_update(actor=other_host, point=point, status="closed")

    def test_editor_of_another_municipality_cannot_set_it(self, point, asele):
        with pytest.raises(PermissionDenied):
            services.point_status_update(actor=make_staff(asele, Role.EDITOR), point=point, status="closed")


class DisruptionTests:
    def test_only_one_disruption_at_a_time(self, overkalix):
        _storm(overkalix)
        with pytest.raises(ValidationError):
            _storm(overkalix)

    def test_moderator_of_another_municipality_cannot_declare(self, overkalix, asele):
        with pytest.raises(PermissionDenied):
            services.disruption_declare(actor=make_staff(asele, Role.MODERATOR), municipality=overkalix,
                                        kind="storm", title="x", message="x")

    def test_localities_of_another_municipality_are_refused(self, overkalix, asele):
        fredrika = make_locality(asele, "Fredrika", 64.08, 18.4)
        with pytest.raises(ValidationError):
            _storm(overkalix, localities=[fredrika])


class ResidentPageTests:
    def test_list_shows_status_capacity_and_when_it_was_set(self, client, point, host):
        services.point_status_update(actor=host, point=point, status="open",
                                     available_now=["reserve_power", "warm_room"], places_free=12)
        page = client.get("/sot/", HTTP_HOST=HOST).content.decode()
        assert "Handlar&#x27;n i Lansjärv" in page
        assert "Öppen" in page
        assert "Värmestuga: 12 av 30 platser lediga" in page
        assert "Just nu: Reservkraft, Värmestuga" in page
        assert "Uppdaterat" in page

    def test_old_status_during_a_disruption_says_not_confirmed_since(self, client, point, host, overkalix, settings):
        services.point_status_update(actor=host, point=point, status="open")
        two_hours_ago = timezone.now() - timedelta(hours=2)
        SotPoint.objects.filter(pk=point.pk).update(status_changed_at=two_hours_ago)
        _storm(overkalix)
        settings.SOT_STATUS_STALE_AFTER_MINUTES = 60
        page = client.get("/sot/", HTTP_HOST=HOST).content.decode()
        expected = timezone.localtime(two_hours_ago).strftime("%H:%M")
        assert f"Inte bekräftat sedan {expected}" in page

    def test_banner_on_every_page_and_home_page_leads_with_the_sot_list(self, client, point, overkalix):
        home_before = client.get("/", HTTP_HOST=HOST).content.decode()
        assert "sot-section" not in home_before
        _storm(overkalix)
        for path in ("/", "/foretag/", f"/sot/{point.slug}/"):
            page = client.get(path, HTTP_HOST=HOST).content.decode()
            assert "Storm: Storm" in page, path
            assert "Stormen har slagit ut strömmen" in page, path
        home = client.get("/", HTTP_HOST=HOST).content.decode()
        assert home.index("sot-section") < home.index("site-footer")
        assert "Handlar&#x27;n i Lansjärv" in home

    def test_banner_and_lite_page_name_the_affected_area(self, client, point, overkalix):
        svartbyn = make_locality(overkalix, "Svartbyn", 66.25963, 22.82036)
        _storm(overkalix, localities=[point.locality, svartbyn], area_description="Längs Kalixälven")
        for path in ("/", "/sot/lite/"):
            page = client.get(path, HTTP_HOST=HOST).content.decode()
            assert "Berört område: Längs Kalixälven – Lansjärv, Svartbyn." in page, path

    def test_banner_is_not_shown_in_another_municipality(self, client, overkalix, asele):
        _storm(overkalix)
        assert "Stormen har slagit ut" not in client.get("/", HTTP_HOST="asele.localhost").content.decode()

    def test_sorted_by_distance_from_a_locality_chosen_from_the_list(self, client, overkalix, point):
        svartbyn = make_locality(overkalix, "Svartbyn", 66.25963, 22.82036)
        make_point(overkalix, "Svartbyns bygdegård", locality=svartbyn, latitude=66.2596, longitude=22.8203)
        page = client.get("/sot/", {"nara": svartbyn.pk}, HTTP_HOST=HOST).content.decode()
        assert page.index("Svartbyns bygdegård") < page.index("Handlar&#x27;n i Lansjärv")
        assert "Närmast Svartbyn först." in page
        page = client.get("/sot/", {"nara": make_locality(overkalix, "Lansjärv", 0, 0).pk},
                          HTTP_HOST=HOST).content.decode()
        assert page.index("Handlar&#x27;n i Lansjärv") < page.index("Svartbyns bygdegård")

    def test_lite_page_is_small_script_free_and_printable(self, client, overkalix, host):
        for n in range(15):
            p = make_point(overkalix, f"Punkt nummer {n}", hosts=[host])
            services.point_status_update(actor=host, point=p, status="open", available_now=["warm_room", "charging"],
                                         places_free=10, message="Kaffe, värme och laddning. Ta med egen sladd.")
        _storm(overkalix)
        response = client.get("/sot/lite/", HTTP_HOST=HOST)
        html = response.content.decode()
        assert len(gzip.compress(response.content)) <= 14 * 1024
        assert "<script" not in html
        assert "<img" not in html
        assert "<link" not in html
        assert "@media print" in html
        assert html.count('class="p"') == 15
        css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
        from core.csp import csp_hash
        assert csp_hash(css) in response["Content-Security-Policy"]
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=10"

    def test_text_version_is_at_most_one_kilobyte_per_point(self, client, point, host):
        services.point_status_update(actor=host, point=point, status="limited", available_now=point.capabilities,
                                     places_free=3, message="Å" * 280)
        text = client.get(f"/sot/{point.slug}.txt", HTTP_HOST=HOST)
        assert text["Content-Type"].startswith("text/plain")
        body = text.content.decode()
        assert len(text.content) <= 1024
        assert body.startswith("Handlar'n i Lansjärv har begränsad verksamhet med reservkraft.")
        assert "Telefon: 070-174 06 40." in body

    def test_json_and_geojson_feeds(self, client, point, host):
        services.point_status_update(actor=host, point=point, status="open", places_free=12)
        feed = json.loads(client.get("/sot/sot.json", HTTP_HOST=HOST).content)
        assert feed["points"][0]["status"] == "open"
        assert feed["points"][0]["places_free"] == 12
        geo = json.loads(client.get("/sot/sot.geojson", HTTP_HOST=HOST).content)
        assert geo["features"][0]["geometry"]["coordinates"] == [point.longitude, point.latitude]


class HostPageTests:
    def test_one_tap_on_open_saves_status_and_keeps_the_rest(self, client, point, host):
        client.force_login(host)
        response = client.post(f"/sot/{point.slug}/lage/", {"status": "open", "available_now": ["reserve_power"],
                                                            "places_free": "12", "message": ""},
                               HTTP_HOST=HOST)
        assert response.status_code == 302
        point.refresh_from_db()
        assert point.status == "open"
        assert point.places_free == 12

    def test_bad_capacity_shows_swedish_error_next_to_the_field_and_saves_nothing(self, client, point, host):
        client.force_login(host)
        response = client.post(f"/sot/{point.slug}/lage/", {"status": "open", "places_free": "45"}, HTTP_HOST=HOST)
        assert response.status_code == 200
        assert "Ange ett antal mellan 0 och 30." in response.content.decode()
        assert not StatusUpdate.objects.exists()

    def test_a_resident_cannot_reach_the_host_page(self, client, point):
        client.force_login(make_user("invanare@example.org"))
        assert client.get(f"/sot/{point.slug}/lage/", HTTP_HOST=HOST).status_code == 404

    def test_host_confirms_readiness_and_is_no_longer_flagged(self, client, point, host, overkalix):
        from sot_points.selectors import readiness_overview

        assert not readiness_overview(municipality=overkalix)[0].ready
        client.force_login(host)
        response = client.post(f"/sot/{point.slug}/beredskap/", {"generator_tested": "on", "contacts_checked": "on",
                                                                 "fuel_percent": "80"}, HTTP_HOST=HOST)
        assert response.status_code == 302
        assert readiness_overview(municipality=overkalix)[0].ready
