"""Figures as a French reader reads them: thousands grouped by a narrow no-break space,
a decimal comma, and the value as the selectors rounded it — the API's value, digit for
digit (12.35 ETP in the API is « 12,35 » on the page, never « 12,3 »)."""

from __future__ import annotations

from decimal import Decimal

NARROW_NBSP = "\u202f"


def fr_number(value, places: int | None = None) -> str:
    """`places` None: the digits the value carries, trailing zeros dropped (a count
    stored as 12.00 reads « 12 »); otherwise exactly `places` decimals."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if places is None:
        number = number.normalize()
        places = max(-number.as_tuple().exponent, 0)
    text = f"{abs(number):,.{places}f}".replace(",", NARROW_NBSP).replace(".", ",")
    return f"-{text}" if number < 0 else text
