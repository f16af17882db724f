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
from program_factories import (
    make_couple_rows,
    make_ecr,
    make_everything,
    make_link,
    make_user,
)

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
    others: dict[str, Any] = field(default_factory=dict)
    anonymous: Client = field(default_factory=Client)
    as_owner: Client = field(default_factory=Client)
    as_other: Client = field(default_factory=Client)


def _fixed(*urls: str) -> Callable[[Ctx], list[str]]:
    return lambda ctx: list(urls)


def _assert_private(r: Any, url: str) -> None:
    """A response with one person's data must not be kept by a browser or proxy cache."""
    assert "no-store" in r.get("Cache-Control", ""), ("cacheable private page", url)


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
            _assert_private(r, url)
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
            assert _snapshot(obj) == _snapshot(obj, fresh=False), ("changed by another", url)
            r = ctx.as_owner.get(url)
            assert r.status_code == 200, url
            _assert_private(r, url)


def _snapshot(obj: Any, fresh: bool = True) -> dict[str, Any] | None:
    """The row as stored now (fresh) or as the factory made it."""
    if not fresh:
        return {f.attname: f.value_from_object(obj) for f in obj._meta.concrete_fields}
    row = type(obj).objects.filter(pk=obj.pk).first()
    return _snapshot(row, fresh=False) if row else None


@dataclass(frozen=True)
class SessionOwned:
    """A questionnaire page: open to the browser session that took it and to the account it
    belongs to; anyone else (anonymous without that session, or another person) gets 404."""

    urls: Callable[[Ctx], list[tuple[str, Any]]]
    owner_status: tuple[int, ...] = (200, 302)

    def check(self, ctx: Ctx) -> None:
        for url, obj in self.urls(ctx):
            for client in (ctx.anonymous, ctx.as_other):
                assert client.get(url).status_code in (404, 405), url
                assert client.post(url, {"value": "1"}).status_code in (404, 405), url
            assert _snapshot(obj) == _snapshot(obj, fresh=False), ("changed by another", url)
            r = ctx.as_owner.get(url)
            assert r.status_code in self.owner_status, url
            _assert_private(r, url)


@dataclass(frozen=True)
class Bearer:
    """API: the assessment's own bearer token opens it; another's token gives 404, none 401."""

    method: str
    suffix: str = ""
    owner_status: tuple[int, ...] = (200,)
    body: str = ""

    def check(self, ctx: Ctx) -> None:
        obj = ctx.objects["assessment"]
        url = f"/api/v1/assessments/{obj.pk}{self.suffix}"
        call = getattr(ctx.anonymous, self.method)
        kwargs: dict[str, Any] = {"content_type": "application/json", "data": self.body}
        assert call(url, **kwargs).status_code == 401, url
        other = ctx.others["assessment_token"]
        r = call(url, HTTP_AUTHORIZATION=f"Bearer {other}", **kwargs)
        assert r.status_code == 404, (url, r.status_code)
        assert _snapshot(obj) == _snapshot(obj, fresh=False), ("changed by another", url)
        own = ctx.objects["assessment_token"]
        r = call(url, HTTP_AUTHORIZATION=f"Bearer {own}", **kwargs)
        assert r.status_code in self.owner_status, (url, r.status_code)
        _assert_private(r, url)


def _assessment(suffix: str) -> Callable[[Ctx], list[tuple[str, Any]]]:
    return lambda ctx: [
        (f"/test/{ctx.objects['assessment'].pk}/{suffix}", ctx.objects["assessment"])
    ]


def _resume(ctx: Ctx) -> None:
    """The private resume link opens the test for whoever holds it; a wrong token is a 404."""
    assert ctx.anonymous.get("/test/hervat/not-a-real-token/").status_code == 404
    token = ctx.objects["assessment_token"]
    assert ctx.as_other.get("/test/hervat/not-a-real-token/").status_code == 404
    assert ctx.anonymous.get(f"/test/hervat/{token}/").status_code == 302


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


def _client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _relink(ctx: Ctx, scopes: tuple[str, ...]) -> tuple[Any, Client]:
    """A fresh active link owner -> a new partner who is shown `scopes` of the owner's data."""
    from hechting.links.models import Link

    partner = make_user(f"partner{Link.objects.count()}@example.net")
    link = make_link(ctx.owner, partner, scopes=("style", "results"))
    Link.objects.filter(pk=link.pk).update(inviter_scopes=list(scopes))
    return link, _client_of(partner)


def _unlink(link: Any, by: Any) -> None:
    from hechting.links import services

    services.stop(link=link, user=by)


def _link_page(suffix: str | Callable[[Any], str]) -> Callable[[Ctx], None]:
    """A page of one link: its two members only; a stranger, and either member once the link
    has ended, get 404 (POST changes nothing); anonymous goes to the login page."""

    def check(ctx: Ctx) -> None:
        from hechting.together.models import Repair

        link, as_partner = _relink(ctx, ("style", "results"))
        couple = make_couple_rows(link, ctx.owner, MARK_OWNER)
        url = f"/samen/{link.pk}/{suffix if isinstance(suffix, str) else suffix(couple)}"
        repairs = Repair.objects.count()
        _assert_to_login(ctx.anonymous.get(url), url)
        _assert_to_login(ctx.anonymous.post(url, {}), url)
        assert ctx.as_other.get(url).status_code == 404, url
        assert ctx.as_other.post(url, {"scopes": []}).status_code == 404, url
        assert _snapshot(link) == _snapshot(link, fresh=False), ("changed by a stranger", url)
        for obj in couple.values():
            assert _snapshot(obj) == _snapshot(obj, fresh=False), ("changed by a stranger", url)
        assert Repair.objects.count() == repairs, url
        assert ctx.as_owner.get(url).status_code == 200, url
        assert as_partner.get(url).status_code == 200, url
        _unlink(link, by=ctx.owner)
        for client in (as_partner, ctx.as_owner):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"scopes": ["style"]}).status_code == 404, url

    return check


def _partner_view(ctx: Ctx) -> None:
    """The owner's shared results as the partner sees them: exactly the granted scopes, each read
    logged; never the journal; nothing for a stranger or after unlinking."""
    from hechting.links.models import AccessLog

    parts = {"style": b'id="style-title"', "results": b'id="results-title"'}
    for scopes in [(), ("style",), ("results",), ("style", "results")]:
        link, as_partner = _relink(ctx, scopes)
        url = f"/samen/{link.pk}/partner/"
        _assert_to_login(ctx.anonymous.get(url), url)
        assert ctx.as_other.get(url).status_code == 404, url
        r = as_partner.get(url)
        assert r.status_code == 200, (url, scopes)
        for scope, mark in parts.items():
            assert (mark in r.content) == (scope in scopes), (scopes, scope)
        assert MARK_OWNER.encode() not in r.content, ("journal leaked", scopes)
        logged = AccessLog.objects.filter(link_id=link.pk, subject=ctx.owner, allowed=True)
        assert sorted(logged.values_list("scope", flat=True)) == sorted(scopes)
        _unlink(link, by=ctx.owner)
        r = as_partner.get(url)
        assert r.status_code == 404 and b'id="style-title"' not in r.content, url
        assert AccessLog.objects.filter(link_id=link.pk).count() == len(scopes)


def _scoped_page(suffix: str, scope: str) -> Callable[[Ctx], None]:
    """A couple page showing each person's own words: the partner sees the owner's words only
    with `scope` granted, and each such read is logged; a stranger and anyone after unlinking
    get 404 with nothing of the owner's shown."""

    def check(ctx: Ctx) -> None:
        from hechting.links.models import AccessLog

        _link_page(suffix)(ctx)
        for scopes in [(), (scope,)]:
            link, as_partner = _relink(ctx, scopes)
            make_couple_rows(link, ctx.owner, MARK_OWNER)
            url = f"/samen/{link.pk}/{suffix}"
            r = as_partner.get(url)
            assert r.status_code == 200, url
            assert (MARK_OWNER.encode() in r.content) == bool(scopes), (url, scopes)
            logged = AccessLog.objects.filter(link_id=link.pk, subject=ctx.owner, allowed=True)
            assert logged.count() == len(scopes), (url, scopes)
            _unlink(link, by=ctx.owner)
            r = as_partner.get(url)
            assert r.status_code == 404 and MARK_OWNER.encode() not in r.content, url

    return check


def _couple_report(suffix: str) -> Callable[[Ctx], None]:
    """Both positions side by side: the partner sees the owner's position only when the owner
    shares results (each read logged); a stranger and anyone after unlinking get 404."""

    def check(ctx: Ctx) -> None:
        from hechting.links.models import AccessLog

        pdf = suffix.endswith(".pdf")
        for scopes in [(), ("results",)]:
            link, as_partner = _relink(ctx, scopes)
            make_ecr(link.invitee, keyed=2)
            url = f"/samen/{link.pk}/{suffix}"
            _assert_to_login(ctx.anonymous.get(url), url)
            assert ctx.as_other.get(url).status_code == 404, url
            assert ctx.as_owner.get(url).status_code == 200, url  # the partner shares results
            r = as_partner.get(url)
            if scopes:
                assert r.status_code == 200, (url, scopes)
                assert pdf or b"data-combination" in r.content, url
            else:
                assert r.status_code == (404 if pdf else 200), (url, scopes)
                assert b"data-combination" not in r.content, url
            logged = AccessLog.objects.filter(link_id=link.pk, subject=ctx.owner, allowed=True)
            assert logged.count() == len(scopes), (url, scopes)
            _unlink(link, by=ctx.owner)
            r = as_partner.get(url)
            assert r.status_code == 404 and b"data-combination" not in r.content, url

    return check


def _invitation(ctx: Ctx) -> None:
    """The private link: anyone signed in who holds it may answer; a wrong, used or withdrawn
    token is a 404; anonymous is asked to sign in (or sign up) first."""
    from hechting.links import services

    invitation = services.invite(inviter=ctx.owner, scopes=["style"])
    url = f"/samen/uitnodiging/{invitation.token}/"
    _assert_to_login(ctx.anonymous.get(url), url)
    assert ctx.as_other.get("/samen/uitnodiging/not-a-real-token/").status_code == 404
    r = ctx.as_other.get(url)
    assert r.status_code == 200 and b"owner@example.org" in r.content
    assert MARK_OWNER.encode() not in r.content
    assert ctx.as_owner.get(url).status_code == 200  # "this is your own invitation"
    services.stop(link=invitation.link, user=ctx.owner)
    assert ctx.as_other.get(url).status_code == 404


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
    # Questionnaires (hechting.assessments): anonymous by design, reached by session or account.
    "test/start/<str:instrument>/<str:mode>/": Public(
        _fixed("/test/start/ecr/adaptive/", "/test/start/ecr/full/", "/test/start/rses/full/"),
        status=200,
    ),
    "test/hervat/<str:token>/": Custom(_resume),
    "test/<uuid:pk>/": SessionOwned(_assessment("")),
    "test/<uuid:pk>/vraag/<str:item>/": SessionOwned(_assessment("vraag/Q1/")),
    "test/<uuid:pk>/rapport/": SessionOwned(_assessment("rapport/"), owner_status=(200,)),
    "test/<uuid:pk>/rapport.pdf": SessionOwned(_assessment("rapport.pdf"), owner_status=(200,)),
    "test/<uuid:pk>/gegevens.json": SessionOwned(_assessment("gegevens.json"), owner_status=(200,)),
    "test/<uuid:pk>/verwijderen/": SessionOwned(_assessment("verwijderen/"), owner_status=(405,)),
    # The JSON API: each assessment is opened by its own bearer token, never by a cookie.
    "api/v1/": Public(_fixed("/api/v1/")),
    # FHIR: public and stateless, the same for everyone (results only through the Bearer API).
    "fhir/Questionnaire": Public(_fixed("/fhir/Questionnaire"), status=200),
    "fhir/Questionnaire/$next-question": Public(
        _fixed("/fhir/Questionnaire/$next-question"), method="post", status=400
    ),
    "fhir/Questionnaire/<str:id>": Public(
        _fixed("/fhir/Questionnaire/ecr", "/fhir/Questionnaire/ecr-adaptive"), status=200
    ),
    "fhir/CodeSystem/hechting-scores": Public(
        _fixed("/fhir/CodeSystem/hechting-scores"), status=200
    ),
    "api/v1/openapi.json": Public(_fixed("/api/v1/openapi.json"), status=200),
    "api/v1/assessments": Public(_fixed("/api/v1/assessments"), method="post"),
    "api/v1/assessments/<id>": Custom(
        lambda ctx: (Bearer("get").check(ctx), Bearer("delete", owner_status=(204,)).check(ctx))
    ),
    "api/v1/assessments/<id>/answers/<item>": Bearer(
        "put", "/answers/Q1", owner_status=(200, 409, 422), body='{"value": 4}'
    ),
    "api/v1/assessments/<id>/result": Bearer("get", "/result"),
    "api/v1/assessments/<id>/fhir": Bearer("get", "/fhir"),
    # Links between two accounts (hechting.links): members only, and only while active.
    "samen/": Login(_fixed("/samen/")),
    "samen/uitnodigen/": Login(_fixed("/samen/uitnodigen/")),
    "samen/code/": Login(_fixed("/samen/code/")),
    "samen/uitnodiging/<str:token>/": Custom(_invitation),
    "samen/<int:pk>/": Custom(_link_page("")),
    "samen/<int:pk>/stoppen/": Custom(_link_page("stoppen/")),
    "samen/<int:pk>/partner/": Custom(_partner_view),
    "samen/<int:pk>/herstel/": Custom(_scoped_page("herstel/", "repairs")),
    "samen/<int:pk>/herstel/nieuw/": Custom(_link_page("herstel/nieuw/")),
    "samen/<int:pk>/herstel/<int:rid>/": Custom(
        _link_page(lambda couple: f"herstel/{couple['repair'].pk}/")
    ),
    "samen/<int:pk>/check-in/": Custom(_scoped_page("check-in/", "checkins")),
    "samen/ouders/": Login(_fixed("/samen/ouders/")),
    "samen/<int:pk>/samen-rapport/": Custom(_couple_report("samen-rapport/")),
    "samen/<int:pk>/samen-rapport.pdf": Custom(_couple_report("samen-rapport.pdf")),
}


@pytest.fixture
def ctx(db) -> Ctx:
    owner, other = make_user("owner@example.org"), make_user("other@example.org")
    objects = make_everything(owner, marker=MARK_OWNER)
    others = make_everything(other, marker="Vreemdwoord")
    c = Ctx(owner, other, objects, others)
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
