"""SSYK 2012 4-digit occupation groups and JobTech skills, read from competence/data/ (shipped with their sources there)."""
import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def ssyk_groups() -> dict[str, str]:
    """{code: Swedish name} for every 4-digit group, in code order."""
    with open(DATA_DIR / "ssyk4.csv", newline="", encoding="utf-8") as handle:
        return {row["code"]: row["name_sv"] for row in csv.DictReader(handle)}


def ssyk_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {name}") for code, name in ssyk_groups().items()]


@cache
def skill_labels() -> dict[str, str]:
    """{JobTech concept id: Swedish label} for the skills in competence/data/skills.csv."""
    with open(DATA_DIR / "skills.csv", newline="", encoding="utf-8") as handle:
        return {row["concept_id"]: row["label_sv"] for row in csv.DictReader(handle)}
