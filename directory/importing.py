"""Import of a business office's existing company list (CSV or XLSX).

Two steps, so nothing is written before the office has seen the problems:
1. `import_preview(...)` reads the file and validates every row with the same rules as the
   registration form (organisation number, legal form against the number, SNI code, phone, e-mail,
   web address),
   returning the good rows and, per bad row, its row number and what is wrong, in Swedish.
2. `services.company_import(...)` (run in the background by `company_import_run`) writes the good rows:
   new organisation numbers become published profiles,
   known ones are updated only where a value differs, so importing the same file again changes
   nothing. A bad row never stops the good ones.
"""
import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from directory.models import Company, LegalForm
from directory.validators import OrgNumber, parse_org_number
from municipalities.models import Locality

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024

# Column headings we accept (lower-cased, trimmed) -> profile field.
HEADINGS = {
    "organisationsnummer": "org_number", "orgnr": "org_number", "org_number": "org_number",
    "företagsnamn": "legal_name", "namn": "legal_name", "legal_name": "legal_name",
    "varumärke": "trading_name", "kortnamn": "trading_name", "trading_name": "trading_name",
    "sni": "primary_sni", "sni-kod": "primary_sni", "bransch": "primary_sni", "primary_sni": "primary_sni",
    "telefon": "phone", "phone": "phone", "e-post": "email", "epost": "email", "email": "email",
    "webbplats": "website", "hemsida": "website", "website": "website",
    "gatuadress": "street_address", "adress": "street_address", "postnummer": "postal_code",
    "postort": "postal_town", "ort": "localities", "orter": "localities", "beskrivning": "description",
    "anställda": "employees", "antal anställda": "employees",
    "företagsform": "legal_form", "bolagsform": "legal_form", "juridisk form": "legal_form",
    "legal_form": "legal_form",
}
# Legal forms as offices write them (lower-cased) -> LegalForm.
LEGAL_FORM_NAMES = {
    "aktiebolag": LegalForm.AB, "ab": LegalForm.AB,
    "enskild firma": LegalForm.EF, "enskild näringsidkare": LegalForm.EF, "ef": LegalForm.EF,
    "handelsbolag": LegalForm.HB, "hb": LegalForm.HB, "kommanditbolag": LegalForm.KB, "kb": LegalForm.KB,
    "ekonomisk förening": LegalForm.EK, "ek. för.": LegalForm.EK, "ek": LegalForm.EK,
    "ideell förening": LegalForm.IF, "if": LegalForm.IF, "annan": LegalForm.OTHER, "other": LegalForm.OTHER,
}
REQUIRED = ("org_number", "legal_name", "primary_sni", "phone")
# The fields an import may set; anything else on the profile is the company's own business.
IMPORTED_FIELDS = ("legal_name", "trading_name", "primary_sni", "phone", "email", "website", "street_address",
                   "postal_code", "postal_town", "description", "employees")
# Set only when the file gives it (or the number is a personnummer, which only an enskild firma has):
# a list without the column must not turn every company into an aktiebolag.
OPTIONAL_IMPORTED_FIELDS = ("legal_form",)


@dataclass
class RowError:
    row: int  # as the office sees it in a spreadsheet: the heading is row 1
    org_number: str
    messages: list[str]


@dataclass
class ImportPreview:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, cleaned data)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.file_error


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[RowError] = field(default_factory=list)


def read_rows(content: bytes, filename: str) -> list[dict]:
    """Rows as {heading: text}. Raises ValidationError with a Swedish message for an unreadable file."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("Filen är större än 10 MB. Dela upp den i flera filer."))
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    if filename.lower().endswith(".csv"):
        return _read_csv(content)
    raise ValidationError(_("Ladda upp en CSV-fil eller en Excel-fil (.xlsx)."))


def _read_csv(content: bytes) -> list[dict]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")  # Excel's "CSV" on Swedish Windows
    # The delimiter is the one the heading line uses most (Excel on Swedish Windows writes ";"); the
    # quote character is always '"' (RFC 4180, Excel). csv.Sniffer guessed it from cell text and
    # took the apostrophe in "Handlar'n" for a quote, shifting every column after it.
    heading = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=heading.count)
    return [dict(row) for row in csv.DictReader(io.StringIO(text), delimiter=delimiter, quotechar='"')]


def _read_xlsx(content: bytes) -> list[dict]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a damaged or disguised file
        raise ValidationError(_("Excel-filen gick inte att läsa. Spara den som .xlsx eller CSV och försök igen."))
    rows = sheet.iter_rows(values_only=True)
    headings = [str(h or "").strip() for h in next(rows, [])]
    return [{h: "" if v is None else str(v) for h, v in zip(headings, values)} for values in rows]


def _normalise(raw: dict) -> dict:
    data = {}
    for heading, value in raw.items():
        key = HEADINGS.get(str(heading or "").strip().lower())
        if key:
            data[key] = str(value or "").strip()
    return data


def _validate_row(data: dict, *, localities: dict[str, Locality]) -> tuple[dict, list[str]]:
    messages = [_("%(field)s saknas.") % {"field": _field_label(name)} for name in REQUIRED if not data.get(name)]
    if messages:
        return data, messages
    number = _org_number(data["org_number"], messages)
    if number is not None:
        data["org_number"] = number.number
    legal_form = data.pop("legal_form", "")
    if legal_form:
        data["legal_form"] = LEGAL_FORM_NAMES.get(legal_form.lower())
        if data["legal_form"] is None:
            messages.append(_("Okänd företagsform: %(value)s. Skriv t.ex. Aktiebolag eller Enskild firma.")
                            % {"value": legal_form})
            del data["legal_form"]
    elif number is not None and number.personal:
        data["legal_form"] = LegalForm.EF
    if data.get("employees"):
        if not (data["employees"].isascii() and data["employees"].isdigit()):  # '²'.isdigit() is true
            messages.append(_("Antal anställda ska vara ett heltal."))
        else:
            data["employees"] = int(data["employees"])
    else:
        data["employees"] = None
    names = [n.strip() for n in data.pop("localities", "").replace(";", ",").split(",") if n.strip()]
    unknown = [n for n in names if n.lower() not in localities]
    if unknown:
        messages.append(_("Okänd ort: %(names)s.") % {"names": ", ".join(unknown)})
    data["localities"] = [localities[n.lower()] for n in names if n.lower() in localities]
    # The candidate's clean() checks that the legal form fits the number (a personnummer only for an
    # enskild firma) before anything is written.
    candidate = Company(org_number=data["org_number"],
                        **{k: data[k] for k in IMPORTED_FIELDS + OPTIONAL_IMPORTED_FIELDS if k in data})
    try:
        candidate.full_clean(exclude=["municipality", "slug", "org_number"] + (["employees"] if messages else []))
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            messages.extend(f"{_field_label(name)}: {e}" for e in errors)
    return data, messages


def _org_number(value: str, messages: list[str]) -> OrgNumber | None:
    try:
        return parse_org_number(value)
    except ValidationError as error:
        messages.extend(error.messages)
        return None


def _field_label(name: str) -> str:
    return str(Company._meta.get_field(name).verbose_name).capitalize() if name != "localities" else _("Ort")


def import_preview(*, content: bytes, filename: str, municipality) -> ImportPreview:
    preview = ImportPreview()
    try:
        raw_rows = read_rows(content, filename)
    except ValidationError as error:
        preview.file_error = " ".join(error.messages)
        return preview
    if not raw_rows:
        preview.file_error = _("Filen innehåller inga rader.")
        return preview
    if len(raw_rows) > MAX_ROWS:
        preview.file_error = _("Filen har fler än %(max)s rader. Dela upp den.") % {"max": MAX_ROWS}
        return preview
    localities = {loc.name.lower(): loc for loc in Locality.objects.filter(
        municipality__county_code=municipality.county_code)}
    elsewhere = dict(Company.objects.exclude(municipality=municipality).values_list("org_number", "municipality__name"))
    seen: dict[str, int] = {}
    for number, raw in enumerate(raw_rows, start=2):
        data, messages = _validate_row(_normalise(raw), localities=localities)
        org = data.get("org_number", "")
        if org in seen:
            messages.append(_("Organisationsnumret finns redan på rad %(row)s.") % {"row": seen[org]})
        elif org in elsewhere:
            messages.append(_("Företaget finns redan i registret för %(name)s.") % {"name": elsewhere[org]})
        seen.setdefault(org, number)
        if messages:
            preview.errors.append(RowError(number, org, messages))
        else:
            preview.rows.append((number, data))
    return preview
