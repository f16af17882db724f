"""A new person, in a real browser: sign up, one entry in every step, then the progress page."""

import re

import pytest
from django.core import mail

import program_factories
from hechting.psychometrics.instruments import load_instrument
from program_factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _check(page, axe_check, name: str) -> None:
    """WCAG 2.1 AA, and nothing wider than the phone screen (tables scroll inside their box)."""
    axe_check(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name


def _fill_scale(page, count: int, value: int) -> None:
    for n in range(1, count + 1):
        page.locator(f"input[name='item_{n}'][value='{value}']").check()


def test_it_walks_a_new_person_through_the_program(page, axe_check):
    base = page.base
    page.goto(base + "/account/registreren/")
    _check(page, axe_check, "program-signup")
    page.get_by_label("E-mailadres").fill("nieuw@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Account aanmaken").click()
    page.wait_for_url(base + "/account/registreren/verstuurd/")
    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Bevestigen en inloggen").click()
    page.wait_for_url(base + "/groei/")
    _check(page, axe_check, "program-overview")

    # Step 1: life line
    page.goto(base + "/groei/stap/1/")
    page.get_by_role("link", name="Ervaring toevoegen").click()
    _check(page, axe_check, "program-step1-form")
    page.get_by_label("Leeftijd toen").fill("8")
    page.get_by_label("Wat er gebeurde").fill("Mijn ouders gingen uit elkaar")
    page.get_by_label("Wat ik toen besloot").fill("Ik moet het alleen doen")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(base + "/groei/stap/1/")
    assert "Ik moet het alleen doen" in page.content()
    _check(page, axe_check, "program-step1")

    # Step 2: support map with the ECR-RS
    page.goto(base + "/groei/mensen/nieuw/")
    page.get_by_label("beste vriend(in)").check()
    for n, value in zip(range(1, 10), [7, 7, 6, 6, 2, 2, 1, 1, 2], strict=True):
        page.locator(f"input[name='item_{n}'][value='{value}']").check()
    _check(page, axe_check, "program-step2-form")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(base + "/groei/stap/2/")
    assert "mogelijke veilige hechtingsfiguur" in page.content()
    assert page.locator("svg.plot").count() == 1
    _check(page, axe_check, "program-step2")

    # Step 3: Rosenberg and reflection
    page.goto(base + "/groei/zelfbeeld/nieuw/")
    _fill_scale(page, 10, 3)
    page.get_by_label("waar ik mezelf groter maak", exact=False).fill("Op mijn werk")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(base + "/groei/stap/3/")
    assert "Zelfwaardering" in page.content()
    _check(page, axe_check, "program-step3")

    # Step 4: trigger journal
    page.goto(base + "/groei/patronen/nieuw/")
    page.get_by_label("De situatie").fill("Etentje met vrienden")
    page.get_by_label("Wat mij raakte").fill("geen antwoord op mijn bericht")
    page.get_by_label("erboven: onrustig, gespannen, overspoeld").check()
    page.get_by_label("vastklampen, geruststelling zoeken").check()
    page.get_by_label("verbinding zoeken", exact=True).check()
    _check(page, axe_check, "program-step4-form")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(base + "/groei/stap/4/")
    assert "geen antwoord op mijn bericht" in page.content()
    _check(page, axe_check, "program-step4")

    # Step 5: ladder of small risks
    page.goto(base + "/groei/risicos/nieuw/")
    page.get_by_label("Het kleine risico").fill("Een vriendin om hulp vragen")
    page.get_by_label("Verwachte spanning").fill("7")
    page.get_by_label("Ik heb het gedaan").check()
    page.get_by_label("Werkelijke spanning").fill("3")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(base + "/groei/stap/5/")
    assert page.locator("svg.plot").count() == 1
    _check(page, axe_check, "program-step5")

    # The guided visualisation, page by page, then notes
    page.goto(base + "/groei/visualisatie/")
    page.get_by_role("link", name="Beginnen").click()
    _check(page, axe_check, "program-visualisation-1")
    for _ in range(5):
        page.get_by_role("link", name="Volgende").click()
    page.get_by_role("link", name="Schrijf op wat je merkte").click()
    page.get_by_label("Wie ik voor me zag").fill("Mijn oude juf")
    page.get_by_role("button", name="Opslaan").click()
    assert "Mijn oude juf" in page.content()

    # Two check-ins on the four themes
    for trust in ("3", "5"):
        page.goto(base + "/groei/check-ins/nieuw/")
        for theme in ("trust", "attunement", "autonomy", "connection"):
            page.locator(f"input[name='{theme}'][value='{trust}']").check()
        page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(base + "/groei/check-in/")
    _check(page, axe_check, "program-checkins")

    # An earlier, anxious and avoidant test on this account; then the retake, answered securely.
    from hechting.accounts.models import User

    program_factories.make_ecr(User.objects.get(email="nieuw@example.org"), keyed=5)
    page.goto(base + "/groei/voortgang/")
    page.get_by_role("link", name="Doe de hechtingstest opnieuw").click()
    page.locator("form button.primary").click()
    reverse = {item.id: item.reverse for item in load_instrument("ecr").items}
    for _ in range(40):
        form = page.locator("form.question-form")
        if "/rapport/" in page.url or form.count() == 0:
            break
        action = form.get_attribute("action")
        value = 5 if reverse[action.rstrip("/").split("/")[-1]] else 1
        form.locator(f"input[name='value'][value='{value}']").check()
        form.locator("button.primary").click()
        page.wait_for_function(
            "a => { const f = document.querySelector('form.question-form');"
            " return !f || f.getAttribute('action') !== a; }",
            arg=action,
        )
    page.wait_for_url("**/rapport/")
    page.goto(base + "/groei/voortgang/")
    html = page.content()
    assert "Waar je bent in het programma" in html
    assert html.count("betrouwbaar veiliger") == 2, html
    assert page.locator("svg.plot").count() >= 1
    _check(page, axe_check, "program-progress")
    page.goto(base + "/groei/")
    assert "Je hebt aan alle vijf stappen gewerkt" in page.content()
    page.goto(base + "/account/")
    _check(page, axe_check, "program-account")

    # The same pages in English
    page.goto(base + "/groei/stap/4/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert "Examine your patterns" in page.content() and "What recurs" in page.content()
    _check(page, axe_check, "program-step4-en")
