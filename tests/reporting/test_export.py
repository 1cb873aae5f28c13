"""Exports open in a spreadsheet as written, and are produced from an iterator."""
import csv
import io

from openpyxl import load_workbook

from reporting.export import csv_response, xlsx_response


def _rows(n):
    for i in range(n):
        yield (f"Företag {i}", i, "=HYPERLINK(\"x\")" if i == 0 else "Åsele")


def test_csv_streams_utf8_with_bom_and_parses_back():
    response = csv_response("behov.csv", ["Namn", "Antal", "Ort"], _rows(3))
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="behov.csv"'
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Namn", "Antal", "Ort"]
    assert rows[1] == ["Företag 0", "0", "'=HYPERLINK(\"x\")"]  # a formula is never run
    assert rows[3] == ["Företag 2", "2", "Åsele"]


def test_xlsx_parses_back_with_numbers_as_numbers_and_no_formulas():
    response = xlsx_response("behov.xlsx", [("Behov", ["Namn", "Antal", "Ort"], _rows(3)),
                                            ("Tom", ["A"], iter([]))])
    body = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    assert workbook.sheetnames == ["Behov", "Tom"]
    rows = list(workbook["Behov"].iter_rows(values_only=True))
    assert rows[0] == ("Namn", "Antal", "Ort")
    assert rows[1] == ("Företag 0", 0, "'=HYPERLINK(\"x\")")
    assert rows[3] == ("Företag 2", 2, "Åsele")


def test_the_rows_are_consumed_lazily_by_the_csv_stream():
    consumed = []

    def rows():
        for i in range(3):
            consumed.append(i)
            yield (i,)

    response = csv_response("x.csv", ["n"], rows())
    assert consumed == []
    stream = iter(response.streaming_content)
    next(stream), next(stream)
    assert consumed == [0]
