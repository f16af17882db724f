"""Coming back, in a real browser: an anonymous result's private link (opened in another
browser, copied, e-mailed, replaced), and a signed-in person's My results."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from program_factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _start(page, option: str | None = None) -> None:
    page.goto(page.base + "/")
    if option:
        page.get_by_text("Andere vragenlijsten").click()
        page.get_by_role("link", name=option).click()
    else:
        page.get_by_role("link", name="Start de hechtingstest").click()
    page.get_by_role("button", name="Beginnen").click()
    page.wait_for_url(re.compile(r"/test/[0-9a-f-]{36}/$"))


def _finish(page, limit: int = 40) -> None:
    n = 0
    while "/rapport/" not in page.url and n < limit:
        before = page.locator("#question-title").inner_text()
        options = page.locator(".options label")
        options.nth(min(1 + n % 3, options.count() - 1)).click()
        page.get_by_role("button", name=re.compile("Volgende|Opslaan en verder")).click()
        page.wait_for_function(
            "before => !document.getElementById('question-title') ||"
            " document.getElementById('question-title').innerText !== before",
            arg=before,
        )
        n += 1
    page.wait_for_url(re.compile(r"/rapport/$"))


def _english(page, axe_check, name: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base}])
    page.reload()
    axe_check(page, name)
    page.context.add_cookies([{"name": "django_language", "value": "nl", "url": page.base}])
    page.reload()


def test_an_anonymous_result_comes_back_through_its_private_link(page, browser, axe_check):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base)
    _start(page)
    _finish(page)
    report_url = page.url
    box = page.locator("#private-link")
    link = page.locator("#private-link-url").input_value()
    assert "/test/hervat/" in link
    axe_check(page, "report-private-link-nl")
    box.get_by_role("button", name="Kopieer de link").click()
    # The clipboard answers asynchronously: wait for the status, do not read it at once.
    box.get_by_role("status").filter(has_text="Gekopieerd").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link

    # Another browser: the report's address alone is not enough; the private link is.
    other = browser.new_context(locale="nl-NL")
    elsewhere = other.new_page()
    assert elsewhere.goto(report_url).status == 404
    elsewhere.goto(link)
    assert elsewhere.url == report_url
    assert elsewhere.get_by_role("heading", name="Jouw hechtingsprofiel").is_visible()

    # E-mail it to myself: one message with the link, the address not shown back.
    box.get_by_label("Je e-mailadres").fill("ik@example.org")
    box.get_by_role("button", name="Mail mij de link").click()
    page.wait_for_url(report_url + "#private-link")
    assert "De link is onderweg" in page.content() and "ik@example.org" not in page.content()
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body

    # Replace it: the old link and the browser it opened lose access; this one keeps it.
    page.get_by_text("Deze link laten stoppen").click()
    page.get_by_role("button", name="Maak een nieuwe link").click()
    page.wait_for_url(report_url + "#private-link")
    new = page.locator("#private-link-url").input_value()
    assert new != link
    assert elsewhere.goto(report_url).status == 404
    assert elsewhere.goto(link).status == 404
    _english(page, axe_check, "report-private-link-en")
    other.close()

    # Deleting asks first.
    page.get_by_text("Je gegevens").click()
    page.get_by_role("link", name="Verwijder deze antwoorden…").click()
    page.get_by_role("button", name="Ja, verwijder ze").click()
    page.wait_for_url(page.base + "/")
    assert page.goto(report_url).status == 404


def test_a_signed_in_person_opens_each_report_from_my_results(page, axe_check):
    base = page.base
    make_user("terug@example.org")
    page.goto(base + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill("terug@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(base + "/groei/")
    for option in (None, "Vier beschrijvingen van relaties", "Zelfwaardering"):
        _start(page, option)
        _finish(page)
        assert "Bewaard in je account" in page.content()
    page.get_by_role("link", name="Mijn resultaten").first.click()
    page.wait_for_url(base + "/account/resultaten/")
    axe_check(page, "my-results-nl")
    reports = page.locator("a", has_text="Open het rapport")
    assert reports.count() == 3
    headings = []
    for n in range(3):
        page.goto(base + "/account/resultaten/")
        page.locator("a", has_text="Open het rapport").nth(n).click()
        page.wait_for_url(re.compile(r"/rapport/$"))
        headings.append(page.locator("h1").first.inner_text())
    assert headings == ["Je uitslag", "Je uitslag", "Jouw hechtingsprofiel"]  # newest first
    page.goto(base + "/account/resultaten/")
    _english(page, axe_check, "my-results-en")
    page.goto(base + "/")
    assert "Welkom terug" in page.content()
    axe_check(page, "home-welcome-back-nl")
