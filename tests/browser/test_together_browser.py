"""Two people in two real browsers: A invites B, B accepts, both take the adaptive test, both see
the couple report; A stops sharing and B at once gets a 404 with nothing of A on it."""

import re

import pytest
from django.core import mail

from hechting.links.models import AccessLog, Link
from hechting.psychometrics.instruments import load_instrument
from program_factories import PASSWORD, make_ecr_profile, make_link, make_user

pytestmark = pytest.mark.django_db(transaction=True)

ITEMS = {item.id: item for item in load_instrument("ecr").items}
ACTION = re.compile(r"/vraag/(Q\d+)/$")


def _context(browser, live_server, locale: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.base = live_server.url
    return context, page


def _check(page, axe_check, name: str) -> None:
    axe_check(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name


def _sign_up(page, email: str) -> None:
    page.goto(page.base + "/account/registreren/")
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit].primary").click()
    # Sign-up confirms the address by an e-mailed link (the test backend keeps the mail).
    page.wait_for_url(page.base + "/account/registreren/verstuurd/")
    sent = [m for m in mail.outbox if email in m.to]
    page.goto(re.search(r"http://\S+", sent[-1].body).group(0))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(page.base + "/groei/")


def _take_adaptive_test(page, *, anxiety: int, avoidance: int) -> int:
    """Answer the adaptive ECR with keyed answer `anxiety` on anxiety items and `avoidance` on
    avoidance items (the raw option depends on each item's key); returns the number asked."""
    page.goto(page.base + "/test/start/ecr/adaptive/")
    page.locator("main form button[type=submit].primary").click()
    page.wait_for_url(re.compile(r"/test/[0-9a-f-]{36}/$"))
    asked = 0
    while "/rapport/" not in page.url and asked < 40:
        form = page.locator("form.question-form")
        item = ITEMS[ACTION.search(form.get_attribute("action") or "")[1]]
        keyed = anxiety if item.scale == "anxiety" else avoidance
        raw = 6 - keyed if item.reverse else keyed
        before = page.locator("#question-title").inner_text()
        page.locator(f".options input[value='{raw}']").check()
        form.locator("button[type=submit]").click()
        page.wait_for_function(
            "before => !document.getElementById('question-title') ||"
            " document.getElementById('question-title').innerText !== before",
            arg=before,
        )
        asked += 1
    page.wait_for_url(re.compile(r"/rapport/$"))
    return asked


def test_two_people_link_take_the_test_see_the_couple_report_and_stop(
    browser, live_server, axe_check
):
    ctx_a, a = _context(browser, live_server, "nl-NL")
    ctx_b, b = _context(browser, live_server, "en-GB")  # B reads Hechting in English
    try:
        _sign_up(a, "anna@example.org")
        _sign_up(b, "bram@example.org")

        a.goto(a.base + "/samen/")
        _check(a, axe_check, "together-overview")
        a.get_by_role("button", name="Uitnodiging maken").click()
        a.wait_for_url(re.compile(r"/samen/\d+/$"))
        _check(a, axe_check, "together-invitation")
        invitation_url = a.locator("#invitation-url").input_value()
        code = a.locator(".invitation-code").inner_text()
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)

        b.goto(invitation_url)
        assert "anna@example.org" in b.content()
        _check(b, axe_check, "together-accept-en")
        b.get_by_role("button", name="Accept").click()
        b.wait_for_url(re.compile(r"/samen/\d+/$"))
        link = Link.objects.get()
        assert link.is_active and link.invitee.email == "bram@example.org"
        b.goto(invitation_url)  # the link works once
        assert "does not work" in b.content()

        n_a = _take_adaptive_test(a, anxiety=5, avoidance=1)
        n_b = _take_adaptive_test(b, anxiety=1, avoidance=5)
        assert n_a < 36 and n_b < 36

        report = f"/samen/{link.pk}/samen-rapport/"
        for page, other, name in ((a, "bram@example.org", "nl"), (b, "anna@example.org", "en")):
            page.goto(page.base + report)
            assert page.locator('[data-combination="anxious+avoidant"]').count() == 1
            assert other in page.content() and "0800-0113" in page.content()
            assert page.locator("svg[role=img] [id$='person-0']").count() == 1
            assert page.locator("svg[role=img] [id$='person-1']").count() == 1
            _check(page, axe_check, f"couple-report-anxious-avoidant-{name}")
        assert AccessLog.objects.filter(link_id=link.pk, scope="results").count() >= 2

        a.goto(a.base + f"/samen/{link.pk}/stoppen/")
        a.locator("main form button[type=submit].primary").click()
        a.wait_for_url(a.base + "/samen/")
        response = b.goto(b.base + report)
        assert response is not None and response.status == 404
        assert "anna@example.org" not in b.content()
        assert b.locator("[data-combination]").count() == 0
        response = b.goto(b.base + f"/samen/{link.pk}/partner/")
        assert response is not None and response.status == 404
        b.goto(b.base + "/samen/")
        assert "anna@example.org" in b.content()  # told, once, who stopped sharing
        _check(b, axe_check, "together-told-en")
    finally:
        ctx_a.close()
        ctx_b.close()


def test_the_secure_and_anxious_couple_report(page, axe_check):
    anna, bram = make_user("anna@example.org"), make_user("bram@example.org")
    make_ecr_profile(anna, anxiety=1, avoidance=1)
    make_ecr_profile(bram, anxiety=5, avoidance=1)
    link = make_link(anna, bram)
    page.goto(page.base + "/account/inloggen/")
    page.locator("#id_username").fill("anna@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit].primary").click()
    page.goto(page.base + f"/samen/{link.pk}/samen-rapport/")
    assert page.locator('[data-combination="secure+anxious"]').count() == 1
    _check(page, axe_check, "couple-report-secure-anxious-nl")
    for path in ("herstel/nieuw/", "check-in/"):
        page.goto(page.base + f"/samen/{link.pk}/{path}")
        _check(page, axe_check, f"together-{path.strip('/').replace('/', '-')}")
    page.goto(page.base + "/samen/ouders/")
    _check(page, axe_check, "together-parents")
