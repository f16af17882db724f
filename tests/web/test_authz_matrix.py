"""The authorisation matrix: every URL pattern of the project, checked as anonymous, owner, other.

HOW TO ADD A URL: find the failing pattern string in the test output, e.g.
"rapport/<int:pk>/", and add an entry to MATRIX below:
  - Public(...)       anyone may open it (home, sign-up, ...); anonymous must get no 5xx.
  - Login(...)        needs an account; anonymous is sent to the login page; each person sees
                      only their own data (another person's marker text never appears).
  - Owned(...)        the URL names one object: owner 200, another person 404 (GET and POST,
                      object unchanged), anonymous to the login page.
  - Custom(fn)        anything else: fn(ctx) does its own checks (e.g. token-based resume links).
`urls` is a function of the context (ctx.owner, ctx.other, ctx.objects[...]) returning concrete
URLs; objects come from tests/program_factories.make_everything().
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hechting.content.pages import PAGES
from hechting.program.exercises import EXERCISES
from program_factories import make_everything, make_user

LOGIN = "/account/inloggen/"
MARK_OWNER = "Eigenwoord"


def all_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(all_patterns(entry, route))
        elif isinstance(entry, URLPattern):
            found.append(route)
    return found


@dataclass
class Ctx:
    owner: Any
    other: Any
    objects: dict[str, Any]
    anonymous: Client = field(default_factory=Client)
    as_owner: Client = field(default_factory=Client)
    as_other: Client = field(default_factory=Client)


def _fixed(*urls: str) -> Callable[[Ctx], list[str]]:
    return lambda ctx: list(urls)


def _assert_to_login(r: Any, url: str) -> None:
    assert r.status_code == 302 and r["Location"].startswith(LOGIN), (url, r.status_code)


@dataclass(frozen=True)
class Public:
    urls: Callable[[Ctx], list[str]]
    method: str = "get"
    status: int | None = None  # None: anything but a server error

    def check(self, ctx: Ctx) -> None:
        for url in self.urls(ctx):
            for client in (ctx.anonymous, ctx.as_other):
                r = getattr(client, self.method)(url)
                assert r.status_code < 500, (url, r.status_code)
                assert self.status is None or r.status_code == self.status, (url, r.status_code)
                assert MARK_OWNER.encode() not in r.content, url


@dataclass(frozen=True)
class Login:
    urls: Callable[[Ctx], list[str]]
    method: str = "get"
    status: int = 200

    def check(self, ctx: Ctx) -> None:
        for url in self.urls(ctx):
            _assert_to_login(getattr(ctx.anonymous, self.method)(url), url)
            r = getattr(ctx.as_owner, self.method)(url)
            assert r.status_code == self.status, (url, r.status_code)
            r = getattr(ctx.as_other, self.method)(url)
            assert r.status_code == self.status, (url, r.status_code)
            assert MARK_OWNER.encode() not in r.content, ("leak", url)


@dataclass(frozen=True)
class Owned:
    urls: Callable[[Ctx], list[tuple[str, Any]]]  # (url, the object it names)

    def check(self, ctx: Ctx) -> None:
        for url, obj in self.urls(ctx):
            _assert_to_login(ctx.anonymous.get(url), url)
            _assert_to_login(ctx.anonymous.post(url, {}), url)
            assert ctx.as_other.get(url).status_code == 404, url
            assert ctx.as_other.post(url, {}).status_code == 404, url
            fresh = type(obj).objects.get(pk=obj.pk)  # still there, unchanged
            assert fresh.updated_at == obj.updated_at, url
            assert ctx.as_owner.get(url).status_code == 200, url


@dataclass(frozen=True)
class Custom:
    fn: Callable[[Ctx], None]

    def check(self, ctx: Ctx) -> None:
        self.fn(ctx)


def _entry_urls(suffix: str) -> Callable[[Ctx], list[tuple[str, Any]]]:
    return lambda ctx: [
        (f"/groei/{kind}/{obj.pk}/{suffix}", obj)
        for kind, obj in ctx.objects.items()
        if kind in EXERCISES
    ]


def _step_pages(ctx: Ctx) -> None:
    Login(_fixed(*(f"/groei/stap/{n}/" for n in range(1, 6)))).check(ctx)
    assert ctx.as_owner.get("/groei/stap/6/").status_code == 404


MATRIX: dict[str, Public | Login | Owned | Custom] = {
    "": Public(_fixed("/"), status=200),
    "info/": Public(_fixed("/info/"), status=200),
    "info/<slug:slug>/": Public(lambda ctx: [f"/info/{p.slug}/" for p in PAGES], status=200),
    "i18n/setlang/": Public(_fixed("/i18n/setlang/"), method="post"),
    "account/": Login(_fixed("/account/")),
    "account/registreren/": Public(_fixed("/account/registreren/")),
    "account/inloggen/": Public(_fixed("/account/inloggen/")),
    "account/uitloggen/": Public(_fixed("/account/uitloggen/"), method="post"),
    "account/exporteren/": Login(_fixed("/account/exporteren/")),
    "account/verwijderen/": Login(_fixed("/account/verwijderen/")),
    "groei/": Login(_fixed("/groei/")),
    "groei/stap/<int:number>/": Custom(_step_pages),
    "groei/visualisatie/": Login(_fixed("/groei/visualisatie/")),
    "groei/visualisatie/<int:page>/": Login(
        _fixed(*(f"/groei/visualisatie/{n}/" for n in range(1, 7)))
    ),
    "groei/check-in/": Login(_fixed("/groei/check-in/")),
    "groei/voortgang/": Login(_fixed("/groei/voortgang/")),
    "groei/voortgang/pdf/": Login(_fixed("/groei/voortgang/pdf/")),
    "groei/<slug:kind>/nieuw/": Login(_fixed(*(f"/groei/{k}/nieuw/" for k in EXERCISES))),
    "groei/<slug:kind>/<int:pk>/": Owned(_entry_urls("")),
    "groei/<slug:kind>/<int:pk>/verwijderen/": Owned(_entry_urls("verwijderen/")),
}


@pytest.fixture
def ctx(db) -> Ctx:
    owner, other = make_user("owner@example.org"), make_user("other@example.org")
    objects = make_everything(owner, marker=MARK_OWNER)
    make_everything(other, marker="Vreemdwoord")
    c = Ctx(owner, other, objects)
    c.as_owner.force_login(owner)
    c.as_other.force_login(other)
    return c


@pytest.mark.parametrize("route", all_patterns())
def test_it_checks_every_url_pattern(ctx, route):
    assert route in MATRIX, (
        f"URL pattern {route!r} has no entry in tests/web/test_authz_matrix.py MATRIX: "
        "add one saying how to check it (see the module docstring)."
    )
    MATRIX[route].check(ctx)


def test_it_has_no_entries_for_urls_that_no_longer_exist():
    assert set(MATRIX) <= set(all_patterns())


def test_it_notices_a_url_without_an_entry():
    """The guard itself: with one more pattern in the URLconf, that pattern lacks an entry."""
    from django.http import HttpResponse
    from django.urls import include, path

    class Conf:
        urlpatterns = [
            path("", include("hechting.web.urls")),
            path("extra/<int:pk>/", lambda request, pk: HttpResponse()),
        ]

    missing = set(all_patterns(get_resolver(Conf))) - set(MATRIX)
    assert missing == {"extra/<int:pk>/"}
