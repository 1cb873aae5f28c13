"""Researchers find where to report a vulnerability (RFC 9116)."""
from datetime import datetime, timezone

import pytest

pytestmark = pytest.mark.django_db


class SecurityTxtTests:
    def test_security_txt_names_the_contact_and_a_future_expiry(self, client, settings):
        settings.SECURITY_CONTACT_EMAIL = "sakerhet@example.se"
        response = client.get("/.well-known/security.txt", HTTP_HOST="localhost")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
        assert fields["Contact"] == "mailto:sakerhet@example.se"
        assert datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=timezone.utc) > datetime.now(timezone.utc)
