"""Where no nginx is in front (the embedded stack), the app answers the "saved copy" link itself: the
municipality's own snapshot files, with the headers nginx would send."""
import json

import pytest

from sot_points import services
from tests.factories.accounts import make_user
from tests.factories.sot_points import make_point

pytestmark = pytest.mark.django_db
HOST = "overkalix.localhost"


@pytest.fixture
def written(settings, tmp_path, overkalix, arvidsjaur, django_capture_on_commit_callbacks):
    settings.SOT_SNAPSHOT_ROOT = str(tmp_path / "sot-snapshot")
    host = make_user("vard.lansjarv@example.org")
    point = make_point(overkalix, hosts=[host])
    make_point(arvidsjaur, "Moskosel Lanthandel", hosts=[host])
    with django_capture_on_commit_callbacks(execute=True):
        services.point_status_update(actor=host, point=point, status="open", places_free=12)
        services.point_status_update(actor=host, point=make_point(arvidsjaur, "Glommersträsk skola", hosts=[host]),
                                     status="closed")
    return point


class SnapshotWithoutNginxTests:
    def test_the_saved_copy_link_on_the_sot_list_answers(self, client, written):
        page = client.get("/sot/", HTTP_HOST=HOST).content.decode()
        assert 'href="/sot-snapshot/overkalix/"' in page
        response = client.get("/sot-snapshot/overkalix/", HTTP_HOST=HOST)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/html; charset=utf-8"
        html = response.content.decode()
        assert "Sparad kopia, läget" in html
        assert "Handlar&#x27;n i Lansjärv" in html
        assert "12 av 30" in html
        assert response["Cache-Control"] == "no-cache"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("default-src 'none'; style-src 'unsafe-inline'")

    def test_its_text_json_and_geojson_answer_with_their_types(self, client, written):
        text = client.get("/sot-snapshot/overkalix/sot.txt", HTTP_HOST=HOST)
        assert text["Content-Type"] == "text/plain; charset=utf-8"
        assert "Handlar'n i Lansjärv är öppen" in text.content.decode()
        feed = client.get("/sot-snapshot/overkalix/sot.json", HTTP_HOST=HOST)
        assert feed["Content-Type"] == "application/json"
        assert json.loads(feed.content)["points"][0]["places_free"] == 12
        geo = client.get("/sot-snapshot/overkalix/sot.geojson", HTTP_HOST=HOST)
        assert geo["Content-Type"] == "application/geo+json"
        assert json.loads(geo.content)["features"]

    def test_only_the_municipalitys_own_files_by_name(self, client, written):
        assert client.get("/sot-snapshot/arvidsjaur/", HTTP_HOST=HOST).status_code == 404
        assert client.get("/sot-snapshot/arvidsjaur/", HTTP_HOST="arvidsjaur.localhost").status_code == 200
        for name in ("..%2F..%2Fsettings.py", ".index.html.tmp", "index.htm", "sot.csv"):
            assert client.get(f"/sot-snapshot/overkalix/{name}", HTTP_HOST=HOST).status_code == 404

    def test_before_the_first_write_it_is_a_404(self, client, settings, tmp_path, overkalix):
        settings.SOT_SNAPSHOT_ROOT = str(tmp_path / "empty")
        assert client.get("/sot-snapshot/overkalix/", HTTP_HOST=HOST).status_code == 404
