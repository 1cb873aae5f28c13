"""/healthz reports each backing service and says which one is degraded."""
import pytest
from django.test import override_settings

from search.registry import _backend_for


@pytest.mark.django_db
class HealthzTests:
    def test_reports_every_backend_ok_on_the_running_stack(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert set(body["checks"]) == {"database", "cache", "channel_layer", "search", "search_index"}
        assert all(check["ok"] for check in body["checks"].values())

    def test_unreachable_search_server_is_reported_as_degraded_not_down(self, client):
        _backend_for.cache_clear()
        # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
            response = client.get("/healthz")
        _backend_for.cache_clear()
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "degraded"
        assert body["degraded"] == ["search"]
        assert body["checks"]["search"] == {"ok": False, "backend": "elasticsearch"}

    def test_unreachable_cache_is_reported_as_degraded(self, client):
        # Django's test signals rebuild the cache handler when CACHES is overridden.
        unreachable = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0"}}
        with override_settings(CACHES=unreachable):
            response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json()["degraded"] == ["cache"]

    def test_database_down_answers_503(self, client, monkeypatch):
        from config import health

        def broken():
            raise OSError("connection refused")

        monkeypatch.setitem(health.CHECKS, "database", broken)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["status"] == "down"
