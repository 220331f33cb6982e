"""No overlapping suspensions of one PASS IAE and no overlapping contracts of one person in
one structure, enforced by PostgreSQL itself (exclusion constraints over date ranges).
SQLite has no such constraint: the services check the same rule under a lock there."""

from django.db import migrations

CONSTRAINTS = [
    ("people_suspension", "suspension_no_overlap",
     "EXCLUDE USING gist (approval_id WITH =, daterange(start_date, end_date, '[]') WITH &&)"),
    ("people_contract", "contract_no_overlap",
     "EXCLUDE USING gist (person_id WITH =, structure_id WITH =, "
     "daterange(start_date, COALESCE(early_end_date, planned_end_date), '[]') WITH &&)"),
]


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for table, name, definition in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")


def drop_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _definition in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(add_constraints, drop_constraints)]
