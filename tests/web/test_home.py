import re

import pytest


@pytest.mark.django_db
def test_it_speaks_dutch_by_default(client):
    r = client.get("/")
    html = r.content.decode()
    assert r.status_code == 200
    assert '<html lang="nl">' in html
    assert "zelfreflectie, geen diagnose" in html.lower()


@pytest.mark.django_db
def test_it_speaks_english_when_asked(client):
    r = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = r.content.decode()
    assert '<html lang="en">' in html
    assert "self-reflection, not a diagnosis" in html.lower()


@pytest.mark.django_db
def test_it_switches_language_by_form(client):
    r = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert r.status_code == 302
    assert '<html lang="en">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_it_shows_the_helpline(client):
    html = client.get("/").content.decode()
    for needle in ("113", "0800-0113", "113.nl"):
        assert needle in html


@pytest.mark.django_db
def test_it_sends_a_strict_csp(client):
    csp = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


@pytest.mark.django_db
def test_it_loads_no_third_party_assets(client):
    html = client.get("/").content.decode()
    assets = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets, "expected at least the stylesheet"
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets


@pytest.mark.django_db
def test_it_answers_unknown_pages_with_a_friendly_404(client, settings):
    settings.DEBUG = False
    r = client.get("/no-such-page/")
    assert r.status_code == 404
    assert "Pagina niet gevonden" in r.content.decode()
