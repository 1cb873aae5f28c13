"""Finding SNI 2007 detail groups from what a company types: a code ("10710", "10.710", "107") or
words ("bageri"). The register and edit forms resolve the typed text on the server (no JavaScript
needed); the suggestion endpoint offers the same matches as the user types. Names are matched and
shown in the visitor's language: an English visitor's words are looked for in the English (NACE Rev. 2)
names, and in the Swedish ones when the English find nothing ("bageri")."""
import re
from dataclasses import dataclass
from functools import cache

from directory.reference import SniCode, sni_codes, title_language

# A picked suggestion reads "10710 Tillverkning av ..."; the leading code decides.
_LEADING_CODE = re.compile(r"^\s*(\d{2})\.?(\d{3})\b")
_CODE_PREFIX = re.compile(r"^\s*(\d{2})\.?(\d{0,3})\s*$")
# Words shorter than this match too much of every title ("av", "och").
MIN_WORD_LENGTH = 3


@dataclass(frozen=True)
class SniGroup:
    """Matching detail groups under one section and division, for radio choices with a heading."""

    heading: str
    codes: tuple[SniCode, ...]


def sni_label(code: str) -> str:
    """"43320 Byggnadssnickeriarbeten", or the bare code when it is not in the list."""
    known = sni_codes().get(code)
    return f"{known.code} {known.choice_title}" if known else code


@cache
def _detail_groups() -> tuple[SniCode, ...]:
    return tuple(c for c in sni_codes().values() if c.level == 5)


@cache
def _search_text(code: str, language: str) -> str:
    """The detail group's name and those of its class and group: "bageri" is only in the group's
    name ("Tillverkning av bageri- och mjölprodukter"), not in its detail groups'."""
    known = sni_codes()
    names, current = [], known.get(code)
    while current is not None and current.level >= 3:
        names.append(current.title_in(language))
        current = known.get(current.parent)
    return " ".join(names).casefold()


def _word_hits(words: list[str], language: str) -> list[SniCode]:
    hits = [c for c in _detail_groups() if all(w in _search_text(c.code, language) for w in words)]
    return sorted(hits, key=lambda c: (not all(w in c.title_in(language).casefold() for w in words), c.code))


def sni_search(text: str) -> list[SniCode]:
    """Detail groups matching `text`, best first: an exact or leading code, codes starting with the
    digits typed, or groups whose names hold every word typed (own name before its parents')."""
    text = (text or "").strip()
    if not text:
        return []
    leading = _LEADING_CODE.match(text)
    if leading and (leading.group(1) + leading.group(2)) in sni_codes():
        return [sni_codes()[leading.group(1) + leading.group(2)]]
    prefix = _CODE_PREFIX.match(text)
    if prefix:
        digits = prefix.group(1) + prefix.group(2)
        return [c for c in _detail_groups() if c.code.startswith(digits)]
    words = [w for w in re.findall(r"\w+", text.casefold()) if len(w) >= MIN_WORD_LENGTH]
    if not words:
        return []
    language = title_language()
    hits = _word_hits(words, language)
    if not hits and language != "sv":
        hits = _word_hits(words, "sv")
    return hits


def sni_groups(codes: list[SniCode]) -> list[SniGroup]:
    """The codes grouped by "section – division", in code order."""
    known = sni_codes()
    groups: dict[str, list[SniCode]] = {}
    for code in sorted(codes, key=lambda c: c.code):
        division = known.get(code.code[:2])
        section = known.get(division.parent) if division else None
        heading = " – ".join(part.title for part in (section, division) if part)
        groups.setdefault(heading, []).append(code)
    return [SniGroup(heading, tuple(members)) for heading, members in groups.items()]
