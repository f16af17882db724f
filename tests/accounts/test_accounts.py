import re

import pytest
from django.core import mail
from django.core.cache import cache

import program_factories
from hechting.accounts.models import User
from program_factories import PASSWORD, make_user

SIGNUP = "/account/registreren/"
LOGIN = "/account/inloggen/"


@pytest.fixture(autouse=True)
def _fresh_limiter():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_it_refuses_a_weak_password(client):
    r = client.post(
        SIGNUP, {"email": "a@example.org", "password1": "12345678", "password2": "12345678"}
    )
    assert r.status_code == 200 and not User.objects.exists()


@pytest.mark.django_db
def test_it_signs_in_and_out(client):
    make_user("a@example.org")
    r = client.post(LOGIN, {"username": "a@example.org", "password": PASSWORD})
    assert r.status_code == 302
    assert client.get("/groei/").status_code == 200
    assert client.get("/account/uitloggen/").status_code == 405  # only POST signs out
    client.post("/account/uitloggen/")
    assert client.get("/groei/").status_code == 302


@pytest.mark.django_db
def test_it_ends_the_session_at_browser_close_unless_asked_to_remember(client, settings):
    make_user("a@example.org")
    client.post(LOGIN, {"username": "a@example.org", "password": PASSWORD})
    assert client.session.get_expire_at_browser_close()
    client.post("/account/uitloggen/")
    client.post(LOGIN, {"username": "a@example.org", "password": PASSWORD, "remember": "on"})
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


@pytest.mark.django_db
def test_it_locks_logins_after_five_failures_even_with_the_right_password(client):
    make_user("a@example.org")
    for _ in range(5):
        r = client.post(LOGIN, {"username": "a@example.org", "password": "wrong"})
        assert r.status_code == 200
    r = client.post(LOGIN, {"username": "A@example.org", "password": PASSWORD})
    assert r.status_code == 429
    assert "_auth_user_id" not in client.session
    cache.clear()  # the window has passed
    r = client.post(LOGIN, {"username": "a@example.org", "password": PASSWORD})
    assert r.status_code == 302


@pytest.mark.django_db
def test_it_redirects_only_to_own_pages_after_login(client):
    make_user("a@example.org")
    r = client.post(
        LOGIN + "?next=https://evil.example/", {"username": "a@example.org", "password": PASSWORD}
    )
    assert r["Location"] == "/groei/"
    client.post("/account/uitloggen/")
    r = client.post(
        LOGIN + "?next=/groei/stap/2/", {"username": "a@example.org", "password": PASSWORD}
    )
    assert r["Location"] == "/groei/stap/2/"


@pytest.mark.django_db
def test_it_asks_anonymous_visitors_to_sign_in_for_the_program(client):
    r = client.get("/groei/stap/1/")
    assert r.status_code == 302 and r["Location"].startswith(LOGIN + "?next=/groei/stap/1/")


@pytest.mark.django_db
def test_it_keeps_the_results_of_an_anonymous_test_when_signing_up(client):
    from hechting.assessments.models import Assessment

    r = client.post("/test/start/ecr/adaptive/")
    assert r.status_code == 302
    mine = Assessment.objects.get()
    assert mine.user is None
    # Someone else's assessment smuggled into the session is never taken.
    theirs, _token = program_factories.make_ecr(make_user("other@example.org"), keyed=3)
    session = client.session
    session["assessments"] = {**session["assessments"], str(theirs.pk): "x"}
    session.save()
    r = client.post(
        SIGNUP, {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert r.status_code == 302
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    assert client.post(link).status_code == 302  # the e-mailed link, in the same browser
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.user.email == "new@example.org"
    assert theirs.user.email == "other@example.org"
    assert "bewaard bij je account" in client.get("/groei/").content.decode()


@pytest.mark.django_db
def test_it_keeps_anonymous_results_when_signing_in_too(client):
    from hechting.assessments.models import Assessment

    user = make_user("a@example.org")
    client.post("/test/start/ecr/full/")
    client.post(LOGIN, {"username": "a@example.org", "password": PASSWORD})
    assert Assessment.objects.get().user == user
