"""In a real browser, Dutch and English: a retake's report opening with the change since last
time, and the RQ and RSES results (axe-clean, screenshots in test-artifacts/)."""

import re

import pytest

from program_factories import PASSWORD, make_ecr, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _both_languages(page, axe_check, name: str) -> None:
    axe_check(page, f"{name}-nl")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base}])
    page.reload()
    axe_check(page, f"{name}-en")
    page.context.add_cookies([{"name": "django_language", "value": "nl", "url": page.base}])


def test_a_retake_report_opens_with_the_change(page, axe_check):
    user = make_user("terug@example.org")
    make_ecr(user, keyed=2)
    second, _token = make_ecr(user, keyed=4)
    page.goto(page.base + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill("terug@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(page.base + "/groei/")
    page.goto(page.base + f"/test/{second.pk}/rapport/")
    retake = page.locator("section.retake")
    assert retake.get_by_role("heading", name=re.compile("Sinds de vorige keer")).is_visible()
    assert retake.get_by_text("betrouwbaar minder veilig").count() == 2
    _both_languages(page, axe_check, "report-retake")
    page.reload()
    assert "reliably less secure" not in page.content()


def test_the_rq_and_rses_results_read_well(page, axe_check):
    for option, answers in (
        ("Vier beschrijvingen van relaties", [6, 2, 3, 5, 1]),
        ("Zelfwaardering", [3, 2, 3, 4, 1, 3, 2, 3, 2, 4]),
    ):
        page.goto(page.base + "/")
        page.get_by_text("Andere vragenlijsten").click()
        page.get_by_role("link", name=option).click()
        page.get_by_role("button", name="Beginnen").click()
        page.wait_for_url(re.compile(r"/test/[0-9a-f-]{36}/$"))
        for value in answers:
            before = page.locator("#question-title").inner_text()
            labels = page.locator(".options label")
            labels.nth(min(value, labels.count()) - 1).click()
            page.get_by_role("button", name=re.compile("Volgende|Opslaan en verder")).click()
            page.wait_for_function(
                "before => !document.getElementById('question-title') ||"
                " document.getElementById('question-title').innerText !== before",
                arg=before,
            )
        page.wait_for_url(re.compile(r"/rapport/$"))
        name = "rq-result" if "relaties" in option else "rses-result"
        _both_languages(page, axe_check, name)
