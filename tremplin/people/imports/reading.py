"""Reading an import file: CSV or XLSX into lines of cells, and a cell as text.

Streamed, in bounded memory whatever the file's size: the CSV is read through a text
wrapper over the file (the encoding and the line count come from a first scan in chunks),
the XLSX with openpyxl's read-only mode. The file is checked against IMPORT_MAX_BYTES before
anything else is read."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File

_CHUNK = 1 << 20
# The undefined bytes of Windows-1252: a file holding one of them is read as Latin-1.
_NOT_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
# An XLSX is a zip: its content may not unpack past this multiple of IMPORT_MAX_BYTES
# (a small zip can hold gigabytes of repeated cells, and openpyxl holds the shared strings).
XLSX_UNPACKED_FACTOR = 10


class _Bad(Exception):
    """A cell's value is wrong; the message says why, in French."""


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def megabytes(size: int) -> str:
    """20_000_000 -> '20', 2_500_000 -> '2,5' (French decimal comma)."""
    return f"{size / 1_000_000:f}".rstrip("0").rstrip(".").replace(".", ",")


def too_large_message() -> str:
    return f"Le fichier dépasse la taille maximale de {megabytes(max_bytes())} Mo."


def too_many_rows_message() -> str:
    return f"Le fichier dépasse le nombre maximal de {max_rows():_} lignes.".replace("_", " ")


# --- Opening the file -------------------------------------------------------------------


@contextmanager
def open_source(source: str | Path | IO[bytes]) -> Iterator[IO[bytes]]:
    """A seekable binary handle on the source (a path is opened and closed here); refused
    past IMPORT_MAX_BYTES before anything is read."""
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            yield _checked(handle)
        return
    if isinstance(source, File) and source.file is not None:
        source = source.file  # the real file under Django's proxy (an upload, a FieldFile)
    if not (hasattr(source, "seekable") and source.seekable()):
        raise _Bad("le fichier doit pouvoir être relu (fichier ordinaire).")
    yield _checked(source)


def _checked(handle: IO[bytes]) -> IO[bytes]:
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    if size > max_bytes():
        raise _Bad(too_large_message())
    return handle


# --- CSV --------------------------------------------------------------------------------


def _scan(handle: IO[bytes]) -> tuple[str, int]:
    """(encoding, line count) from one pass over the bytes, a chunk at a time."""
    handle.seek(0)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8, is_cp1252, lines, last = True, True, 0, b""
    while chunk := handle.read(_CHUNK):
        lines += chunk.count(b"\n")
        last = chunk[-1:]
        if is_utf8:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                is_utf8 = False
        if is_cp1252 and any(byte in chunk for byte in _NOT_CP1252):
            is_cp1252 = False
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    handle.seek(0)
    encoding = "utf-8-sig" if is_utf8 else "cp1252" if is_cp1252 else "latin-1"
    return encoding, lines + (1 if last and last != b"\n" else 0)


def _csv_rows(handle: IO[bytes]) -> tuple[int, Iterator[list[Any]]]:
    encoding, estimate = _scan(handle)

    def rows() -> Iterator[list[Any]]:
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        try:
            first_line = text.readline()
            delimiter = max((";", ",", "\t"), key=first_line.count)
            head = [first_line] if first_line else []
            yield from csv.reader(itertools.chain(head, text), delimiter=delimiter)
        finally:
            text.detach()  # the caller's handle stays open

    return estimate, rows()


# --- XLSX -------------------------------------------------------------------------------


def _xlsx_rows(handle: IO[bytes]) -> tuple[int, Iterator[list[Any]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise _Bad("fichier XLSX illisible : enregistrez-le à nouveau depuis le tableur.") from exc
    if unpacked > XLSX_UNPACKED_FACTOR * max_bytes():
        raise _Bad(too_large_message() + " (une fois décompressé)")
    handle.seek(0)
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
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


def read_table(handle: IO[bytes]) -> tuple[int, Iterator[list[Any]]]:
    """(estimated line count, lines as lists of cells) of a CSV or XLSX file, read from the
    start of `handle` (from `open_source`) as the lines are consumed."""
    handle.seek(0)
    magic = handle.read(4)
    handle.seek(0)
    if magic == b"PK\x03\x04":  # a zip: XLSX
        return _xlsx_rows(handle)
    if magic == b"\xd0\xcf\x11\xe0":  # an OLE file: Excel 97-2003
        raise _Bad("le format .xls n'est pas lu : enregistrez le fichier en .xlsx ou en .csv.")
    return _csv_rows(handle)


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
