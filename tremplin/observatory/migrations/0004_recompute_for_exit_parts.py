"""Figures now keep the exits not counted beside the counted ones (uncounted_exits): every
slice computed so far is marked stale, for the queue's sweep to compute again."""

from django.db import migrations
from django.utils import timezone


def mark_every_slice(apps, schema_editor):
    Figure = apps.get_model("observatory", "Figure")
    StaleSlice = apps.get_model("observatory", "StaleSlice")
    now = timezone.now()
    slices = Figure.objects.values_list("structure_id", "year").distinct()
    StaleSlice.objects.bulk_create(
        [StaleSlice(structure_id=s, year=y, marked_at=now) for s, y in slices],
        ignore_conflicts=True,
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("observatory", "0003_constraint_messages")]

    operations = [migrations.RunPython(mark_every_slice, migrations.RunPython.noop)]
