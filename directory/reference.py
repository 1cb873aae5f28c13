"""SNI 2007 industry codes, shipped with the app (see data/README.md).

Titles are Swedish (SCB's) and English (Eurostat's NACE Rev. 2, which SNI's first four levels are).
`SniCode.title` is the one for the active language, for what a visitor reads; the search index holds
the Swedish ones whatever the language of the request that indexes (`sni_search_titles`)."""
import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA_DIR = Path(__file__).resolve().parent / "data"


def title_language() -> str:
    """"en" for an English visitor, else "sv": the languages the titles exist in."""
    return "en" if (get_language() or "").lower().startswith("en") else "sv"


@dataclass(frozen=True)
class SniCode:
    code: str
    level: int
    parent: str
    title_sv: str
    # NACE Rev. 2 has no detail groups: a five-digit code has its class's English title.
    title_en: str
    # A detail group sharing its class with others: in English its title alone does not tell them apart.
    shares_class: bool = False

    @property
    def title(self) -> str:
        return self.title_in(title_language())

    def title_in(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title_sv

    @property
    def choice_title(self) -> str:
        """The title where a detail group is picked among others: in English, the class's title
        followed by the detail group's own Swedish name when the class has several detail groups
        ("Manufacture of rusks and biscuits; ... (Knäckebrödstillverkning)")."""
        return self.choice_title_in(title_language())

    def choice_title_in(self, language: str) -> str:
        title = self.title_in(language)
        return f"{title} ({self.title_sv})" if self.shares_class and title != self.title_sv else title


@cache
def sni_codes() -> dict[str, SniCode]:
    with open(DATA_DIR / "sni2007.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    english = {row["code"]: row["title_en"] for row in rows}
    children: dict[str, int] = {}
    for row in rows:
        children[row["parent"]] = children.get(row["parent"], 0) + 1
    return {
        row["code"]: SniCode(
            row["code"], int(row["level"]), row["parent"], row["title_sv"],
            row["title_en"] or (english.get(row["parent"], "") if row["level"] == "5" else ""),
            shares_class=row["level"] == "5" and children[row["parent"]] > 1,
        )
        for row in rows
    }


def sni_section(code: str) -> str:
    """The SNI section letter (A–U) a code belongs to; '' for an unknown code."""
    codes = sni_codes()
    current = codes.get(code)
    while current is not None and current.level > 1:
        current = codes.get(current.parent)
    return current.code if current else ""


# The level whose names describe a company's trade closely enough to be searched: the detail group
# (5 digits), the code the company chose. Its class (4 digits) already names the neighbours too:
# 0210 "Skogsförvaltning och skogsskötsel" would put every forest manager among the hits for
# "skogsskötsel" (the relevance set measured it: SNI-name recall 1.00 with the detail group alone,
# 0.79 with its class). Above that it gets broader still: 862 "Läkar- och tandläkarverksamhet".
SEARCHABLE_SNI_LEVELS = (5,)


def sni_search_titles(codes) -> list[str]:
    """The Swedish names of the codes and of their classes, each once, in order: what the search
    index holds so a resident's trade word finds the companies registered under the code."""
    known = sni_codes()
    titles: dict[str, None] = {}
    for code in codes:
        current = known.get(code)
        while current is not None and current.level in SEARCHABLE_SNI_LEVELS:
            titles.setdefault(current.title_sv, None)
            current = known.get(current.parent)
    return list(titles)


def sni_choices() -> list[tuple[str, str]]:
    """Detail groups a company can pick, e.g. ("43320", "43320 Byggnadssnickeriarbeten"), in the
    visitor's language."""
    return _sni_choices(title_language())


@cache
def _sni_choices(language: str) -> list[tuple[str, str]]:
    return [(c.code, f"{c.code} {c.choice_title_in(language)}") for c in sni_codes().values() if c.level == 5]


def sni_section_titles() -> dict[str, str]:
    """{"F": "Byggverksamhet", ...} in the visitor's language."""
    return _sni_section_titles(title_language())


@cache
def _sni_section_titles(language: str) -> dict[str, str]:
    return {c.code: c.title_in(language) for c in sni_codes().values() if c.level == 1}


@cache
def localities_by_municipality() -> dict[str, list[tuple[str, float, float]]]:
    result: dict[str, list[tuple[str, float, float]]] = {}
    with open(DATA_DIR / "localities.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            result.setdefault(row["municipality_code"], []).append((row["name"], float(row["lat"]), float(row["lon"])))
    return result
