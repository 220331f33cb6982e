"""No two overlapping assignments of one person, enforced by PostgreSQL (exclusion
constraint over time ranges); on SQLite the service checks under the write lock."""

from django.db import migrations

CONSTRAINT = (
    "ALTER TABLE missions_assignment ADD CONSTRAINT assignment_no_double_booking "
    "EXCLUDE USING gist (person_id WITH =, "
    "tsrange(date + start_time, date + end_time, '[)') WITH &&)"
)


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        schema_editor.execute(CONSTRAINT)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE missions_assignment DROP CONSTRAINT IF EXISTS assignment_no_double_booking"
        )


class Migration(migrations.Migration):
    dependencies = [("missions", "0001_initial")]
    operations = [migrations.RunPython(add, drop)]
