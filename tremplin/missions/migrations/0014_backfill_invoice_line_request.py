"""Lines issued before 0012 bill no request: the immediate advance reads each line's
nature code through its request. A household invoice whose hours all come from one
request bills that request on every line; an invoice over several requests is left for
the structure to send again once re-issued (the advance's page says which line stops it)."""

from django.db import migrations

BATCH = 500


def tie_lines_to_their_request(apps, schema_editor):
    InvoiceLine = apps.get_model("missions", "InvoiceLine")
    TimeEntry = apps.get_model("missions", "TimeEntry")
    invoice_ids = list(
        InvoiceLine.objects.filter(request__isnull=True, invoice__client__kind="household")
        .values_list("invoice_id", flat=True)
        .distinct()
        .order_by("invoice_id")
    )
    for start in range(0, len(invoice_ids), BATCH):
        requests_of: dict[int, set[int]] = {}
        for invoice_id, request_id in TimeEntry.objects.filter(
            invoice_id__in=invoice_ids[start : start + BATCH]
        ).values_list("invoice_id", "assignment__request_id"):
            requests_of.setdefault(invoice_id, set()).add(request_id)
        for invoice_id, requests in requests_of.items():
            if len(requests) == 1 and None not in requests:
                InvoiceLine.objects.filter(invoice_id=invoice_id, request__isnull=True).update(
                    request_id=next(iter(requests))
                )


class Migration(migrations.Migration):
    dependencies = [("missions", "0013_cancelled_assignment")]

    operations = [migrations.RunPython(tie_lines_to_their_request, migrations.RunPython.noop)]
