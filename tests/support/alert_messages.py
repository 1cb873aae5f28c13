"""The Swedish test messages in tests/alerts/data/, optionally moved in time.

Every message is written as if received at NOW (Friday 20 November 2026, 10:00 Swedish time).
`load(name, at=...)` shifts every timestamp in the message by the same amount, so a test that
needs the warnings running at the real current time gets the same story (and references that
still match) moved to that time.
"""
import re
from datetime import datetime
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "alerts" / "data"
NOW = datetime.fromisoformat("2026-11-20T10:00:00+01:00")

NORRBOTTEN_WIND = "smhi_vind_norrbotten_gul.xml"
NORRBOTTEN_WIND_UPDATE = "smhi_vind_norrbotten_uppdatering.xml"
NORRBOTTEN_WIND_CANCEL = "smhi_vind_norrbotten_upphavd.xml"
OVERKALIX_SNOW = "smhi_sno_overkalix_orange.xml"
ASELE_VMA = "vma_asele.xml"
ASELE_VMA_TEST = "test_vma_asele.xml"
VALID = [NORRBOTTEN_WIND, NORRBOTTEN_WIND_UPDATE, NORRBOTTEN_WIND_CANCEL, OVERKALIX_SNOW, ASELE_VMA, ASELE_VMA_TEST]

NOT_XML = "inte_xml.xml"
XXE = "xxe.xml"
SCHEMA_INVALID = "schemafel.xml"
NO_GEOCODE = "saknar_geokod.xml"
EXPIRED = "utgangen.xml"
# file name -> the rejection code it must produce
MALFORMED = {
    NOT_XML: "not_xml",
    XXE: "forbidden_dtd",
    SCHEMA_INVALID: "schema_invalid",
    NO_GEOCODE: "no_known_area",
    EXPIRED: "expired",
}

_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def load(name: str, *, at: datetime | None = None) -> bytes:
    data = (DATA / name).read_bytes()
    if at is None:
        return data
    delta = at.replace(microsecond=0) - NOW

    def shift(match: re.Match) -> str:
        return (datetime.fromisoformat(match.group(0)) + delta).isoformat(timespec="seconds")

    return _TIMESTAMP.sub(shift, data.decode("utf-8")).encode("utf-8")
