import os
import stat

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection, transaction

from hechting.program import crypto
from hechting.program.fields import encrypted_fields
from hechting.program.models import LifeEvent
from program_factories import make_entries, make_user


def _raw_dump() -> str:
    """Every column of every program table, as the database stores it."""
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith("program_"):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
                out.extend(str(row) for row in cursor.fetchall())
    return "\n".join(out)


@pytest.mark.django_db
def test_it_stores_no_plaintext_in_any_program_table():
    make_entries(make_user(), marker="Zeldzaamwoord")
    raw = _raw_dump()
    assert "gAAAA" in raw  # Fernet tokens are there
    assert "zeldzaamwoord" not in raw.lower()
    assert "my teacher" not in raw and "no reply" not in raw and "tight chest" not in raw


@pytest.mark.django_db
def test_it_reads_back_the_plain_text():
    entries = make_entries(make_user(), marker="Zeldzaamwoord")
    event = LifeEvent.objects.get(pk=entries["levenslijn"].pk)
    assert event.what_happened == "Zeldzaamwoord moved house"


@pytest.mark.django_db
def test_it_keeps_old_entries_readable_during_and_after_rotation(monkeypatch):
    old = os.environ["HECHTING_JOURNAL_KEYS"]
    entries = make_entries(make_user())
    new = Fernet.generate_key().decode()
    monkeypatch.setenv("HECHTING_JOURNAL_KEYS", f"{new},{old}")
    # Before rotation: still readable through the old key.
    assert LifeEvent.objects.get(pk=entries["levenslijn"].pk).what_happened == "geheim moved house"
    call_command("rotate_journal_keys", stdout=open(os.devnull, "w"))  # noqa: SIM115
    # After rotation the old key can go: everything opens with the new key alone.
    monkeypatch.setenv("HECHTING_JOURNAL_KEYS", new)
    for kind, entry in entries.items():
        fresh = type(entry).objects.get(pk=entry.pk)
        for field in encrypted_fields(type(entry)):
            assert getattr(fresh, field.name) == getattr(entry, field.name), kind


@pytest.mark.django_db
def test_it_raises_a_clear_error_with_a_wrong_key_and_never_returns_ciphertext(monkeypatch):
    entry = make_entries(make_user())["levenslijn"]
    monkeypatch.setenv("HECHTING_JOURNAL_KEYS", Fernet.generate_key().decode())
    with pytest.raises(crypto.JournalKeyError, match="cannot be decrypted"):
        LifeEvent.objects.get(pk=entry.pk)


@pytest.mark.django_db
def test_it_shows_a_calm_page_not_ciphertext_when_the_key_is_wrong(client, monkeypatch):
    user = make_user()
    make_entries(user)
    client.force_login(user)
    monkeypatch.setenv("HECHTING_JOURNAL_KEYS", Fernet.generate_key().decode())
    r = client.get("/groei/stap/1/")
    assert r.status_code == 503
    html = r.content.decode()
    assert "gAAAA" not in html and "versleuteld" in html


def test_it_rejects_a_malformed_key(monkeypatch):
    monkeypatch.setenv("HECHTING_JOURNAL_KEYS", "not-a-key")
    with pytest.raises(crypto.JournalKeyError, match="key number 1 in HECHTING_JOURNAL_KEYS"):
        crypto.encrypt("x")


@pytest.mark.django_db
def test_it_creates_a_private_key_file_when_no_key_is_configured(monkeypatch, settings, tmp_path):
    monkeypatch.delenv("HECHTING_JOURNAL_KEYS")
    settings.DATA_DIR = tmp_path / "data"
    token = crypto.encrypt("hallo")
    path = tmp_path / "data" / "journal.keys"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert crypto.decrypt(token) == "hallo"


@pytest.mark.django_db
def test_it_rotates_to_a_new_key_in_the_key_file(monkeypatch, settings, tmp_path):
    monkeypatch.delenv("HECHTING_JOURNAL_KEYS")
    settings.DATA_DIR = tmp_path
    entry = LifeEvent.objects.create(user=make_user(), age=3, what_happened="first memory")
    call_command("rotate_journal_keys", "--new-key", stdout=open(os.devnull, "w"))  # noqa: SIM115
    keys = (tmp_path / "journal.keys").read_text().split()
    assert len(keys) == 2
    monkeypatch.setenv("HECHTING_JOURNAL_KEYS", keys[0])  # only the new key
    assert LifeEvent.objects.get(pk=entry.pk).what_happened == "first memory"


@pytest.mark.django_db
def test_it_never_generates_a_key_while_encrypted_text_is_stored(monkeypatch, settings, tmp_path):
    make_entries(make_user())  # written with the test key
    monkeypatch.delenv("HECHTING_JOURNAL_KEYS")
    settings.DATA_DIR = tmp_path
    with pytest.raises(crypto.JournalKeyError, match="missing, but the database holds"):
        crypto.check_keys()
    with pytest.raises(crypto.JournalKeyError), transaction.atomic():
        LifeEvent.objects.create(user=make_user("b@example.org"), age=3, what_happened="new")
    assert not (tmp_path / "journal.keys").exists()
    assert LifeEvent.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_to_start_with_a_key_that_does_not_open_the_stored_text(monkeypatch):
    make_entries(make_user())
    crypto.check_keys()  # the right key: fine
    monkeypatch.setenv("HECHTING_JOURNAL_KEYS", Fernet.generate_key().decode())
    with pytest.raises(crypto.JournalKeyError, match="cannot be decrypted"):
        crypto.check_keys()


@pytest.mark.django_db
def test_it_starts_with_a_rotated_key_list(monkeypatch):
    old = os.environ["HECHTING_JOURNAL_KEYS"]
    make_entries(make_user())
    monkeypatch.setenv("HECHTING_JOURNAL_KEYS", f"{Fernet.generate_key().decode()},{old}")
    crypto.check_keys()
