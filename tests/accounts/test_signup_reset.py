"""Sign-up by e-mailed link (never saying whether an address has an account) and password reset."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from hechting.accounts.models import PendingSignup, User
from hechting.program.models import LifeEvent
from program_factories import PASSWORD, make_user

SIGNUP = "/account/registreren/"
RESET = "/account/wachtwoord-vergeten/"
LOGIN = "/account/inloggen/"
NEW_PASSWORD = "another-Staple-horse-77"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _link(message) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found, message.body
    return re.sub(r"^https?://[^/]+", "", found.group(0))


def _signup(client, email: str, **extra):
    return client.post(
        SIGNUP, {"email": email, "password1": PASSWORD, "password2": PASSWORD, **extra}
    )


@pytest.mark.django_db
def test_it_creates_the_account_only_when_the_emailed_link_is_used(client):
    r = _signup(client, "New@Example.org")
    assert r.status_code == 302 and r["Location"] == "/account/registreren/verstuurd/"
    assert not User.objects.exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.org"]
    link = _link(mail.outbox[0])
    assert client.get(link).status_code == 200  # a link scanner's GET changes nothing
    assert not User.objects.exists()
    r = client.post(link)
    assert r.status_code == 302 and r["Location"] == "/groei/"
    user = User.objects.get()
    assert user.email == "new@example.org" and user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)
    assert client.get("/groei/").status_code == 200
    assert not PendingSignup.objects.exists()
    assert client.post(link).status_code == 404  # once only


@pytest.mark.django_db
def test_it_answers_a_taken_address_exactly_like_a_new_one(client):
    make_user("taken@example.org")
    new = _signup(client, "fresh@example.org")
    taken = _signup(client, "TAKEN@example.org")
    assert (new.status_code, new["Location"]) == (taken.status_code, taken["Location"])
    pages = [client.get(r["Location"]).content.decode() for r in (new, taken)]
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", pages[0]) == token.sub("", pages[1])
    assert [m.to for m in mail.outbox] == [["fresh@example.org"], ["taken@example.org"]]
    assert "al een account" in mail.outbox[1].body and "/account/inloggen/" in mail.outbox[1].body
    assert User.objects.count() == 1
    assert PendingSignup.objects.filter(email="taken@example.org").count() == 0


@pytest.mark.django_db
def test_a_squatted_signup_does_not_block_the_owner_of_the_address(client):
    _signup(client, "owner@example.org")  # someone else, who cannot read that mailbox
    other = Client()
    r = other.post(
        SIGNUP,
        {"email": "owner@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert r.status_code == 302
    assert other.post(_link(mail.outbox[1])).status_code == 302
    assert User.objects.get().check_password(NEW_PASSWORD)
    assert client.post(_link(mail.outbox[0])).status_code == 404  # the first link is dead now


@pytest.mark.django_db
def test_it_still_refuses_a_weak_password_on_the_page(client):
    r = client.post(SIGNUP, {"email": "a@example.org", "password1": "1234", "password2": "1234"})
    assert r.status_code == 200 and not mail.outbox and not PendingSignup.objects.exists()


@pytest.mark.django_db
def test_it_throttles_signup_mails_per_address_and_per_connection(client, settings):
    settings.THROTTLES = {**settings.THROTTLES, "signup-email": (2, 3600), "mail-ip": (4, 3600)}
    for _ in range(3):
        assert _signup(client, "a@example.org").status_code == 302
    assert len(mail.outbox) == 2  # the third looks the same but sends nothing
    assert _signup(client, "b@example.org").status_code == 302
    r = _signup(client, "c@example.org")
    assert r.status_code == 429 and int(r["Retry-After"]) > 0
    assert "Te veel verzoeken" in r.content.decode()
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_password_reset_by_email_keeps_the_journal_readable(client):
    user = make_user("a@example.org")
    LifeEvent.objects.create(
        user=user, age=9, what_happened="Verhuizing naar Zwolle", concluded_then="x"
    )
    r = client.post(RESET, {"email": "A@example.org"})
    assert r.status_code == 302 and r["Location"] == "/account/wachtwoord-vergeten/verstuurd/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["a@example.org"]
    link = _link(mail.outbox[0])
    r = client.get(link)  # Django swaps the token into the session and redirects
    assert r.status_code == 302
    form_url = r["Location"]
    r = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/account/wachtwoord/klaar/"
    assert (
        client.post(LOGIN, {"username": "a@example.org", "password": PASSWORD}).status_code == 200
    )
    r = client.post(LOGIN, {"username": "a@example.org", "password": NEW_PASSWORD})
    assert r.status_code == 302
    assert "Verhuizing naar Zwolle" in client.get("/groei/stap/1/").content.decode()
    assert client.get(link).status_code == 200  # used: the page says it is not valid
    assert "niet geldig" in client.get(link, follow=True).content.decode()


@pytest.mark.django_db
def test_password_reset_never_says_whether_an_address_has_an_account(client):
    make_user("a@example.org")
    known = client.post(RESET, {"email": "a@example.org"})
    unknown = client.post(RESET, {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_password_reset_is_rate_limited(client, settings):
    settings.THROTTLES = {**settings.THROTTLES, "reset-email": (3, 3600), "mail-ip": (5, 3600)}
    make_user("a@example.org")
    for _ in range(5):
        assert client.post(RESET, {"email": "a@example.org"}).status_code == 302
    assert len(mail.outbox) == 3  # per address; the page does not change
    r = client.post(RESET, {"email": "a@example.org"})
    assert r.status_code == 429 and int(r["Retry-After"]) > 0
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_a_new_password_lifts_a_login_lockout(client):
    make_user("a@example.org")
    for _ in range(5):
        client.post(LOGIN, {"username": "a@example.org", "password": "wrong"})
    client.post(RESET, {"email": "a@example.org"})
    r = client.get(_link(mail.outbox[0]))
    client.post(r["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    r = client.post(LOGIN, {"username": "a@example.org", "password": NEW_PASSWORD})
    assert r.status_code == 302
