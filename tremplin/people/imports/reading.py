"""Reading an import file: CSV or XLSX into lines of cells, and a cell as text."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


class _Bad(Exception):
    """A cell's value is wrong; the message says why, in French."""


# --- Reading the file -------------------------------------------------------------------


def _open(source: str | Path | IO[bytes]) -> bytes:
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    data = source.read()
    return data.encode() if isinstance(data, str) else data


def _csv_rows(data: bytes) -> tuple[int, Iterator[list[Any]]]:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    estimate = text.count("\n") + (0 if text.endswith("\n") else 1)
    return estimate, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(data: bytes) -> tuple[int, Iterator[list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign zip: openpyxl raises many kinds
        raise _Bad("fichier XLSX illisible : enregistrez-le à nouveau depuis le tableur.") from exc
    sheet = workbook.worksheets[0]

    def rows() -> Iterator[list[Any]]:
        try:
            for row in sheet.iter_rows(values_only=True):
                yield list(row)
        finally:
            workbook.close()

    return sheet.max_row or 0, rows()


def read_table(source: str | Path | IO[bytes]) -> tuple[int, Iterator[list[Any]]]:
    """(estimated line count, lines as lists of cells) of a CSV or XLSX file."""
    data = _open(source)
    if data[:4] == b"PK\x03\x04":  # a zip: XLSX
        return _xlsx_rows(data)
    if data[:4] == b"\xd0\xcf\x11\xe0":  # an OLE file: Excel 97-2003
        raise _Bad("le format .xls n'est pas lu : enregistrez le fichier en .xlsx ou en .csv.")
    return _csv_rows(data)


# --- Cells ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as text: numbers typed in a spreadsheet lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()
