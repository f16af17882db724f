"""Encryption at rest for journal and other free text: Fernet (AES-128-CBC + HMAC-SHA256).

Keys come from HECHTING_JOURNAL_KEYS (comma-separated, first = current) or, for a local
install, from HECHTING_DATA_DIR/journal.keys (one key per line, first = current), created with
mode 0600 on first use — outside the database, so a copied database alone reveals nothing.
Older keys keep decrypting until `hechting manage rotate_journal_keys` has re-encrypted every
row with the current key. A token no key can open raises JournalKeyError; ciphertext is never
returned in place of text.
"""

import contextlib
import os
import threading
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

ENV = "HECHTING_JOURNAL_KEYS"
KEY_FILE = "journal.keys"


class JournalKeyError(RuntimeError):
    """The configured journal keys are missing, malformed, or cannot open stored text."""


_lock = threading.Lock()
_cache: dict[tuple[str, ...], MultiFernet] = {}


def key_file() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two processes starting at once must not each write a different key.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(Fernet.generate_key().decode() + "\n")


def configured_keys() -> tuple[tuple[str, ...], str]:
    """The keys (current first) and where they came from, for messages."""
    if raw := os.environ.get(ENV, "").strip():
        return tuple(k.strip() for k in raw.split(",") if k.strip()), ENV
    path = key_file()
    with _lock:
        if not path.exists():
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
