"""Dates as the interface writes them in messages."""

import datetime

from django.utils.formats import date_format


def short_date(day: datetime.date) -> str:
    """'06/01/2025' in French, '01/06/2025' in English: the active language's short format."""
    return date_format(day, "SHORT_DATE_FORMAT")
