"""Streamed CSV and XLSX responses: rows come from an iterator and are never all in memory.

- CSV: a `StreamingHttpResponse` over a generator; UTF-8 with a byte-order mark (Excel reads the file
  as UTF-8 only then), `;` between cells (a Swedish Excel splits on it; the decimal comma stays inside
  a cell) and every cell quoted.
- XLSX: openpyxl's write-only workbook, which writes each appended row straight to its temporary
  XML part; the finished file is written to an anonymous temporary file and sent with `FileResponse`
  in blocks. Memory stays flat as rows grow (bench/competence_bench.py measures it).

Text that a spreadsheet would run as a formula (starting with = + - @ or a control character) is
prefixed with an apostrophe, as OWASP advises for CSV injection; characters XML cannot carry are dropped.
"""
from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.utils.functional import Promise

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
BOM = "\ufeff"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_safe(value):
    """A text cell that cannot start a formula; numbers, dates and None are left as they are."""
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Line:
    """A file-like object whose write() returns what was written: csv.writer then yields one line."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    yield BOM + writer.writerow([spreadsheet_safe(h) for h in header])
    for row in rows:
        yield writer.writerow(["" if v is None else spreadsheet_safe(v) for v in row])


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    response = StreamingHttpResponse((line.encode("utf-8") for line in csv_lines(header, rows)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def write_xlsx(fileobj, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> None:
    """Write (sheet title, header, rows) sheets to a binary file object, row by row."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([_xlsx_value(h) for h in header])
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
    workbook.save(fileobj)


def xlsx_response(filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> FileResponse:
    tmp = tempfile.TemporaryFile()  # anonymous: gone when FileResponse closes it
    try:
        write_xlsx(tmp, sheets)
        tmp.seek(0)
    except BaseException:
        tmp.close()
        raise
    response = FileResponse(tmp, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response
