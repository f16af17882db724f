import os

from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Model

from hechting.program import crypto
from hechting.program.fields import encrypted_fields


class Command(BaseCommand):
    help = (
        "Re-encrypt all journal and free-text fields with the current (first) journal key. "
        "Workflow: put a new key first (HECHTING_JOURNAL_KEYS or the key file, or use --new-key "
        "with the key file), keep the old keys after it, run this command, then remove the old "
        "keys. Entries stay readable throughout."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--new-key",
            action="store_true",
            help="First add a freshly generated key at the top of the key file (not with the "
            "environment variable, which you change yourself).",
        )

    def handle(self, *args: object, new_key: bool = False, **options: object) -> None:
        if new_key:
            if os.environ.get(crypto.ENV, "").strip():
                raise CommandError(
                    f"{crypto.ENV} is set: put a new key (from Fernet.generate_key()) first in "
                    "it yourself, keep the old ones after it, and run this command again."
                )
            self._prepend_key()
        try:
            total = sum(self._rotate(model) for model in apps.get_models())
        except crypto.JournalKeyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Re-encrypted {total} values with the current journal key.")

    def _prepend_key(self) -> None:
        crypto.configured_keys()  # creates the file on a fresh install
        path = crypto.key_file()
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(Fernet.generate_key().decode() + "\n" + path.read_text())
        os.replace(tmp, path)
        self.stdout.write(f"Added a new current key at the top of {path}.")

    def _rotate(self, model: type[Model]) -> int:
        fields = encrypted_fields(model)
        if not fields:
            return 0
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            for field in fields:
                column = connection.ops.quote_name(field.column)
                # Raw SQL: we rotate tokens as stored, without ever holding the plain text.
                cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} IS NOT NULL")  # noqa: S608
                for row_pk, token in cursor.fetchall():
                    cursor.execute(
                        f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                        [crypto.rotate(token), row_pk],
                    )
                    count += 1
        return count
