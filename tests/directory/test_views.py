"""The public directory, profile pages and companies' own forms, as residents and members use them."""
import json
import re

import pytest

from directory.models import Company
from municipalities.models import Locality, Role
from tests.factories.accounts import make_user
from tests.factories.directory import ORG_NUMBERS, make_company
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ASELE = "asele.localhost"


@pytest.fixture
def published(asele):
    fredrika = Locality.objects.create(municipality=asele, name="Fredrika", latitude=64.083, longitude=18.4)
    centre = Locality.objects.create(municipality=asele, name="Åsele", latitude=64.1667, longitude=17.3333)
    carpenter = make_company(asele, published=True, org_number=ORG_NUMBERS[0], localities=[centre],
                             description="Vi är två snickare som bygger kök och altaner.",
                             crisis_resources=["generator"], crisis_visibility="public")
    feed = make_company(asele, published=True, org_number=ORG_NUMBERS[1], legal_name="Fredrika Foder AB",
                        primary_sni="10910", localities=[fredrika], description="Foder till kor och hästar.")
    make_company(asele, org_number=ORG_NUMBERS[2], legal_name="Ej granskad AB")
    return carpenter, feed, centre, fredrika


class DirectorySearchPageTests:
    def test_search_finds_companies_by_inflected_words_without_javascript(self, client, published):
        page = client.get("/foretag/", {"q": "snickaren"}, HTTP_HOST=ASELE).content.decode()
        assert "Snickeri i Åsele AB" in page
        assert "Fredrika Foder AB" not in page
        assert "<script" not in page.split("<main", 1)[1]

    def test_facets_are_links_with_counts_and_filter_the_results(self, client, published):
        page = client.get("/foretag/", HTTP_HOST=ASELE).content.decode()
        link = re.search(r'<a href="(\?[^"]*locality=Fredrika[^"]*)"[^>]*>\s*Fredrika <span class="facet__count">\(1\)',
                         page)
        assert link, "the Fredrika facet link with its count"
        filtered = client.get("/foretag/" + link.group(1).replace("&amp;", "&"), HTTP_HOST=ASELE).content.decode()
        assert "Fredrika Foder AB" in filtered
        assert "Snickeri i Åsele AB" not in filtered

    def test_unpublished_companies_are_not_listed(self, client, published):
        page = client.get("/foretag/", {"q": "granskad"}, HTTP_HOST=ASELE).content.decode()
        assert "Ej granskad AB" not in page

    def test_near_a_village_lists_the_closest_company_first_with_its_distance(self, client, published):
        _, _, _, fredrika = published
        page = client.get("/foretag/", {"nara": fredrika.pk}, HTTP_HOST=ASELE).content.decode()
        assert page.index("Fredrika Foder AB") < page.index("Snickeri i Åsele AB")
        assert "0 km bort" in page

    def test_autocomplete_suggests_names_of_this_municipality(self, client, published, arvidsjaur):
        make_company(arvidsjaur, published=True, org_number=ORG_NUMBERS[3], legal_name="Fredriksons Bygg AB")
        data = client.get("/foretag/forslag/", {"q": "fred"}, HTTP_HOST=ASELE).json()
        assert data == {"suggestions": ["Fredrika Foder AB"]}


class ProfilePageTests:
    def test_profile_shows_the_phone_number_and_schema_org_data(self, client, published):
        carpenter = published[0]
        page = client.get(f"/foretag/{carpenter.slug}/", HTTP_HOST=ASELE).content.decode()
        assert 'href="tel:0701740650"' in page
        data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S).group(1))
        assert data["@type"] == "LocalBusiness"
        assert data["telephone"] == "070-174 06 50"
        assert data["identifier"]["value"] == "556016-0680"

    def test_public_crisis_resources_are_shown(self, client, published):
        page = client.get(f"/foretag/{published[0].slug}/", HTTP_HOST=ASELE).content.decode()
        assert "Reservkraft/elverk" in page

    def test_an_unpublished_profile_is_not_found_for_residents(self, client, published):
        pending = Company.objects.get(legal_name="Ej granskad AB")
        assert client.get(f"/foretag/{pending.slug}/", HTTP_HOST=ASELE).status_code == 404

    def test_a_profile_is_not_found_on_another_municipality_host(self, client, published, arvidsjaur):
        assert client.get(f"/foretag/{published[0].slug}/", HTTP_HOST="arvidsjaur.localhost").status_code == 404


class RegistrationFormTests:
    def _form(self, **overrides):
        return {"org_number": "556036-0793", "legal_name": "Snickeri i Åsele AB", "legal_form": "ab",
                "primary_sni": "43320", "phone": "070-174 06 70", "crisis_visibility": "municipality",
                "woman_led": "unknown", **overrides}

    def test_a_wrong_checksum_is_shown_next_to_the_field_and_nothing_is_saved(self, client, asele):
        client.force_login(make_user())
        response = client.post("/foretag/registrera/", self._form(org_number="556036-0794"), HTTP_HOST=ASELE)
        page = response.content.decode()
        assert response.status_code == 200
        assert "fel kontrollsiffra" in page
        assert 'aria-invalid="true"' in page.split('name="org_number"')[0][-400:] + page.split('name="org_number"')[1][:400]
        assert not Company.objects.exists()

    def test_a_valid_registration_waits_for_review(self, client, asele):
        client.force_login(make_user())
        response = client.post("/foretag/registrera/", self._form(), HTTP_HOST=ASELE, follow=True)
        assert "granskas nu av näringslivskontoret" in response.content.decode()
        assert Company.objects.get().status == "pending"

    def test_a_personnummer_for_an_aktiebolag_is_shown_next_to_the_legal_form(self, client, asele):
        client.force_login(make_user())
        response = client.post("/foretag/registrera/", self._form(org_number="811228-9874"), HTTP_HOST=ASELE)
        page = response.content.decode()
        assert response.status_code == 200
        after_field = page.split('name="legal_form"')[1][:2000]
        assert "Aktiebolag kräver ett organisationsnummer" in page
        assert "811228-9874 är ett personnummer" in page
        assert 'aria-invalid="true"' in page.split('name="legal_form"')[0][-400:] + after_field[:400]
        assert not Company.objects.exists()

    @pytest.mark.parametrize("spelling", ["SE556036079301", "16556036-0793", "se 556036-0793 01"])
    def test_vat_and_twelve_digit_spellings_are_accepted(self, client, asele, spelling):
        client.force_login(make_user())
        client.post("/foretag/registrera/", self._form(org_number=spelling), HTTP_HOST=ASELE)
        assert Company.objects.get().org_number == "556036-0793"

    def test_anonymous_visitors_are_asked_to_log_in(self, client, asele):
        response = client.get("/foretag/registrera/", HTTP_HOST=ASELE)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")


class MemberAccessTests:
    def test_a_member_of_company_x_cannot_open_company_ys_edit_page(self, client, published):
        carpenter, feed, *_ = published
        client.force_login(carpenter.members.get().user)
        assert client.get(f"/foretag/{carpenter.slug}/redigera/", HTTP_HOST=ASELE).status_code == 200
        assert client.get(f"/foretag/{feed.slug}/redigera/", HTTP_HOST=ASELE).status_code == 403
        assert client.post(f"/foretag/{feed.slug}/redigera/", {"phone": "1"}, HTTP_HOST=ASELE).status_code == 403


class ModerationQueueTests:
    def test_staff_of_asele_see_only_their_queue_and_cannot_decide_for_arvidsjaur(self, client, asele, arvidsjaur):
        arvidsjaur_company = make_company(arvidsjaur, org_number=ORG_NUMBERS[3], legal_name="Arvidsjaurs Bygg AB")
        asele_company = make_company(asele, org_number=ORG_NUMBERS[4], legal_name="Åsele Bygg AB")
        client.force_login(make_staff(asele, Role.MODERATOR))
        queue = client.get("/admin/foretag/", HTTP_HOST=ASELE).content.decode()
        assert "Åsele Bygg AB" in queue
        assert "Arvidsjaurs Bygg AB" not in queue
        response = client.post(f"/admin/foretag/{arvidsjaur_company.pk}/approve/", HTTP_HOST=ASELE)
        assert response.status_code == 404
        arvidsjaur_company.refresh_from_db()
        assert arvidsjaur_company.status == "pending"
        client.post(f"/admin/foretag/{asele_company.pk}/approve/", HTTP_HOST=ASELE)
        asele_company.refresh_from_db()
        assert asele_company.status == "published"


class OpenDataTests:
    def test_csv_export_lists_published_companies_without_voluntary_facts(self, client, published):
        response = client.get("/foretag/export.csv", HTTP_HOST=ASELE)
        text = response.content.decode()
        assert response["Content-Type"].startswith("text/csv")
        assert "Snickeri i Åsele AB" in text
        assert "Fredrika Foder AB" in text
        assert "Ej granskad AB" not in text
        assert "woman_led" not in text

    def test_geojson_export_has_a_point_per_company(self, client, published):
        data = client.get("/foretag/export.geojson", HTTP_HOST=ASELE).json()
        assert data["type"] == "FeatureCollection"
        feed = next(f for f in data["features"] if f["properties"]["name"] == "Fredrika Foder AB")
        assert feed["geometry"] == {"type": "Point", "coordinates": [18.4, 64.083]}

    def test_read_api_filters_and_is_described_by_openapi(self, client, published):
        data = client.get("/api/v1/foretag", {"q": "snickare"}, HTTP_HOST=ASELE).json()
        assert data["count"] == 1
        assert data["results"][0]["phone"] == "070-174 06 50"
        by_locality = client.get("/api/v1/foretag", {"locality": "Fredrika"}, HTTP_HOST=ASELE).json()
        assert [r["name"] for r in by_locality["results"]] == ["Fredrika Foder AB"]
        schema = client.get("/api/v1/openapi.json", HTTP_HOST=ASELE).json()
        assert "/api/v1/foretag" in schema["paths"]

    def test_sitemap_lists_published_profiles_of_this_municipality_only(self, client, published, arvidsjaur):
        make_company(arvidsjaur, published=True, org_number=ORG_NUMBERS[3], legal_name="Arvidsjaurs Bygg AB")
        xml = client.get("/sitemap.xml", HTTP_HOST=ASELE).content.decode()
        assert f"http://{ASELE}/foretag/{published[0].slug}/" in xml
        assert "arvidsjaurs-bygg-ab" not in xml


class CompanyImagesTests:
    def test_a_member_adds_a_photo_with_a_description_that_shows_on_the_profile_once_approved(self, client, published):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from directory import services
        from tests.support.images import image_bytes

        carpenter = published[0]
        client.force_login(carpenter.members.get().user)
        url = f"/foretag/{carpenter.slug}/bilder/"
        refused = client.post(url, {"action": "photo", "alt_text": "Altan",
                                    "photo": SimpleUploadedFile("a.jpg", b"inte en bild")}, HTTP_HOST=ASELE)
        assert "ingen bild vi kan ta emot" in refused.content.decode()
        assert carpenter.photos.count() == 0
        sent = client.post(url, {"action": "photo", "alt_text": "Nybyggd altan i lärkträ",
                                 "photo": SimpleUploadedFile("a.jpg", image_bytes())}, HTTP_HOST=ASELE, follow=True)
        assert "skickad till näringslivskontoret för granskning" in sent.content.decode()
        assert 'alt="Nybyggd altan i lärkträ"' in sent.content.decode()  # the member sees it waiting
        assert carpenter.photos.count() == 0
        carpenter.refresh_from_db()
        services.company_approve(actor=make_staff(carpenter.municipality, Role.MODERATOR, email="g@example.org"),
                                 company=carpenter)
        photo = carpenter.photos.get()
        assert photo.image.collection == carpenter.municipality.collection
        page = client.get(f"/foretag/{carpenter.slug}/", HTTP_HOST=ASELE).content.decode()
        assert 'alt="Nybyggd altan i lärkträ"' in page

    def test_another_company_cannot_change_the_images(self, client, published):
        carpenter, feed, *_ = published
        client.force_login(feed.members.get().user)
        assert client.get(f"/foretag/{carpenter.slug}/bilder/", HTTP_HOST=ASELE).status_code == 403


class NearMeTests:
    def test_a_shared_position_sorts_by_distance(self, client, published):
        page = client.get("/foretag/", {"lat": "64.08", "lon": "18.40"}, HTTP_HOST=ASELE).content.decode()
        assert page.index("Fredrika Foder AB") < page.index("Snickeri i Åsele AB")

    @pytest.mark.parametrize(("lat", "lon"), [("x", "999"), ("64.08", "999"), ("nan", "18.40"), ("1e1", "18.40")])
    def test_a_nonsense_position_is_ignored(self, client, published, lat, lon):
        def names(html: str) -> list[str]:
            return re.findall(r'<h3><a href="[^"]*">([^<]+)</a></h3>', html)

        default = client.get("/foretag/", HTTP_HOST=ASELE).content.decode()
        response = client.get("/foretag/", {"lat": lat, "lon": lon}, HTTP_HOST=ASELE)
        page = response.content.decode()
        assert response.status_code == 200
        assert names(page) == names(default), "the list in its usual order"
        assert len(names(page)) == 2, "the list in its usual order"
        assert "km bort" not in page, "no distance from a position that is not one"
        assert 'name="lat"' not in page, "the next search does not carry it on"


class SearchServerDownTests:
    def test_an_unreachable_search_server_falls_back_to_the_database_without_an_error(self, client, published,
                                                                                      settings, caplog):
        settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
        response = client.get("/foretag/", {"q": "snickare"}, HTTP_HOST=ASELE)
        assert response.status_code == 200
        assert "Snickeri i Åsele AB" in response.content.decode()
        assert "fell back to the database" in caplog.text
        assert client.get("/api/v1/foretag", {"q": "snickare"}, HTTP_HOST=ASELE).json()["count"] == 1


class NavigationTests:
    def test_every_municipality_page_links_to_the_directory(self, client, asele):
        page = client.get("/", HTTP_HOST=ASELE).content.decode()
        assert '<a href="/foretag/">Företag</a>' in page
