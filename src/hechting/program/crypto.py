"""Encryption at rest for journal and other free text: Fernet (AES-128-CBC + HMAC-SHA256).

Keys come from HECHTING_JOURNAL_KEYS (comma-separated, first = current) or, for a local
install, from HECHTING_DATA_DIR/journal.keys (one key per line, first = current), created with
mode 0600 on first use — outside the database, so a copied database alone reveals nothing.
A key is only ever generated while the database holds no encrypted text: a missing key file
next to encrypted rows is an error, and `check_keys()` (run when the server starts) refuses to
start when the configured keys cannot open the newest stored text.
Older keys keep decrypting until `hechting manage rotate_journal_keys` has re-encrypted every
row with the current key. A token no key can open raises JournalKeyError; ciphertext is never
returned in place of text.
"""

import contextlib
import os
import threading
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Model

ENV = "HECHTING_JOURNAL_KEYS"
KEY_FILE = "journal.keys"


class JournalKeyError(RuntimeError):
    """The configured journal keys are missing, malformed, or cannot open stored text."""


_lock = threading.Lock()
_cache: dict[tuple[str, ...], MultiFernet] = {}


def key_file() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # O_EXCL: two processes starting at once must not each write a different key.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(Fernet.generate_key().decode() + "\n")


def _encrypted_columns() -> list[tuple[type[Model], str]]:
    from hechting.program.fields import encrypted_fields

    return [(m, f.name) for m in apps.get_models() for f in encrypted_fields(m)]


def _newest_encrypted(model: type[Model], field: str) -> Model | None:
    """The newest row with stored text in `field`, loaded without decrypting it."""
    rows = model._base_manager.exclude(**{f"{field}__isnull": True}).order_by("-pk")
    return rows.only("pk").first()


def stored_text_exists() -> bool:
    try:
        return any(_newest_encrypted(m, f) is not None for m, f in _encrypted_columns())
    except DatabaseError:  # not migrated yet: nothing is stored
        return False


def configured_keys() -> tuple[tuple[str, ...], str]:
    """The keys (current first) and where they came from, for messages."""
    if raw := os.environ.get(ENV, "").strip():
        return tuple(k.strip() for k in raw.split(",") if k.strip()), ENV
    path = key_file()
    with _lock:
        if not path.exists():
            if stored_text_exists():
                # A new key would write text that the real key can never open again.
                raise JournalKeyError(
                    f"The journal key file {path} is missing, but the database holds encrypted "
                    f"text. Restore the key file from your backup (or set {ENV}); a new key "
                    "is never generated while encrypted text exists."
                )
            with contextlib.suppress(FileExistsError):  # another process was first
                _create_key_file(path)
    lines = path.read_text().splitlines()
    return tuple(k.strip() for k in lines if k.strip() and not k.startswith("#")), str(path)


def fernet() -> MultiFernet:
    keys, source = configured_keys()
    if not keys:
        raise JournalKeyError(f"No journal key found in {source}.")
    if keys not in _cache:
        fernets = []
        for number, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key))
            except ValueError as exc:
                raise JournalKeyError(
                    f"Journal key number {number} in {source} is not a valid Fernet key "
                    "(32 url-safe base64-encoded bytes)."
                ) from exc
        _cache[keys] = MultiFernet(fernets)
    return _cache[keys]


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as exc:
        _keys, source = configured_keys()
        raise JournalKeyError(
            f"Stored journal text cannot be decrypted with the keys in {source}: the key is "
            "wrong or missing. Restore the key that was used (it may be listed after the "
            "current one) — the text is not shown without it."
        ) from exc


def rotate(token: str) -> str:
    """Re-encrypt a token with the current (first) key; raises JournalKeyError if unreadable."""
    try:
        return fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise JournalKeyError(
            "A stored value cannot be decrypted with any configured key."
        ) from exc


def check_keys() -> None:
    """At start-up: the configured keys must open the newest stored text of every kind.

    Raises JournalKeyError with a message for the operator. Without encrypted text any key
    will do (and a local install gets its key file now rather than at the first note).
    """
    columns = _encrypted_columns()
    fernet()  # a missing file is created (or refused, see configured_keys); malformed keys fail
    for model, field in columns:
        try:
            row = _newest_encrypted(model, field)
        except DatabaseError:  # not migrated yet: nothing is stored
            return
        if row is not None:
            model._base_manager.filter(pk=row.pk).values_list(field, flat=True).get()
