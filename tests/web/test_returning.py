"""Coming back: the private link on every anonymous result (copy, e-mail once, replace, delete
with confirmation), My results for a signed-in person, and the home page's welcome back."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.test import Client

from hechting.accounts.models import User
from hechting.assessments.models import Assessment
from program_factories import make_user

pytestmark = pytest.mark.django_db
ANSWERS = {
    "ecr": [(f"Q{i}", 3) for i in range(1, 37)],
    "rq": [("A", 6), ("B", 2), ("C", 3), ("D", 5), ("choice", 1)],
    "rses": [(f"Q{i}", 3) for i in range(1, 11)],
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def take(client: Client, instrument: str) -> Assessment:
    mode = "full"
    r = client.post(f"/test/start/{instrument}/{mode}/")
    a = Assessment.objects.get(pk=r["Location"].split("/")[2])
    for item, value in ANSWERS[instrument]:
        client.post(f"/test/{a.pk}/vraag/{item}/", {"value": value})
    a.refresh_from_db()
    assert a.is_done
    return a


def private_link(html: str) -> str:
    found = re.search(
        r'id="private-link-url"[^>]*value="http://testserver(/test/hervat/[^"]+)"', html
    )
    assert found, "no private link box"
    return found.group(1)


@pytest.mark.parametrize("instrument", ["ecr", "rq", "rses"])
def test_every_anonymous_result_shows_its_private_link_and_it_opens_anywhere(client, instrument):
    a = take(client, instrument)
    html = client.get(f"/test/{a.pk}/rapport/").content.decode()
    link = private_link(html)
    assert "Kopieer de link" in html and "Mail mij de link" in html
    other = Client()
    assert other.get(f"/test/{a.pk}/rapport/").status_code == 404  # the address alone: no
    r = other.get(link, follow=True)
    assert r.status_code == 200 and r.redirect_chain[-1][0] == f"/test/{a.pk}/rapport/"


def test_the_link_is_emailed_once_and_the_address_is_kept_nowhere(client):
    a = take(client, "ecr")
    link = private_link(client.get(f"/test/{a.pk}/rapport/").content.decode())
    r = client.post(f"/test/{a.pk}/link/mailen/", {"email": "Me.Myself@example.org"})
    assert r.status_code == 302 and r["Location"] == f"/test/{a.pk}/rapport/#private-link"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["Me.Myself@example.org"]
    assert "http://testserver" + link in mail.outbox[0].body
    page = client.get(r["Location"]).content.decode()
    assert "De link is onderweg" in page and "Me.Myself" not in page
    for session in Session.objects.all():
        assert "example.org" not in str(session.get_decoded()).lower()
    assert "Myself" not in "".join(c.value for c in client.cookies.values())
    assert not User.objects.exists()
    r = client.post(f"/test/{a.pk}/link/mailen/", {"email": "not an address"})
    assert len(mail.outbox) == 1
    assert "geen e-mailadres" in client.get(r["Location"]).content.decode()


def test_mailing_the_link_is_throttled(client, settings):
    settings.THROTTLES = {**settings.THROTTLES, "link-email": (2, 3600), "mail-ip": (3, 3600)}
    a = take(client, "rses")
    for _ in range(3):
        assert (
            client.post(f"/test/{a.pk}/link/mailen/", {"email": "a@example.org"}).status_code == 302
        )
    assert len(mail.outbox) == 2
    r = client.post(f"/test/{a.pk}/link/mailen/", {"email": "b@example.org"})
    assert r.status_code == 429 and "Retry-After" in r


def test_a_replaced_link_fails_everywhere_and_this_browser_keeps_the_new_one(client):
    a = take(client, "ecr")
    old = private_link(client.get(f"/test/{a.pk}/rapport/").content.decode())
    elsewhere = Client()
    elsewhere.get(old)
    assert elsewhere.get(f"/test/{a.pk}/rapport/").status_code == 200
    r = client.post(f"/test/{a.pk}/link/vernieuwen/")
    assert r.status_code == 302
    html = client.get(f"/test/{a.pk}/rapport/").content.decode()
    new = private_link(html)
    assert new != old and "De oude link werkt niet meer" in html
    assert Client().get(old).status_code == 404
    assert elsewhere.get(f"/test/{a.pk}/rapport/").status_code == 404  # its access ended too
    assert Client().get(new).status_code == 302


def test_deleting_asks_first(client):
    a = take(client, "rq")
    html = client.get(f"/test/{a.pk}/rapport/").content.decode()
    assert f'href="/test/{a.pk}/verwijderen/"' in html  # a link to the question, not a button
    assert "Ja, verwijder ze" in client.get(f"/test/{a.pk}/verwijderen/").content.decode()
    assert Assessment.objects.filter(pk=a.pk).exists()
    client.post(f"/test/{a.pk}/verwijderen/")
    assert not Assessment.objects.filter(pk=a.pk).exists()


def test_my_results_lists_every_result_and_opens_each_report(client):
    user = make_user("a@example.org")
    client.force_login(user)
    taken = [take(client, instrument) for instrument in ("ecr", "rq", "rses")]
    Client().force_login(make_user("b@example.org"))
    html = client.get("/account/resultaten/").content.decode()
    links = re.findall(r'href="(/test/[0-9a-f-]+/rapport/)"', html)
    assert links == [f"/test/{a.pk}/rapport/" for a in reversed(taken)]  # newest first
    assert f"/test/{taken[0].pk}/rapport.pdf" in html
    for link in links:
        page = client.get(link).content.decode()
        assert "Bewaard in je account" in page and 'id="private-link-url"' not in page
    other = Client()
    other.force_login(User.objects.get(email="b@example.org"))
    assert "/rapport/" not in other.get("/account/resultaten/").content.decode()


def test_signed_in_pages_drop_the_anonymous_wording(client):
    client.force_login(make_user("a@example.org"))
    home = client.get("/").content.decode()
    assert "Je hebt geen account nodig" not in home and "bewaard in je account" in home
    start = client.get("/test/start/ecr/adaptive/").content.decode()
    assert "Geen account" not in start
    r = client.post("/test/start/ecr/adaptive/")
    question = client.get(r["Location"]).content.decode()
    assert "Bewaar deze link" not in question and "/test/hervat/" not in question
    anonymous = Client()
    r = anonymous.post("/test/start/ecr/adaptive/")
    assert "/test/hervat/" in anonymous.get(r["Location"]).content.decode()
    assert "Je hebt geen account nodig" in anonymous.get("/").content.decode()


def test_the_home_page_welcomes_a_returning_person(client):
    client.force_login(make_user("a@example.org"))
    assert "Er staan nog geen resultaten in je account" in client.get("/").content.decode()
    a = take(client, "ecr")
    html = client.get("/").content.decode()
    assert "Welkom terug" in html and f"/test/{a.pk}/rapport/" in html
    assert "Volgende in het programma: stap 1" in html and 'href="/groei/stap/1/"' in html
    assert "Welkom terug" not in Client().get("/").content.decode()
