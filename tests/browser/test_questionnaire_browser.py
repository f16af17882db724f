"""A new person takes the questionnaires in a real browser: with htmx, without JavaScript,
closing the browser midway and coming back through the private link."""

import re

from hechting.assessments.models import Answer, Assessment

TITLE = re.compile(r"Vraag (\d+) van (ongeveer )?(\d+)")


def start(page, option: str | None = None) -> None:
    page.goto(page.base + "/")
    if option:
        page.get_by_text("Andere vragenlijsten").click()
        page.get_by_role("link", name=option).click()
    else:
        page.get_by_role("link", name="Start de hechtingstest").click()
    page.get_by_role("button", name="Beginnen").click()
    page.wait_for_url(re.compile(r"/test/[0-9a-f-]{36}/$"))


def question_number(page) -> int:
    return int(TITLE.search(page.locator("#question-title").inner_text())[1])


def answer(page, choice: int = 3, *, keyboard: bool = False) -> None:
    """Choose the option with this position (1-based) and go on; wait until the page moved."""
    before = page.locator("#question-title").inner_text()
    options = page.locator(".options input[type=radio]")
    if keyboard:
        options.nth(0).focus()
        for _ in range(choice - 1):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
    else:
        page.locator(".options label").nth(choice - 1).click()
        page.get_by_role("button", name=re.compile("Volgende|Opslaan en verder")).click()
    page.wait_for_function(
        "before => !document.getElementById('question-title') ||"
        " document.getElementById('question-title').innerText !== before",
        arg=before,
    )


def finish(page, choice: int = 3, limit: int = 40) -> int:
    n = 0
    while "/rapport/" not in page.url and n < limit:
        answer(page, 1 + (n + choice) % 5)
        n += 1
    page.wait_for_url(re.compile(r"/rapport/$"))
    return n


def test_it_completes_the_adaptive_test(page, axe_check):
    problems: list[str] = []  # CSP violations and script errors show up here
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(page.base + "/")
    axe_check(page, "home-start")
    start(page)
    assert page.get_by_role("heading", name="Bewaar deze link").is_visible()
    assert page.locator("#question-title").inner_text().startswith("Vraag 1 van ongeveer")
    axe_check(page, "question-first")
    answer(page, 4, keyboard=True)
    assert question_number(page) == 2
    assert page.evaluate("typeof htmx") == "object"  # the next question was swapped in by htmx
    # focus moves to the new question for keyboard and screen-reader users
    page.wait_for_function("() => document.activeElement.id === 'question-title'")
    page.get_by_text("Vertaling door Hechting").click()  # the English original, one click away
    assert page.locator(".original-text p[lang=en]").is_visible()
    axe_check(page, "question-adaptive")
    n = 1 + finish(page)
    a = Assessment.objects.get()
    assert a.is_done and Answer.objects.filter(assessment=a).count() == n
    assert n < 36
    assert "0800-0113" in page.content()
    axe_check(page, "result")
    assert problems == []


def test_it_completes_the_full_test_and_downloads_the_pdf(page, tmp_path):
    start(page, "Alle 36 vragen over hechting (ongeveer 6 minuten)")
    assert page.locator("#question-title").inner_text() == "Vraag 1 van 36"
    n = finish(page)
    assert n == 36
    answers = dict(Answer.objects.values_list("item", "value"))
    assert sorted(answers, key=lambda s: int(s[1:])) == [f"Q{i}" for i in range(1, 37)]
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als pdf").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    assert "/rapport.pdf" in download.value.url


def test_it_resumes_in_a_new_browser_with_nothing_lost(page, browser):
    start(page)
    for choice in (2, 5, 4):
        answer(page, choice)
    link = page.locator(".resume-later a").get_attribute("href")
    assert "/test/hervat/" in link
    saved = dict(Answer.objects.values_list("item", "value"))
    page.context.close()  # the browser is closed midway

    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    fresh = context.new_page()
    fresh.goto(page.base + page.url.split("/rapport")[0].replace(page.base, ""))
    assert "Pagina niet gevonden" in fresh.content()  # a new browser has no access without it
    fresh.goto(link)
    assert question_number(fresh) == 4
    assert dict(Answer.objects.values_list("item", "value")) == saved
    fresh.get_by_role("link", name="Vorige vraag").click()
    assert fresh.locator(".options input:checked").get_attribute("value") == "4"
    context.close()


def test_it_changes_an_answer_with_the_back_link(page, axe_check):
    start(page)
    answer(page, 2)
    answer(page, 3)
    page.get_by_role("link", name="Vorige vraag").click()
    assert question_number(page) == 2
    assert page.locator(".options input:checked").get_attribute("value") == "3"
    axe_check(page, "question-change")
    page.locator(".options label").nth(4).click()
    page.get_by_role("button", name="Opslaan en verder").click()
    page.wait_for_function(
        "() => document.getElementById('question-title').innerText.includes('3')"
    )
    assert question_number(page) == 3
    values = list(Answer.objects.order_by("answered_at").values_list("value", flat=True))
    assert values == [2, 5]


def test_it_goes_back_with_the_browsers_back_button(page):
    start(page)
    answer(page, 2)
    answer(page, 4)
    assert question_number(page) == 3
    page.go_back()
    page.wait_for_function(
        "() => document.getElementById('question-title').innerText.includes('2')"
    )
    assert question_number(page) == 2
    assert page.locator(".site-footer").count() == 1  # a whole page, not a fragment
    assert page.locator(".options input:checked").get_attribute("value") == "4"


def test_it_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.base = live_server.url
    start(page)
    page.get_by_role("button", name="Volgende").click()  # nothing chosen: a clear message
    assert "Kies een van de antwoorden" in page.content()
    answer(page, 1)
    assert question_number(page) == 2
    finish(page)
    assert Assessment.objects.get().is_done
    context.close()


def test_it_takes_the_rq_with_its_forced_choice(page, axe_check):
    start(page, "Vier beschrijvingen van relaties (RQ, ongeveer 2 minuten)")
    assert page.get_by_text("Hoe goed past deze beschrijving bij jou?").is_visible()
    assert page.locator(".options input").count() == 7
    axe_check(page, "question-rq-rating")
    for choice in (6, 2, 3, 5):
        answer(page, choice)
    assert page.locator(".options input").count() == 4  # which description fits best
    axe_check(page, "question-rq-choice")
    page.locator(".options label").nth(0).click()
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(re.compile(r"/rapport/$"))
    assert "0800-0113" in page.content()
    axe_check(page, "result-rq")
