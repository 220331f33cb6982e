"""tremplin.common.spreadsheets: the one writer of CSV and XLSX, and no other in the code."""

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tremplin.common import spreadsheets

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x";"clic")', '\'=HYPERLINK("http://x";"clic")'),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2+3", "'-2+3"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("＝1+1", "'＝1+1"),
        ("Martin", "Martin"),
        ("Jean-Pierre", "Jean-Pierre"),
        ("", ""),
        ("Bel\x07le", "Bel\ufffdle"),
    ],
)
def test_text_is_neutralised_and_cleaned(text, written):
    assert spreadsheets.safe_text(text) == written


def test_csv_keeps_numbers_and_dates_typed_and_neutralises_text():
    data = spreadsheets.csv_bytes(
        [
            ["=1+1", Decimal("-3.50"), -2, datetime.date(2025, 1, 6), True, None, "-x"],
        ],
        header=["a", "b", "c", "d", "e", "f", "g"],
    )
    assert data.startswith(spreadsheets.BOM)
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "a;b;c;d;e;f;g"
    assert lines[1] == "'=1+1;-3,50;-2;06/01/2025;oui;;'-x"


def test_xlsx_text_cells_are_strings_numbers_numbers_and_control_characters_do_not_crash():
    book = spreadsheets.XlsxBook()
    sheet = book.sheet("Feuille: [1]")
    sheet.append(["Nom", "Heures"], bold=True)
    sheet.append(['=HYPERLINK("http://x")', Decimal("-3.5")])
    sheet.append(["#N/A", -2])
    sheet.append(["Bel\x07le\x1f", datetime.date(2025, 1, 6)])
    out = io.BytesIO()
    book.save(out)
    rows = list(load_workbook(io.BytesIO(out.getvalue())).worksheets[0].iter_rows())
    assert [c.value for c in rows[0]] == ["Nom", "Heures"] and rows[0][0].font.b
    formula, hours = rows[1]
    assert (formula.value, formula.data_type) == ('\'=HYPERLINK("http://x")', "s")
    assert (hours.value, hours.data_type) == (-3.5, "n")
    assert (rows[2][0].value, rows[2][0].data_type) == ("#N/A", "s")  # not an error code
    assert rows[3][0].value == "Bel\ufffdle\ufffd"
    assert rows[3][1].value == datetime.datetime(2025, 1, 6) and rows[3][1].is_date


# The calls that write a spreadsheet; reading (csv.reader, load_workbook) is allowed.
WRITERS = re.compile(
    r"csv\.(writer|DictWriter)\b|\bWorkbook\(|from openpyxl import[^\n]*\bWorkbook\b"
    r"|openpyxl\.Workbook|xlsxwriter|\.to_csv\(|\.to_excel\("
)


def test_no_other_spreadsheet_writer_in_the_code():
    """Every export of every app goes through tremplin.common.spreadsheets."""
    offenders = []
    for path in sorted((ROOT / "tremplin").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or relative == Path("tremplin/common/spreadsheets.py"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if WRITERS.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_the_writer_check_sees_a_writer():
    assert WRITERS.search("    writer = csv.writer(buffer)")
    assert WRITERS.search("from openpyxl import Workbook")
    assert not WRITERS.search("from openpyxl import load_workbook")
