"""One French number format for every number a person reads: `10,00 h`, `1 234,50 €`,
never `10.00 h` (a Decimal put in a string as is) nor `10 h` beside `10,50 h`.

Templates use the `french` filters (common/templatetags/french.py); messages built in Python
call these functions."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils import formats


def french_number(value, decimals: int | None = None) -> str:
    """The number in the active language's format (French: decimal comma, thin groups)."""
    if value is None or value == "":
        return ""
    if decimals is not None:
        value = Decimal(value).quantize(Decimal(1).scaleb(-decimals))
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def hours_text(value) -> str:
    """Hours always with two decimals: `10,00 h`, `7,50 h`."""
    return f"{french_number(value, 2)} h" if value not in (None, "") else ""


def choice_label(model: type[models.Model], field: str, value) -> str:
    """The label of a stored code (`cdd_usage` → « CDD d'usage… »), for values read without
    their model (`values()`, annotations); the code itself when it is unknown."""
    choices = dict(model._meta.get_field(field).flatchoices)
    return str(choices.get(value, value)) if value not in (None, "") else ""
