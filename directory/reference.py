"""SNI 2007 industry codes, shipped with the app (see data/README.md)."""
import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class SniCode:
    code: str
    level: int
    parent: str
    title: str


@cache
def sni_codes() -> dict[str, SniCode]:
    with open(DATA_DIR / "sni2007.csv", encoding="utf-8") as fh:
        return {
            row["code"]: SniCode(row["code"], int(row["level"]), row["parent"], row["title_sv"])
            for row in csv.DictReader(fh)
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
            titles.setdefault(current.title, None)
            current = known.get(current.parent)
    return list(titles)


@cache
def sni_choices() -> list[tuple[str, str]]:
    """Detail groups and classes a company can pick, e.g. ("43320", "43320 Byggnadssnickeriarbeten")."""
    return [(c.code, f"{c.code} {c.title}") for c in sni_codes().values() if c.level == 5]


@cache
def sni_section_titles() -> dict[str, str]:
    return {c.code: c.title for c in sni_codes().values() if c.level == 1}


@cache
def localities_by_municipality() -> dict[str, list[tuple[str, float, float]]]:
    result: dict[str, list[tuple[str, float, float]]] = {}
    with open(DATA_DIR / "localities.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            result.setdefault(row["municipality_code"], []).append((row["name"], float(row["lat"]), float(row["lon"])))
    return result
