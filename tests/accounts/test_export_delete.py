import csv
import io
import json
import zipfile
from functools import reduce
from operator import or_

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import Q
from django.test import Client

from hechting.accounts.models import User
from hechting.accounts.ownership import KEEP, owned_models
from program_factories import PASSWORD, make_everything, make_user


def _export(client) -> zipfile.ZipFile:
    r = client.get("/account/exporteren/")
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(r.content))


@pytest.mark.django_db
def test_it_finds_every_model_with_a_foreign_key_to_the_user():
    owned = {o.model for o in owned_models()}
    for model in apps.get_models():
        if any(f.is_relation and f.remote_field.model is User for f in model._meta.concrete_fields):
            assert model in owned, model


@pytest.mark.django_db
def test_it_exports_every_user_owned_model_decrypted(client):
    owner, other = make_user("owner@example.org"), make_user("other@example.org")
    make_everything(owner, marker="Eigenwoord")
    make_everything(other, marker="Vreemdwoord")
    client.force_login(owner)
    archive = _export(client)
    data = json.loads(archive.read("data.json"))["models"]
    for owned in owned_models():
        rows = data[owned.label]
        # A model without rows here means the factories miss it: add it to make_everything().
        assert rows, f"{owned.label}: no rows exported (add it to make_everything)"
        assert len(rows) == owned.rows(owner).count()
        table = list(csv.DictReader(io.StringIO(archive.read(f"csv/{owned.label}.csv").decode())))
        assert len(table) == len(rows)
    text = archive.read("data.json").decode()
    assert "Eigenwoord" in text and "gAAAA" not in text
    assert "Vreemdwoord" not in text and "other@example.org" not in text
    assert "argon2" not in text  # no password hash


def _rows_of(user_pk: int, keep: bool = False) -> dict[str, int]:
    """Rows reaching the person per model; the append-only (KEEP) models only when `keep`."""
    counts = {}
    for owned in owned_models():
        if (owned.on_deletion == KEEP) != keep:
            continue
        model = owned.model
        condition = reduce(or_, (Q(**{p: user_pk}) for p in owned.paths))
        counts[owned.label] = model._default_manager.filter(condition).count()
    return counts


@pytest.mark.django_db
def test_it_deletes_the_account_and_every_row_that_belongs_to_it(client):
    owner, other = make_user("owner@example.org"), make_user("other@example.org")
    make_everything(owner, marker="Eigenwoord")
    make_everything(other, marker="Vreemdwoord")
    client.force_login(owner)
    other_before = _rows_of(other.pk)
    Client().force_login(owner)  # a second device stays signed in until the account goes
    assert (
        sum(s.get_decoded().get("_auth_user_id") == str(owner.pk) for s in Session.objects.all())
        == 2
    )
    assert client.get("/account/verwijderen/").status_code == 200  # the confirmation step
    r = client.post("/account/verwijderen/", {"password": "wrong"})
    assert r.status_code == 200 and User.objects.filter(pk=owner.pk).exists()
    r = client.post("/account/verwijderen/", {"password": PASSWORD})
    assert r.status_code == 302
    assert all(n == 0 for n in _rows_of(owner.pk).values()), _rows_of(owner.pk)
    assert _rows_of(other.pk) == other_before
    # The access log is append-only: its rows stay, naming the deleted person by a bare id.
    assert _rows_of(owner.pk, keep=True) == {"links.accesslog": 1}
    # Walk every table as stored: the person's email appears nowhere, sessions included.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            assert "owner@example.org" not in str(cursor.fetchall()), table
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(owner.pk)
    assert client.get("/groei/").status_code == 302
