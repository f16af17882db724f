"""The export also holds hechting.html: results, notes and plans readable without Hechting, in
the person's language, and nobody else's."""

import io
import zipfile

import pytest

from program_factories import make_ecr, make_entries, make_user

pytestmark = pytest.mark.django_db


def _page(client, language: str) -> str:
    client.cookies["django_language"] = language
    r = client.get("/account/exporteren/")
    assert r.status_code == 200
    return zipfile.ZipFile(io.BytesIO(r.content)).read("hechting.html").decode()


def test_the_export_has_a_readable_page_in_the_persons_language(client):
    owner, other = make_user("owner@example.org"), make_user("other@example.org")
    make_entries(owner, marker="Eigenwoord")
    make_ecr(owner, keyed=2)
    make_entries(other, marker="Vreemdwoord")
    client.force_login(owner)
    nl = _page(client, "nl")
    assert '<html lang="nl">' in nl and "Je testuitslagen" in nl
    assert "Eigenwoord moved house" in nl  # decrypted journal text
    assert "Hechtingsangst" in nl and "T-score" in nl
    assert "Vreemdwoord" not in nl and "other@example.org" not in nl
    assert "erboven" in nl  # a choice shown by its label, not its code
    en = _page(client, "en")
    assert '<html lang="en">' in en and "Your test results" in en and "Attachment anxiety" in en
