"""In a real browser: sign-up by e-mailed link, password reset by e-mail (rate limited), and the
journal written before a reset still readable after it."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from hechting.program.models import LifeEvent
from program_factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "another-Staple-horse-77"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _link() -> str:
    return re.search(r"http://\S+", mail.outbox[-1].body).group(0)


def test_password_reset_by_email_keeps_the_journal_and_is_rate_limited(page, axe_check, settings):
    base = page.base
    user = make_user("lid@example.org")
    LifeEvent.objects.create(
        user=user, age=9, what_happened="Verhuisd naar Zwolle", concluded_then="x"
    )
    page.goto(base + "/account/inloggen/")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    axe_check(page, "password-reset-nl")
    page.get_by_label("E-mailadres").fill("LID@example.org")
    page.get_by_role("button", name="Stuur de link").click()
    page.wait_for_url(base + "/account/wachtwoord-vergeten/verstuurd/")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lid@example.org"]
    page.goto(_link())
    axe_check(page, "password-reset-confirm-nl")
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord nog een keer").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Nieuw wachtwoord opslaan").click()
    page.wait_for_url(base + "/account/wachtwoord/klaar/")
    page.get_by_role("link", name="Inloggen").last.click()
    page.get_by_label("E-mailadres").fill("lid@example.org")
    page.get_by_label("Wachtwoord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(base + "/groei/")
    page.goto(base + "/groei/stap/1/")
    assert "Verhuisd naar Zwolle" in page.content()

    # Rate limited: past the limit for this connection, a clear page with Retry-After.
    settings.THROTTLES = {**settings.THROTTLES, "mail-ip": (2, 3600)}
    cache.clear()
    context = page.context.browser.new_context(locale="nl-NL")
    other = context.new_page()
    statuses = []
    for _ in range(3):
        other.goto(base + "/account/wachtwoord-vergeten/")
        other.get_by_label("E-mailadres").fill("lid@example.org")
        with other.expect_response(lambda r: r.request.method == "POST") as posted:
            other.get_by_role("button", name="Stuur de link").click()
        statuses.append(posted.value.status)
    assert statuses == [302, 302, 429]
    assert "Te veel verzoeken" in other.content()
    axe_check(other, "password-reset-throttled-nl")
    context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_signup_explains_forgotten_passwords_and_confirms_by_email(page, axe_check, lang):
    base = page.base
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
    page.goto(base + "/account/registreren/")
    text = page.content()
    assert ("los van de database" if lang == "nl" else "apart from the database") in text
    axe_check(page, f"signup-{lang}")
    page.locator("#id_email").fill("nieuw@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(base + "/account/registreren/verstuurd/")
    axe_check(page, f"signup-sent-{lang}")
    page.goto(_link())
    axe_check(page, f"signup-confirm-{lang}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(base + "/groei/")
