"""Importing CAP messages, and which municipality sees which warning."""
import logging
from datetime import timedelta

import pytest
from django.core.cache import cache

from alerts.models import OfficialAlert, RejectedAlert
from alerts.selectors import active_alerts_for
from alerts.services import import_cap_document
from tests.factories.municipalities import make_municipality
from tests.support.alert_messages import (
    ASELE_VMA,
    ASELE_VMA_TEST,
    MALFORMED,
    NORRBOTTEN_WIND,
    NORRBOTTEN_WIND_CANCEL,
    NORRBOTTEN_WIND_UPDATE,
    NOW,
    OVERKALIX_SNOW,
    load,
)

pytestmark = pytest.mark.django_db

WIND = "Gul varning – Mycket hård vind, Norrbottens län"
WIND_UPDATED = "Orange varning – Storm i fjällen, Norrbottens län"
SNOW = "Orange varning – Snöfall, Överkalix"
VMA = "Viktigt meddelande till allmänheten i Åsele"


def headlines(municipality, now=NOW):
    return [alert.headline for alert in active_alerts_for(municipality, now=now)]


@pytest.fixture
def pilots(arvidsjaur, asele, overkalix):
    return arvidsjaur, asele, overkalix


@pytest.fixture
def imported(pilots, import_message):
    for name in (NORRBOTTEN_WIND, OVERKALIX_SNOW, ASELE_VMA):
        assert import_message(name).outcome == "created"
    return pilots


class ImportTests:
    def test_a_warning_is_stored_with_its_fields_codes_and_source(self, import_message):
        result = import_message(NORRBOTTEN_WIND, source="https://smhi.example/cap/1.xml")
        alert = OfficialAlert.objects.get()
        assert result.alert == alert
        assert (alert.sender, alert.identifier) == ("urn:oid:2.49.0.0.752.0", "2.49.0.0.752.0.SE.20261120060000.vind.25")
        assert (alert.status, alert.msg_type, alert.scope, alert.language) == ("Actual", "Alert", "Public", "sv-SE")
        assert (alert.severity, alert.get_severity_display()) == ("Moderate", "Måttlig fara")
        assert alert.headline == WIND
        assert alert.sender_name == "SMHI"
        assert (alert.municipality_codes, alert.county_codes) == ([], ["25"])
        assert alert.area_description == "Norrbottens län"
        assert alert.areas == [{"description": "Norrbottens län",
                                "geocodes": [["SCB-länskod", "25"], ["NUTS3", "SE332"]]}]
        assert alert.visible_from == alert.effective
        assert alert.visible_until == alert.expires
        assert alert.source == "https://smhi.example/cap/1.xml"
        assert "<identifier>2.49.0.0.752.0.SE.20261120060000.vind.25</identifier>" in alert.raw_xml
        assert alert.received_at == NOW
        assert alert.withdrawn == ""

    def test_reimporting_the_same_message_changes_nothing(self, import_message):
        import_message(NORRBOTTEN_WIND)
        before = list(OfficialAlert.objects.values())
        again = import_message(NORRBOTTEN_WIND, now=NOW + timedelta(hours=1), source="another-feed")
        assert again.outcome == "unchanged"
        assert list(OfficialAlert.objects.values()) == before
        assert not RejectedAlert.objects.exists()

    def test_a_test_message_is_stored_but_never_shown(self, asele, import_message):
        assert import_message(ASELE_VMA_TEST).outcome == "created"
        assert OfficialAlert.objects.get().status == "Test"
        assert headlines(asele) == []

    @pytest.mark.parametrize("change", [(b"<scope>Public</scope>", b"<scope>Restricted</scope><restriction>x</restriction>"),
                                        (b"<msgType>Alert</msgType>", b"<msgType>Ack</msgType>")])
    def test_restricted_messages_and_acknowledgements_are_ignored_without_a_trace(self, change):
        result = import_cap_document(load(ASELE_VMA).replace(*change), "test", now=NOW)
        assert result.outcome == "ignored"
        assert not OfficialAlert.objects.exists()
        assert not RejectedAlert.objects.exists()


class CoverageTests:
    def test_overkalix_sees_the_county_warning_and_its_own_most_severe_first(self, imported):
        _, _, overkalix = imported
        assert headlines(overkalix) == [SNOW, WIND]

    def test_arvidsjaur_in_the_same_county_sees_only_the_county_warning(self, imported):
        arvidsjaur, _, _ = imported
        assert headlines(arvidsjaur) == [WIND]

    def test_asele_in_another_county_sees_only_its_vma(self, imported):
        _, asele, _ = imported
        assert headlines(asele) == [VMA]

    def test_a_municipality_outside_every_area_sees_nothing(self, imported):
        assert headlines(make_municipality("0180")) == []  # Stockholm

    def test_a_warning_shows_from_effective_until_expires(self, imported):
        arvidsjaur, _, _ = imported
        assert headlines(arvidsjaur, now=NOW - timedelta(hours=5)) == []  # before 06:00
        assert headlines(arvidsjaur, now=NOW + timedelta(hours=19, minutes=59)) == [WIND]  # 05:59 next day
        assert headlines(arvidsjaur, now=NOW + timedelta(hours=20)) == []  # expired at 06:00

    def test_the_list_is_cached_until_the_next_import(self, imported, import_message, django_assert_num_queries):
        arvidsjaur, _, overkalix = imported
        assert headlines(arvidsjaur) == [WIND]
        with django_assert_num_queries(0):
            assert headlines(arvidsjaur) == [WIND]
        import_message(NORRBOTTEN_WIND_UPDATE, now=NOW + timedelta(hours=1))
        assert headlines(arvidsjaur) == []  # the original is superseded; the update is sent at 11:00
        assert headlines(arvidsjaur, now=NOW + timedelta(hours=1)) == [WIND_UPDATED]

    def test_a_broken_cache_falls_back_to_the_database(self, imported, monkeypatch):
        arvidsjaur, _, _ = imported

        def broken(*args, **kwargs):
            raise ConnectionError("cache away")

        monkeypatch.setattr(cache, "get", broken)
        monkeypatch.setattr(cache, "set", broken)
        monkeypatch.setattr(cache, "add", broken)
        assert headlines(arvidsjaur) == [WIND]


class UpdateAndCancelTests:
    def test_an_update_supersedes_the_warning_it_refers_to(self, imported, import_message):
        arvidsjaur, _, overkalix = imported
        update = import_message(NORRBOTTEN_WIND_UPDATE, now=NOW + timedelta(hours=1)).alert
        original = OfficialAlert.objects.get(identifier__endswith="060000.vind.25")
        assert (original.withdrawn, original.withdrawn_by) == ("superseded", update)
        later = NOW + timedelta(hours=1)
        assert headlines(arvidsjaur, now=later) == [WIND_UPDATED]
        assert headlines(overkalix, now=later) == [WIND_UPDATED, SNOW]  # both Severe: newest first

    def test_a_cancel_withdraws_the_warning_and_its_update(self, imported, import_message):
        arvidsjaur, _, overkalix = imported
        import_message(NORRBOTTEN_WIND_UPDATE, now=NOW + timedelta(hours=1))
        cancel = import_message(NORRBOTTEN_WIND_CANCEL, now=NOW + timedelta(hours=6)).alert
        assert set(OfficialAlert.objects.filter(withdrawn="cancelled").values_list("identifier", flat=True)) == {
            "2.49.0.0.752.0.SE.20261120060000.vind.25", "2.49.0.0.752.0.SE.20261120110000.vind.25"}
        assert cancel.msg_type == "Cancel"
        assert cancel.withdrawn == ""
        later = NOW + timedelta(hours=6)
        assert headlines(arvidsjaur, now=later) == []
        assert headlines(overkalix, now=later) == [SNOW]  # the cancel itself is never shown

    def test_a_cancel_naming_only_the_first_message_also_ends_its_update(self, imported, import_message):
        arvidsjaur, _, _ = imported
        import_message(NORRBOTTEN_WIND_UPDATE, now=NOW + timedelta(hours=1))
        data = load(NORRBOTTEN_WIND_CANCEL).replace(
            b" urn:oid:2.49.0.0.752.0,2.49.0.0.752.0.SE.20261120110000.vind.25,2026-11-20T11:00:00+01:00", b"")
        import_cap_document(data, "test", now=NOW + timedelta(hours=6))
        assert headlines(arvidsjaur, now=NOW + timedelta(hours=6)) == []

    def test_an_update_and_cancel_arriving_before_the_warning_still_withdraw_it(self, pilots, import_message):
        arvidsjaur, _, _ = pilots
        import_message(NORRBOTTEN_WIND_UPDATE)  # a feed listing newest first
        import_message(NORRBOTTEN_WIND)
        assert OfficialAlert.objects.get(identifier__endswith="060000.vind.25").withdrawn == "superseded"
        assert headlines(arvidsjaur, now=NOW + timedelta(hours=1)) == [WIND_UPDATED]
        OfficialAlert.objects.all().delete()
        import_message(NORRBOTTEN_WIND_CANCEL)
        import_message(NORRBOTTEN_WIND)
        assert OfficialAlert.objects.get(identifier__endswith="060000.vind.25").withdrawn == "cancelled"
        assert headlines(arvidsjaur) == []

    def test_a_test_message_cannot_cancel_a_real_warning(self, imported):
        arvidsjaur, _, _ = imported
        data = load(NORRBOTTEN_WIND_CANCEL).replace(b"<status>Actual</status>", b"<status>Test</status>")
        assert import_cap_document(data, "test", now=NOW).outcome == "created"
        assert OfficialAlert.objects.get(identifier__endswith="060000.vind.25").withdrawn == ""

    def test_another_sender_cannot_cancel_smhis_warning(self, imported):
        data = load(NORRBOTTEN_WIND_CANCEL).replace(b"<sender>urn:oid:2.49.0.0.752.0</sender>",
                                                     b"<sender>nagon@example.org</sender>")
        import_cap_document(data, "test", now=NOW)
        assert OfficialAlert.objects.get(identifier__endswith="060000.vind.25").withdrawn == ""


class RejectionTests:
    @pytest.mark.parametrize(("name", "code"), sorted(MALFORMED.items()))
    def test_a_malformed_message_is_logged_and_recorded_and_nothing_else_is_written(
        self, name, code, imported, import_message, caplog
    ):
        before = list(OfficialAlert.objects.order_by("pk").values())
        with caplog.at_level(logging.WARNING, logger="alerts.cap"):
            result = import_message(name, source=f"https://feed.example/{name}")
        assert result.outcome == "rejected"
        assert result.code == code
        records = [r for r in caplog.records if r.name == "alerts.cap" and r.levelno == logging.WARNING]
        assert len(records) == 1
        assert code in records[0].getMessage()
        assert result.reason in records[0].getMessage()
        assert f"https://feed.example/{name}" in records[0].getMessage()
        rejection = RejectedAlert.objects.get()
        assert (rejection.code, rejection.reason, rejection.source) == (code, result.reason, f"https://feed.example/{name}")
        assert rejection.payload == load(name).decode()[:4000]
        assert rejection.payload_size == len(load(name))
        assert list(OfficialAlert.objects.order_by("pk").values()) == before

    def test_the_same_bad_message_polled_again_is_logged_again_but_recorded_once(self, import_message, caplog):
        with caplog.at_level(logging.WARNING, logger="alerts.cap"):
            import_message("schemafel.xml")
            import_message("schemafel.xml")
        assert len([r for r in caplog.records if r.name == "alerts.cap"]) == 2
        assert RejectedAlert.objects.count() == 1

    def test_a_rejection_records_identifier_and_sender_when_known(self, import_message):
        import_message("utgangen.xml")
        rejection = RejectedAlert.objects.get()
        assert (rejection.sender, rejection.identifier) == ("urn:oid:2.49.0.0.752.0",
                                                            "2.49.0.0.752.0.SE.20261118060000.halka.25")

    def test_a_large_payload_is_kept_truncated(self):
        data = b"x" * 20_000
        import_cap_document(data, "test", now=NOW)
        rejection = RejectedAlert.objects.get()
        assert len(rejection.payload) == RejectedAlert.PAYLOAD_LIMIT
        assert rejection.payload_size == 20_000

    def test_an_already_imported_message_that_has_since_expired_is_unchanged_not_rejected(self, import_message):
        import_message(NORRBOTTEN_WIND)
        assert import_message(NORRBOTTEN_WIND, now=NOW + timedelta(days=2)).outcome == "unchanged"
        assert not RejectedAlert.objects.exists()

    def test_a_too_long_identifier_is_rejected_not_crashed(self):
        data = load(ASELE_VMA).replace(b"VMA-2026-11-20-0912-2463", b"V" * 300)
        result = import_cap_document(data, "test", now=NOW)
        assert result.outcome == "rejected"
        assert result.code == "not_storable"
        assert not OfficialAlert.objects.exists()
