"""SSYK 2012 4-digit occupation groups, read from competence/data/ssyk4.csv (shipped with its source there)."""
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
    """{JobTech concept id: Swedish label} for every skill in competence/data/skills.csv."""
    with open(DATA_DIR / "skills.csv", newline="", encoding="utf-8") as handle:
        return {row["concept_id"]: row["label_sv"] for row in csv.DictReader(handle)}


@cache
def _skill_ids_by_label() -> dict[str, str]:
    ids: dict[str, str] = {}
    for concept_id, label in skill_labels().items():
        ids.setdefault(label.casefold(), concept_id)  # the first concept of a label that repeats
    return ids


def skill_by_label(label: str) -> dict | None:
    """{"id", "label"} of the JobTech skill named exactly `label` (any case), or None."""
    concept_id = _skill_ids_by_label().get(label.strip().casefold())
    return {"id": concept_id, "label": skill_labels()[concept_id]} if concept_id else None
