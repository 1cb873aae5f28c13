"""Parsing of query-string parameters from public pages and the API.

Anything in an address can be typed by anyone, so every parser here answers "not given" for a value
it cannot read instead of raising: the page then behaves as if the parameter were missing.

- Numbers are ASCII digits only. `str.isdigit()` is true for '²' (which `int()` refuses) and for
  '١' (which `int()` reads as 1), so neither is used as a test.
- Numbers are bounded: an id past a database integer, or a page past any result, is not a number we use.
- Text loses control characters (Unicode category Cc: NUL, the other C0 codes, DEL, C1): PostgreSQL
  refuses NUL in a text parameter, and none of them mean anything in a search word or a facet value.
"""
import math
import re
import unicodedata
from collections.abc import Mapping
from itertools import islice

# The largest value of a 32-bit signed integer: below every primary key column's limit (int or bigint),
# on SQLite and PostgreSQL alike.
MAX_ID = 2**31 - 1

_ASCII_INT = re.compile(r"[0-9]{1,10}")
# Degrees as a browser's position or our own links write them: optional minus, digits, optional decimals.
_ASCII_DECIMAL = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{1,12})?")


def clean_text(value, *, max_length: int) -> str:
    """The value without control characters (tab and line breaks become spaces), trimmed and cut to
    `max_length` characters. A NUL inside a word is dropped, not made a word break."""
    if not isinstance(value, str):
        return ""
    kept = "".join(" " if ch in "\t\n\r" else ch for ch in value
                   if ch in "\t\n\r" or unicodedata.category(ch) != "Cc")
    return kept.strip()[:max_length]


def text_param(query: Mapping, name: str, *, max_length: int = 200) -> str:
    """One text parameter (search words), cleaned; '' when missing."""
    return clean_text(query.get(name, ""), max_length=max_length)


def clean_text_list(values, *, max_values: int = 10, max_length: int = 100) -> list[str]:
    """Repeated values (facets), each cleaned; empty ones dropped; at most `max_values`."""
    cleaned = (clean_text(value, max_length=max_length) for value in values or [])
    return list(islice((value for value in cleaned if value), max_values))


def positive_int(value, *, maximum: int = MAX_ID) -> int | None:
    """'12' -> 12; None for anything but 1 to `maximum` written in ASCII digits (no sign, no spaces)."""
    if not isinstance(value, str) or not _ASCII_INT.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= maximum else None


def position(lat, lon) -> tuple[float, float] | None:
    """('64.17', '17.33') -> (64.17, 17.33); None unless both are plain ASCII decimals on the globe.

    `float()` alone would also read 'nan', 'inf', '1e1', '١٢' and '  12 '."""
    if not all(isinstance(v, str) and _ASCII_DECIMAL.fullmatch(v) for v in (lat, lon)):
        return None
    point = (float(lat), float(lon))
    if not all(math.isfinite(v) for v in point):
        return None
    return point if -90 <= point[0] <= 90 and -180 <= point[1] <= 180 else None


def facet_link_pairs(*, text: str, filters: dict[str, list[str]], facets, toggle: tuple[str, str] | None = None
                     ) -> list[tuple[str, str]]:
    """The query-string pairs of a search page with one facet value switched on or off (`toggle`), so each
    facet is a plain link that works without JavaScript. Facets keep the order of `facets`."""
    data: list[tuple[str, str]] = [("q", text)] if text else []
    chosen = {name: list(values) for name, values in filters.items()}
    if toggle:
        name, value = toggle
        values = chosen.setdefault(name, [])
        values.remove(value) if value in values else values.append(value)
    for name in facets:
        data.extend((name, value) for value in chosen.get(name, []))
    return data


def correction_to_offer(text: str, suggestion: str) -> str:
    """A search backend's "Menade du …?" correction, or '' when it only repeats what was typed."""
    suggestion = " ".join(suggestion.split())
    return suggestion if suggestion and suggestion.casefold() != " ".join(text.split()).casefold() else ""
