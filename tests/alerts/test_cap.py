"""Reading CAP 1.2: the test messages validate against the official schema, fields come out
right, and every kind of bad message is refused with its own reason."""
from datetime import datetime, timedelta

import pytest
from lxml import etree

from alerts import cap
from tests.support.alert_messages import (
    ASELE_VMA,
    DATA,
    MALFORMED,
    NORRBOTTEN_WIND,
    NORRBOTTEN_WIND_CANCEL,
    NORRBOTTEN_WIND_UPDATE,
    NOW,
    OVERKALIX_SNOW,
    VALID,
    load,
)

SMHI = "urn:oid:2.49.0.0.752.0"


def _official_schema():
    return etree.XMLSchema(etree.parse(str(cap.XSD_PATH)))


def _minimal(*, identifier="T-1", sender="test@example.org", extra_alert="", info=None) -> bytes:
    info = info if info is not None else (
        "<info><language>sv</language><category>Met</category><event>Vind</event><urgency>Expected</urgency>"
        "<severity>Moderate</severity><certainty>Likely</certainty><expires>2026-11-21T10:00:00+01:00</expires>"
        "<headline>Vind</headline><area><areaDesc>Norrbotten</areaDesc>"
        "<geocode><valueName>SCB-länskod</valueName><value>25</value></geocode></area></info>"
    )
    return (
        f'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>{identifier}</identifier>'
        f"<sender>{sender}</sender><sent>2026-11-20T09:00:00+01:00</sent><status>Actual</status>"
        f"<msgType>Alert</msgType><scope>Public</scope>{extra_alert}{info}</alert>"
    ).encode()


class TestMessagesTests:
    @pytest.mark.parametrize("name", VALID)
    def test_each_valid_test_message_validates_against_the_official_xsd(self, name):
        schema = _official_schema()
        assert schema.validate(etree.parse(str(DATA / name))), schema.error_log

    @pytest.mark.parametrize("name", ["schemafel.xml", "saknar_geokod.xml", "utgangen.xml"])
    def test_malformed_messages_fail_for_the_intended_reason_only(self, name):
        """The geocode and expiry examples are valid CAP, so they test our rules, not the schema's."""
        valid = _official_schema().validate(etree.parse(str(DATA / name)))
        assert valid == (name != "schemafel.xml")

    def test_the_shipped_schema_is_the_oasis_cap_1_2_schema(self):
        text = cap.XSD_PATH.read_bytes()
        assert b"Copyright OASIS Open 2010" in text
        assert b'targetNamespace="urn:oasis:names:tc:emergency:cap:1.2"' in text
        shared = DATA.parents[3] / "shared" / "data" / "cap" / "CAP-v1.2.xsd"
        if shared.exists():  # the project's shared data folder beside the checkout
            assert shared.read_bytes() == text

    def test_shifting_a_message_in_time_keeps_it_valid_and_consistent(self):
        later = NOW + timedelta(days=3, minutes=7)
        update = cap.parse_cap(load(NORRBOTTEN_WIND_UPDATE, at=later))
        original = cap.parse_cap(load(NORRBOTTEN_WIND, at=later))
        assert update.references[0].sent == original.sent.isoformat()
        assert original.sent == datetime.fromisoformat("2026-11-20T06:00:00+01:00") + timedelta(days=3, minutes=7)


class ParseCapTests:
    def test_fields_of_an_smhi_warning_are_extracted_from_the_swedish_info_block(self):
        message = cap.read_cap(load(NORRBOTTEN_WIND), now=NOW)
        assert (message.identifier, message.sender) == ("2.49.0.0.752.0.SE.20261120060000.vind.25", SMHI)
        assert message.sent == datetime.fromisoformat("2026-11-20T06:00:00+01:00")
        assert (message.status, message.msg_type, message.scope, message.references) == ("Actual", "Alert", "Public", ())
        assert len(message.infos) == 2
        info = message.info
        assert info.language == "sv-SE"  # the English block comes first in the file
        assert info.categories == ("Met",)
        assert (info.event, info.urgency, info.severity, info.certainty) == ("Vind", "Expected", "Moderate", "Likely")
        assert info.headline == "Gul varning – Mycket hård vind, Norrbottens län"
        assert info.description.startswith("Sydvästlig vind 15–20 m/s")
        assert info.instruction.startswith("Säkra lösa föremål")
        assert info.effective == datetime.fromisoformat("2026-11-20T06:00:00+01:00")
        assert info.onset == datetime.fromisoformat("2026-11-20T12:00:00+01:00")
        assert info.expires == datetime.fromisoformat("2026-11-21T06:00:00+01:00")
        assert info.web.startswith("https://www.smhi.se/")
        assert info.sender_name == "SMHI"
        assert info.area_description == "Norrbottens län"
        assert info.areas[0].geocodes == (("SCB-länskod", "25"), ("NUTS3", "SE332"))
        assert (info.municipality_codes, info.county_codes) == ([], ["25"])

    def test_a_municipality_warning_has_the_municipality_code(self):
        info = cap.read_cap(load(OVERKALIX_SNOW), now=NOW).info
        assert (info.municipality_codes, info.county_codes) == (["2513"], [])
        assert info.severity == "Severe"
        assert info.effective is None

    def test_a_vma_without_effective_starts_when_sent_and_keeps_several_categories(self):
        message = cap.read_cap(load(ASELE_VMA), now=NOW)
        assert message.starts_at() == message.sent
        assert message.info.categories == ("Fire", "Safety")
        assert message.info.municipality_codes == ["2463"]  # valueName "kommunkod", lower case

    def test_references_are_split_into_sender_identifier_sent(self):
        message = cap.read_cap(load(NORRBOTTEN_WIND_CANCEL), now=NOW)
        assert message.msg_type == "Cancel"
        assert [(r.sender, r.identifier) for r in message.references] == [
            (SMHI, "2.49.0.0.752.0.SE.20261120060000.vind.25"),
            (SMHI, "2.49.0.0.752.0.SE.20261120110000.vind.25"),
        ]

    def test_the_first_info_block_is_used_when_none_is_swedish(self):
        message = cap.parse_cap(load(NORRBOTTEN_WIND).replace(b"sv-SE", b"fi-FI"))
        assert message.info.language == "en-GB"

    def test_a_message_without_expires_is_shown_for_the_default_lifetime(self):
        message = cap.parse_cap(_minimal().replace(b"<expires>2026-11-21T10:00:00+01:00</expires>", b""))
        assert message.ends_at() == message.sent + cap.DEFAULT_LIFETIME

    @pytest.mark.parametrize("value_name", ["SCB-kommunkod", "scb-kommunkod", "Kommunkod", " SCB kommunkod ",
                                            "SCB_Kommunkod"])
    def test_municipality_code_names_are_read_leniently(self, value_name):
        data = _minimal().replace(b"SCB-l\xc3\xa4nskod</valueName><value>25", f"{value_name}</valueName><value>2505".encode())
        assert cap.read_cap(data, now=NOW).info.municipality_codes == ["2505"]

    @pytest.mark.parametrize("value_name", ["SCB-länskod", "LÄNSKOD", "lanskod", "SCB-lanskod"])
    def test_county_code_names_are_read_leniently(self, value_name):
        data = _minimal().replace("SCB-länskod".encode(), value_name.encode())
        assert cap.read_cap(data, now=NOW).info.county_codes == ["25"]

    def test_a_code_of_the_wrong_length_is_not_understood(self):
        data = _minimal().replace(b"<value>25</value>", b"<value>251</value>")
        with pytest.raises(cap.CapNoKnownArea):
            cap.read_cap(data, now=NOW)

    @pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/x"])
    def test_a_web_link_that_is_not_http_is_dropped(self, url):
        data = _minimal().replace(b"<area>", f"<web>{url}</web><area>".encode())
        assert cap.read_cap(data, now=NOW).info.web == ""


class RejectionTests:
    @pytest.mark.parametrize(("name", "code"), sorted(MALFORMED.items()))
    def test_each_malformed_test_message_is_rejected_with_its_reason(self, name, code):
        with pytest.raises(cap.CapRejected) as caught:
            cap.read_cap(load(name), now=NOW)
        assert caught.value.code == code
        assert isinstance(caught.value, ValueError)
        assert caught.value.message  # Swedish text for the log and the admin

    def test_the_external_entity_is_never_read(self):
        with pytest.raises(cap.CapForbiddenDtd) as caught:
            cap.parse_cap(load("xxe.xml"))
        assert "root:" not in caught.value.message

    def test_entity_expansion_is_refused(self):
        bomb = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">&c;</alert>')
        with pytest.raises(cap.CapForbiddenDtd):
            cap.parse_cap(bomb)

    def test_an_oversized_message_is_refused_before_parsing(self):
        with pytest.raises(cap.CapTooLarge):
            cap.parse_cap(b"<a>" + b" " * cap.MAX_BYTES + b"</a>")

    def test_another_xml_document_is_schema_invalid(self):
        with pytest.raises(cap.CapSchemaInvalid):
            cap.parse_cap(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>')

    @pytest.mark.parametrize(("identifier", "sender"), [("T 1", "a@example.org"), ("T,1", "a@example.org"),
                                                   ("T-1", "a b@example.org")])
    def test_identifiers_and_senders_with_spaces_or_commas_are_refused(self, identifier, sender):
        with pytest.raises(cap.CapBadIdentifier):
            cap.parse_cap(_minimal(identifier=identifier, sender=sender))

    def test_an_update_without_references_is_refused(self):
        with pytest.raises(cap.CapBadReferences):
            cap.parse_cap(_minimal().replace(b"<msgType>Alert</msgType>", b"<msgType>Update</msgType>"))

    def test_a_malformed_reference_is_refused(self):
        data = _minimal(extra_alert="<references>urn:oid:2.49.0.0.752.0,bara-tva</references>")
        with pytest.raises(cap.CapBadReferences):
            cap.parse_cap(data)

    def test_a_warning_without_info_is_refused(self):
        with pytest.raises(cap.CapNoInfo):
            cap.read_cap(_minimal(info=""), now=NOW)

    def test_a_cancel_needs_no_info_or_area(self):
        data = _minimal(info="", extra_alert="<references>test@example.org,T-0,2026-11-20T08:00:00+01:00</references>")
        message = cap.read_cap(data.replace(b"<msgType>Alert</msgType>", b"<msgType>Cancel</msgType>"), now=NOW)
        assert message.info is None
        assert message.msg_type == "Cancel"
