from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "hechting"


@pytest.mark.parametrize("app", ["accounts", "program"])
def test_it_has_every_dutch_string_translated(app):
    po = polib.pofile(str(SRC / app / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 20


@pytest.mark.django_db
def test_it_speaks_dutch_and_english_in_the_program(client):
    from program_factories import make_user

    client.force_login(make_user())
    assert "Begrijp je verleden" in client.get("/groei/stap/1/").content.decode()
    r = client.get("/groei/stap/1/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Understand your past" in r.content.decode()
