import ipaddress
import re

import pytest
from django.contrib.auth.backends import ModelBackend
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client

from program_factories import PASSWORD, make_user

LOGIN = "/account/inloggen/"


@pytest.fixture(autouse=True)
def _fresh_limiter():
    cache.clear()
    yield
    cache.clear()


def _body(r) -> str:
    # Django masks the CSRF token differently on every page: compare everything else.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())


def _lock(client, email="a@example.org", **extra):
    for _ in range(5):
        r = client.post(LOGIN, {"username": email, "password": "wrong"}, **extra)
        assert r.status_code == 200


@pytest.mark.django_db
def test_it_answers_right_and_wrong_passwords_identically_once_locked(client):
    make_user("a@example.org")
    _lock(client)
    right = client.post(LOGIN, {"username": "a@example.org", "password": PASSWORD})
    wrong = client.post(LOGIN, {"username": "a@example.org", "password": "wrong"})
    assert right.status_code == wrong.status_code == 429
    assert _body(right) == _body(wrong)
    assert "Voer een juiste" not in _body(wrong)
    assert int(right["Retry-After"]) > 60
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_it_checks_no_password_once_locked(client, monkeypatch):
    make_user("a@example.org")
    _lock(client)
    calls = []
    original = ModelBackend.authenticate

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    for password in (PASSWORD, "wrong", PASSWORD):
        assert (
            client.post(LOGIN, {"username": "a@example.org", "password": password}).status_code
            == 429
        )
    assert calls == []


@pytest.mark.django_db
def test_it_keeps_the_counts_in_the_database_cache_shared_by_every_process(client):
    make_user("a@example.org")
    client.post(LOGIN, {"username": "a@example.org", "password": "wrong"})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM hechting_cache WHERE cache_key LIKE %s", ["%throttle%"]
        )
        assert cursor.fetchone()[0] >= 2  # per address and per client address


@pytest.mark.django_db
def test_it_signs_in_with_the_address_typed_in_another_case(client):
    r = client.post(
        "/account/registreren/",
        {"email": "Mixed@Example.ORG", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert r.status_code == 302
    link = re.search(r"http://testserver(\S+)", mail.outbox[-1].body).group(1)
    assert client.post(link).status_code == 302  # the e-mailed link creates the account
    fresh = Client()
    r = fresh.post(LOGIN, {"username": "Mixed@Example.ORG", "password": PASSWORD})
    assert r.status_code == 302, "sign-in with the address as typed at sign-up"


@pytest.mark.django_db
def test_it_counts_failures_by_the_client_address_a_trusted_proxy_reports(client, settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.1")]
    settings.THROTTLES = {**settings.THROTTLES, "login-ip": (3, 900)}
    make_user("b@example.org")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(3):  # three different addresses tried from one client
        client.post(
            LOGIN,
            {"username": f"x{n}@example.org", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.7",
            **proxy,
        )
    r = client.post(
        LOGIN,
        {"username": "b@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        **proxy,
    )
    assert r.status_code == 429  # that client is locked out ...
    r = Client().post(
        LOGIN,
        {"username": "b@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.9",
        **proxy,
    )
    assert r.status_code == 302  # ... everyone else behind the same proxy is not


@pytest.mark.django_db
def test_it_ignores_a_forwarded_address_from_an_untrusted_peer(client, settings):
    settings.THROTTLES = {**settings.THROTTLES, "login-ip": (3, 900)}
    for n in range(3):  # a client inventing a new X-Forwarded-For every time
        client.post(
            LOGIN,
            {"username": f"x{n}@example.org", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    r = client.post(LOGIN, {"username": "y@example.org", "password": "wrong"})
    assert r.status_code == 429
