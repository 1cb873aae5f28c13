"""SCB reference data for municipalities, shipped with the app (see data/README.md)."""
import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class MunicipalityReference:
    code: str
    name: str
    county_code: str
    county_name: str
    lat: float
    lon: float


@cache
def municipality_references() -> dict[str, MunicipalityReference]:
    with open(DATA_DIR / "municipalities.csv", encoding="utf-8") as fh:
        return {
            row["code"]: MunicipalityReference(
                row["code"], row["name"], row["county_code"], row["county_name"], float(row["lat"]), float(row["lon"])
            )
            for row in csv.DictReader(fh)
        }

