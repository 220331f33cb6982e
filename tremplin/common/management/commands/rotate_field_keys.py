"""Encrypt every encrypted field again with the current FIELD_ENCRYPTION_KEY.

Run it after a new key was put first and the old one moved to FIELD_ENCRYPTION_KEYS_FALLBACK
(or after the move from the keys derived from SECRET_KEY): when it reports nothing left
under an old key, the old keys can be removed from the settings. History tables included."""

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from tremplin.common.encryption import (
    EncryptedFieldMixin,
    FieldDecryptionError,
    current_fernet,
    fernet,
    is_token,
)


def encrypted_models():
    """(model, its encrypted fields) for every model that has some, history models included."""
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedFieldMixin)]
        if fields:
            yield model, fields


class Command(BaseCommand):
    help = (
        "Encrypt every encrypted field again with FIELD_ENCRYPTION_KEY, so that the old keys "
        "can be removed from FIELD_ENCRYPTION_KEYS_FALLBACK."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would change, write nothing"
        )

    def handle(self, *, batch_size, dry_run, verbosity, **options):
        totals = {"current": 0, "rotated": 0, "clear": 0}
        for model, fields in encrypted_models():
            counts = self._rotate_model(model, fields, batch_size, dry_run, verbosity)
            for key, n in counts.items():
                totals[key] += n
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{totals['rotated']} values under an old key and {totals['clear']} values in clear "
            f"{verb} encrypted with the current key; {totals['current']} already were."
        )
        if not dry_run:
            self.stdout.write("Every encrypted value now uses the current key: old keys may go.")

    def _rotate_model(self, model, fields, batch_size, dry_run, verbosity):
        quote = connection.ops.quote_name
        table, pk = quote(model._meta.db_table), model._meta.pk
        columns = ", ".join(quote(f.column) for f in fields)
        total = model._base_manager.count()
        counts = {"current": 0, "rotated": 0, "clear": 0}
        done, last = 0, None
        label = model._meta.label
        while True:
            where = f"WHERE {quote(pk.column)} > %s " if last is not None else ""
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {quote(pk.column)}, {columns} FROM {table} {where}"
                    f"ORDER BY {quote(pk.column)} LIMIT %s",
                    [*([last] if last is not None else []), batch_size],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                updates = []
                for row_pk, *values in rows:
                    for field, value in zip(fields, values, strict=True):
                        new = self._new_value(field, value, counts)
                        if new is not None:
                            updates.append((field.column, new, row_pk, value))
                if not dry_run:
                    for column, new, row_pk, old in updates:
                        # Only if unchanged since read: a user's save meanwhile wins.
                        cursor.execute(
                            f"UPDATE {table} SET {quote(column)} = %s "
                            f"WHERE {quote(pk.column)} = %s AND {quote(column)} = %s",
                            [new, row_pk, old],
                        )
            done += len(rows)
            last = rows[-1][0]
            if verbosity:
                self.stdout.write(f"{label}: {done}/{total}")
        return counts

    @staticmethod
    def _new_value(field, value, counts):
        """The value to store, or None when it is empty or already under the current key."""
        if value is None or value == "":
            return None
        value = str(value)
        if not is_token(value):
            counts["clear"] += 1
            return field.get_prep_value(field.to_python(value))
        try:
            current_fernet().decrypt(value.encode())
        except InvalidToken:
            pass
        else:
            counts["current"] += 1
            return None
        try:
            rotated = fernet().rotate(value.encode()).decode()
        except InvalidToken:
            raise FieldDecryptionError(
                f"A value of {field.model._meta.label}.{field.name} cannot be decrypted with "
                "any configured key: put its key in FIELD_ENCRYPTION_KEYS_FALLBACK and run "
                "the command again."
            ) from None
        counts["rotated"] += 1
        return rotated
