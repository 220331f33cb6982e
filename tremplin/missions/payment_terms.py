"""Due dates from a client's payment terms (Code de commerce, L441-10, I), pure functions.

- Nothing agreed: 30 days after the service (here the last day of the invoiced period).
- Agreed: at most 60 days after the issue date, or 45 days end of month, reckoned as the
  issue date plus the days, then the end of that month (one of the two readings the DGCCRF
  accepts).
- A periodic invoice (CGI art. 289, I, 3: the services of a month, as ours) is due at most
  45 days after its issue, whatever was agreed.
- Never before the issue date (an invoice issued late is due on receipt; BR-FR-CO-07).

The figures are dated rules of `tremplin.rules`, read at the issue date."""

from __future__ import annotations

import calendar
import datetime

from django.utils.translation import gettext as _

from tremplin.rules import rule

LEGAL, DAYS, END_OF_MONTH = "legal", "days", "end_of_month"


def payment_terms_error(terms: str, days: int | None, on: datetime.date | None = None) -> str:
    """Why agreed terms are outside the legal limits ('' when they are within)."""
    if terms == LEGAL:
        return _("No number of days with the legal default terms.") if days else ""
    if not days:
        return _("Give the agreed number of days.")
    if terms == DAYS and days > (limit := rule("invoice.payment_max_days", on)):
        return _("At most %(n)s days after the issue date (Code de commerce, L441-10).") % {
            "n": limit
        }
    if terms == END_OF_MONTH and days > (
        limit := rule("invoice.payment_max_days_end_of_month", on)
    ):
        return _("At most %(n)s days end of month (Code de commerce, L441-10).") % {"n": limit}
    return ""


def _end_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def due_date(
    *,
    terms: str,
    days: int | None,
    issued_on: datetime.date,
    service_end: datetime.date,
    periodic: bool = True,
) -> datetime.date:
    """The due date of an invoice issued on `issued_on` for services ending `service_end`."""
    if terms == DAYS and days:
        due = issued_on + datetime.timedelta(
            days=min(days, rule("invoice.payment_max_days", issued_on))
        )
    elif terms == END_OF_MONTH and days:
        limit = rule("invoice.payment_max_days_end_of_month", issued_on)
        due = _end_of_month(issued_on + datetime.timedelta(days=min(days, limit)))
    else:
        due = service_end + datetime.timedelta(days=rule("invoice.payment_default_days", issued_on))
    if periodic:
        cap = issued_on + datetime.timedelta(
            days=rule("invoice.payment_max_days_periodic", issued_on)
        )
        due = min(due, cap)
    return max(due, issued_on)
