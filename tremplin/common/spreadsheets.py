"""Every CSV and XLSX that Tremplin writes goes through this module (a test greps the code
for any other writer): spreadsheet cells that cannot run.

- Text starting with `=`, `+`, `-`, `@`, a tab, a carriage return or a line feed (and their
  full-width forms) is prefixed with a single quote, as OWASP's « CSV injection » page
  says: a spreadsheet shows it as text instead of running it as a formula. Only text is
  neutralised: numbers and dates stay typed (a negative number is a number).
- In XLSX, text cells are written explicitly as strings (`data_type = "s"`): never a
  formula, nor an error code such as `#N/A`.
- Characters that XML forbids (most C0 controls, U+FFFE, U+FFFF, lone surrogates) are
  refused at input (tremplin.common.validators) and, should one be stored anyway, replaced
  by U+FFFD here: the writer never fails on them.

CSV is French-spreadsheet style by default: UTF-8 with BOM, `;`, dates JJ/MM/AAAA, decimal
comma, booleans oui/non.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
BOM = b"\xef\xbb\xbf"


def safe_text(value: str) -> str:
    """Text as a spreadsheet cell: XML-illegal characters replaced, formulas neutralised."""
    value = _XML_ILLEGAL.sub("\ufffd", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


# --- CSV --------------------------------------------------------------------------------


class _Buffer:
    """csv.writer's target: hands back what was written."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> bytes:
        data = "".join(self.parts).encode()
        self.parts.clear()
        return data


class CsvFormat:
    """How typed values are written as CSV text."""

    def __init__(
        self,
        *,
        delimiter: str = ";",
        date_format: str = "%d/%m/%Y",
        decimal_comma: bool = True,
        true: str = "oui",
        false: str = "non",
    ):
        self.delimiter, self.date_format, self.decimal_comma = delimiter, date_format, decimal_comma
        self.true, self.false = true, false

    def cell(self, value: Any) -> str:
        if value is None:
            return ""
        if value is True:
            return self.true
        if value is False:
            return self.false
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime(f"{self.date_format} %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime(self.date_format)
        if _is_number(value):
            text = f"{value:f}" if isinstance(value, Decimal) else str(value)
            return text.replace(".", ",") if self.decimal_comma else text
        return safe_text(str(value))  # str, lazy translations, anything else: text


def csv_chunks(
    rows: Iterable[Sequence[Any]],
    *,
    header: Sequence[Any] | None = None,
    bom: bool = True,
    rows_per_chunk: int = 1000,
    format: CsvFormat | None = None,
) -> Iterator[bytes]:
    """The CSV as chunks of bytes (for a StreamingHttpResponse or a file)."""
    format = format or CsvFormat()
    buffer = _Buffer()
    writer = csv.writer(buffer, delimiter=format.delimiter, lineterminator="\r\n")
    cell = format.cell
    if header is not None:
        writer.writerow([cell(v) for v in header])
    yield (BOM if bom else b"") + buffer.take()
    for count, row in enumerate(rows, 1):
        writer.writerow([cell(v) for v in row])
        if count % rows_per_chunk == 0:
            yield buffer.take()
    yield buffer.take()


def csv_bytes(rows: Iterable[Sequence[Any]], **options: Any) -> bytes:
    return b"".join(csv_chunks(rows, **options))


# --- XLSX -------------------------------------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


class XlsxSheet:
    """One sheet of an XlsxBook; rows are appended as typed Python values."""

    def __init__(self, book: XlsxBook, title: str):
        from openpyxl.cell import WriteOnlyCell

        self._cell = WriteOnlyCell
        self.sheet = book.workbook.create_sheet(_sheet_title(title))
        date_cell = WriteOnlyCell(self.sheet)
        date_cell.number_format = DATE_FORMAT
        self._date_style = date_cell._style  # one shared style for every date cell
        time_cell = WriteOnlyCell(self.sheet)
        time_cell.number_format = DATETIME_FORMAT
        self._datetime_style = time_cell._style
        self.rows = 0

    def widths(self, widths: Sequence[float]) -> None:
        """Column widths (characters); before the first row."""
        from openpyxl.utils import get_column_letter

        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width

    def freeze(self, cell: str) -> None:
        self.sheet.freeze_panes = cell

    def append(self, values: Iterable[Any], *, bold: bool = False) -> None:
        cells = [self._to_cell(value) for value in values]
        if bold:
            from openpyxl.styles import Font

            font = Font(bold=True)
            for cell in cells:
                if cell is not None:
                    cell.font = font
        self.sheet.append(cells)
        self.rows += 1

    def _to_cell(self, value: Any):
        if value is None or value == "":
            return None  # no cell written at all: a third faster on real files
        if value is True or value is False:
            value = "oui" if value else "non"
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            cell = self._cell(self.sheet, value=value.replace(tzinfo=None))
            cell._style = self._datetime_style
            return cell
        if isinstance(value, datetime.date):
            cell = self._cell(self.sheet, value=value)
            cell._style = self._date_style
            return cell
        if _is_number(value):
            return self._cell(self.sheet, value=value)
        if isinstance(value, Promise):
            value = str(value)
        cell = self._cell(self.sheet, value=safe_text(str(value)))
        cell.data_type = "s"  # a string, whatever it looks like: never a formula
        return cell


class XlsxBook:
    """A workbook written in openpyxl's write-only mode (rows streamed to a temporary
    file, not held in memory)."""

    def __init__(self):
        from openpyxl import Workbook

        self.workbook = Workbook(write_only=True)

    def sheet(self, title: str) -> XlsxSheet:
        return XlsxSheet(self, title)

    def save(self, out: IO[bytes]) -> None:
        self.workbook.save(out)


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str) -> str:
    return _SHEET_FORBIDDEN.sub("-", _XML_ILLEGAL.sub("", str(title)))[:31] or "Feuille"
