"""The business office imports its existing company list: preview first, bad rows never lose good ones."""
import csv
import io

import pytest
from openpyxl import Workbook
from stdnum import luhn

from directory.models import Company, CompanyImport, CompanyRevision
from directory.services import company_import_run, company_import_upload, localities_ensure
from municipalities.models import Role
from tests.factories.municipalities import make_staff

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HEADINGS = ["Organisationsnummer", "Företagsnamn", "SNI", "Telefon", "E-post", "Ort", "Anställda"]


def org_number(n: int) -> str:
    body = f"559{n:06d}"  # a third digit of 2 or more: a legal entity's number, not a personnummer
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def good_row(n: int) -> list[str]:
    return [org_number(n), f"Företag nummer {n} AB", "43320", f"070-174 {n % 100:02d} {n % 97:02d}",
            f"info{n}@example.org", "Åsele" if n % 2 else "Fredrika", str(n % 12)]


BAD_ROWS = {  # row index in the file (0-based data row) -> a row with one thing wrong
    7: lambda r: [r[0][:-1] + str((int(r[0][-1]) + 1) % 10), *r[1:]],  # wrong check digit
    50: lambda r: [r[0], r[1], r[2], "", *r[4:]],  # no phone
    99: lambda r: [r[0], r[1], "99999", *r[3:]],  # not an SNI code
    120: lambda r: [r[0], r[1], r[2], r[3], "inte-en-adress", *r[5:]],  # bad e-mail
    200: lambda r: [r[0], "", *r[2:]],  # no name
    250: lambda r: [r[0], r[1], r[2], r[3], r[4], "Atlantis", r[6]],  # unknown locality
    300: lambda r: [r[0], r[1], r[2], r[3], r[4], r[5], "många"],  # not a number
    350: lambda r: ["12345", *r[1:]],  # too short
    400: lambda r: [org_number(3), *r[1:]],  # same number as data row 3
    450: lambda r: [r[0], r[1], "", *r[3:]],  # no SNI code
}


def company_list_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADINGS)
    for i in range(500):
        row = good_row(i)
        writer.writerow(BAD_ROWS[i](row) if i in BAD_ROWS else row)
    return out.getvalue().encode("utf-8-sig")


@pytest.fixture
def office(asele):
    localities_ensure(municipality=asele)
    return make_staff(asele, Role.EDITOR)


class CompanyImportTests:
    def test_preview_lists_exactly_the_bad_rows_and_saves_nothing(self, asele, office):
        upload, preview = company_import_upload(actor=office, municipality=asele, content=company_list_csv(),
                                                file_name="foretag.csv")
        assert sorted(e.row for e in preview.errors) == sorted(i + 2 for i in BAD_ROWS)
        assert len(preview.rows) == 490
        assert not Company.objects.exists()
        messages = {e.row: " ".join(e.messages) for e in preview.errors}
        assert "kontrollsiffra" in messages[9]
        assert "Telefon saknas." in messages[52]
        assert "SNI 2007" in messages[101]
        assert "Okänd ort: Atlantis." in messages[252]
        assert "finns redan på rad 5" in messages[402]

    def test_import_saves_the_good_rows_and_reimport_changes_nothing(self, asele, office):
        upload, _ = company_import_upload(actor=office, municipality=asele, content=company_list_csv(),
                                          file_name="foretag.csv")
        company_import_run(actor=office, upload=upload)
        upload.refresh_from_db()
        assert (upload.status, upload.created_count, upload.processed_rows) == ("done", 490, 490)
        assert Company.objects.filter(municipality=asele, status="published").count() == 490
        revisions = CompanyRevision.objects.count()
        snapshot = sorted(Company.objects.values_list("org_number", "phone", "updated_at"))

        again, _ = company_import_upload(actor=office, municipality=asele, content=company_list_csv(),
                                         file_name="foretag.csv")
        company_import_run(actor=office, upload=again)
        again.refresh_from_db()
        assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 490)
        assert CompanyRevision.objects.count() == revisions
        assert sorted(Company.objects.values_list("org_number", "phone", "updated_at")) == snapshot

    def test_a_changed_row_updates_only_that_company(self, asele, office):
        upload, _ = company_import_upload(actor=office, municipality=asele, content=company_list_csv(),
                                          file_name="foretag.csv")
        company_import_run(actor=office, upload=upload)
        changed = company_list_csv().replace(b"Foretag", b"x").replace("Företag nummer 10 AB".encode(),
                                                                         "Snickeriet nummer 10 AB".encode())
        again, _ = company_import_upload(actor=office, municipality=asele, content=changed, file_name="foretag.csv")
        company_import_run(actor=office, upload=again)
        again.refresh_from_db()
        assert (again.updated_count, again.unchanged_count) == (1, 489)
        assert Company.objects.get(org_number=org_number(10)).legal_name == "Snickeriet nummer 10 AB"

    def test_excel_files_are_read_too(self, asele, office):
        book = Workbook()
        sheet = book.active
        sheet.append(HEADINGS)
        sheet.append(good_row(1))
        buffer = io.BytesIO()
        book.save(buffer)
        _, preview = company_import_upload(actor=office, municipality=asele, content=buffer.getvalue(),
                                           file_name="foretag.xlsx")
        assert len(preview.rows) == 1
        assert preview.errors == []

    def test_a_file_that_is_not_a_spreadsheet_is_refused_in_swedish(self, asele, office):
        upload, preview = company_import_upload(actor=office, municipality=asele, content=b"%PDF-1.4",
                                                file_name="lista.xlsx")
        assert "gick inte att läsa" in preview.file_error
        assert upload.status == CompanyImport.Status.FAILED

    def test_the_admin_shows_the_preview_and_the_result(self, client, asele, office):
        client.force_login(office)
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client.post("/admin/foretag/import/", {"file": SimpleUploadedFile("foretag.csv", company_list_csv())},
                               HTTP_HOST="asele.localhost", follow=True)
        page = response.content.decode()
        assert "490 rader kan importeras." in page
        assert "10 rader har fel och hoppas över." in page
        upload = CompanyImport.objects.get()
        page = client.post(f"/admin/foretag/import/{upload.pk}/starta/", HTTP_HOST="asele.localhost",
                           follow=True).content.decode()
        assert "Klart: 490 nya, 0 uppdaterade, 0 oförändrade." in page


def _preview(asele, office, rows: list[list[str]], headings=HEADINGS):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows([headings, *rows])
    return company_import_upload(actor=office, municipality=asele, content=out.getvalue().encode(),
                                 file_name="foretag.csv")[1]


class ImportedOrgNumberTests:
    def test_a_personnummer_is_imported_as_an_enskild_firma_and_never_published(self, asele, office):
        upload, _ = company_import_upload(actor=office, municipality=asele, file_name="foretag.csv", content=(
            "Organisationsnummer;Företagsnamn;SNI;Telefon\n19811228-9874;Annas Hårvård;96021;0701740601\n").encode())
        company_import_run(actor=office, upload=upload)
        company = Company.objects.get()
        assert (company.org_number, company.legal_form, company.public_org_number) == ("811228-9874", "ef", "")

    def test_a_personnummer_for_an_aktiebolag_is_refused_naming_both(self, asele, office):
        preview = _preview(asele, office, [["811228-9874", "Anna AB", "96021", "0701740601", "Aktiebolag"]],
                           headings=["Organisationsnummer", "Företagsnamn", "SNI", "Telefon", "Företagsform"])
        message = " ".join(preview.errors[0].messages)
        assert "Aktiebolag" in message
        assert "811228-9874" in message
        assert "personnummer" in message
        assert preview.rows == []

    @pytest.mark.parametrize(("number", "message"), [("000000-0000", "inget giltigt organisationsnummer"),
                                                 ("16811228-9874", "16 används bara")])
    def test_invalid_numbers_are_refused_before_anything_is_written(self, asele, office, number, message):
        preview = _preview(asele, office, [[number, "X AB", "43320", "0701740601", "", "", ""]])
        assert message in " ".join(preview.errors[0].messages)

    def test_twelve_digit_and_vat_numbers_are_read(self, asele, office):
        preview = _preview(asele, office, [["16556016-0680", "X AB", "43320", "0701740601", "", "", ""],
                                           ["SE556036079301", "Y AB", "43320", "0701740602", "", "", ""]])
        assert [data["org_number"] for _, data in preview.rows] == ["556016-0680", "556036-0793"]

    def test_a_head_count_in_odd_digits_is_a_row_error_not_a_crash(self, asele, office):
        preview = _preview(asele, office, [[org_number(1), "X AB", "43320", "0701740601", "", "", "²"]])
        assert "heltal" in " ".join(preview.errors[0].messages)


class CsvDialectTests:
    @pytest.mark.parametrize("delimiter", [";", ",", "\t"])
    def test_apostrophes_in_cell_text_are_kept_and_do_not_shift_the_columns(self, delimiter):
        from directory.importing import read_rows

        lines = [HEADINGS[:3], ["559000-0013", "'Kvarnen'", "47111"],
                 ["556036-0793", "Handlar'n i Lansjärv", "49410"]]
        content = "\n".join(delimiter.join(line) for line in lines).encode()
        rows = read_rows(content, "foretag.csv")
        assert [row["Företagsnamn"] for row in rows] == ["'Kvarnen'", "Handlar'n i Lansjärv"]
        assert [row["SNI"] for row in rows] == ["47111", "49410"]
