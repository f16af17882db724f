from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from hechting.program import crypto


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token, read back as plain text.

    The database only ever sees ciphertext, so rows cannot be searched or filtered by content
    (a lookup on this field compares tokens and never matches).
    """

    def from_db_value(
        self, value: str | None, expression: object, connection: BaseDatabaseWrapper
    ) -> str | None:
        return None if value is None else crypto.decrypt(value)

    def get_prep_value(self, value: object) -> str | None:
        value = super().get_prep_value(value)
        return None if value is None else crypto.encrypt(str(value))


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
