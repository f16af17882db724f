import re

import pytest
from django.test import Client

from hechting.assessments import engine
from hechting.assessments.models import Answer, Assessment

pytestmark = pytest.mark.django_db


def start(client: Client, instrument: str = "ecr", mode: str = "adaptive") -> Assessment:
    r = client.post(f"/test/start/{instrument}/{mode}/")
    assert r.status_code == 302
    return Assessment.objects.get(pk=r["Location"].split("/")[2])


def first_item(a: Assessment) -> str:
    step = engine.next_step(a.instrument, a.mode, {})
    assert step.item
    return step.item


def test_it_offers_the_adaptive_test_on_the_home_page(client):
    html = client.get("/").content.decode()
    assert 'href="/test/start/ecr/adaptive/"' in html
    assert "ongeveer 2 minuten" in html.lower()


def test_it_shows_a_start_page_without_creating_anything(client):
    r = client.get("/test/start/ecr/adaptive/")
    assert r.status_code == 200
    assert Assessment.objects.count() == 0


def test_it_refuses_unknown_offers(client):
    assert client.get("/test/start/rq/adaptive/").status_code == 404
    assert client.post("/test/start/nope/full/").status_code == 404


def test_it_starts_an_anonymous_assessment_with_a_resume_link(client):
    a = start(client)
    html = client.get(f"/test/{a.pk}/").content.decode()
    assert "Bewaar deze link" in html
    token = re.search(r"/test/hervat/([\w-]+)/", html).group(1)
    assert a.has_token(token)
    assert token not in a.token_hash  # only the hash is stored
    assert a.user is None


def test_it_shows_one_question_with_five_labelled_options(client):
    a = start(client)
    html = client.get(f"/test/{a.pk}/").content.decode()
    assert html.count('type="radio"') == 5
    assert "<legend" in html and "<fieldset" in html
    assert "Engelse origineel" in html  # Dutch is a project translation, original one click away


def test_it_saves_an_answer_and_redirects_to_the_next_question(client):
    a = start(client)
    item = first_item(a)
    r = client.post(f"/test/{a.pk}/vraag/{item}/", {"value": "4"})
    assert r.status_code == 302 and r["Location"] == f"/test/{a.pk}/"
    assert Answer.objects.get(assessment=a, item=item).value == 4
    html = client.get(f"/test/{a.pk}/").content.decode()
    assert f"/test/{a.pk}/vraag/{item}/" in html  # the back link


def test_it_keeps_one_row_when_an_answer_is_submitted_twice(client):
    a = start(client)
    item = first_item(a)
    client.post(f"/test/{a.pk}/vraag/{item}/", {"value": "2"})
    client.post(f"/test/{a.pk}/vraag/{item}/", {"value": "2"})
    client.post(f"/test/{a.pk}/vraag/{item}/", {"value": "5"})
    assert list(Answer.objects.filter(assessment=a).values_list("item", "value")) == [(item, 5)]


def test_it_swaps_in_the_next_question_for_htmx(client):
    a = start(client)
    item = first_item(a)
    r = client.post(f"/test/{a.pk}/vraag/{item}/", {"value": "3"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200
    assert '<div id="question-area"' in html and "<html" not in html
    nxt = engine.next_step(a.instrument, a.mode, {item: 3}).item
    assert f"/test/{a.pk}/vraag/{nxt}/" in html


def test_it_pushes_the_next_questions_url_and_restores_whole_pages(client):
    a = start(client)
    item = first_item(a)
    r = client.post(f"/test/{a.pk}/vraag/{item}/", {"value": "3"}, HTTP_HX_REQUEST="true")
    nxt = engine.next_step(a.instrument, a.mode, {item: 3}).item
    assert r["HX-Push-Url"] == f"/test/{a.pk}/vraag/{nxt}/"
    restored = client.get(
        f"/test/{a.pk}/vraag/{item}/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in restored.content.decode()


def test_it_explains_a_missing_answer(client):
    a = start(client)
    r = client.post(f"/test/{a.pk}/vraag/{first_item(a)}/", {})
    assert r.status_code == 400
    assert "Kies een van de antwoorden" in r.content.decode()
    r = client.post(f"/test/{a.pk}/vraag/{first_item(a)}/", {"value": "9"})
    assert r.status_code == 400
    assert not Answer.objects.exists()


def test_it_never_puts_answers_in_urls(client):
    a = start(client)
    item = first_item(a)
    r = client.post(f"/test/{a.pk}/vraag/{item}/", {"value": "4"})
    assert "value" not in r["Location"] and "?" not in r["Location"]
    html = client.get(f"/test/{a.pk}/").content.decode()
    for url in re.findall(r'(?:href|action|hx-post)="([^"]+)"', html):
        assert "?" not in url, url


def test_it_completes_the_full_test_and_shows_the_result(client):
    a = start(client, "ecr", "full")
    for i in range(1, 37):
        r = client.post(f"/test/{a.pk}/vraag/Q{i}/", {"value": str(1 + i % 5)})
    assert r["Location"] == f"/test/{a.pk}/rapport/"
    a.refresh_from_db()
    assert a.is_done and a.completed is not None
    html = client.get(f"/test/{a.pk}/rapport/").content.decode()
    assert "0800-0113" in html
    assert client.get(f"/test/{a.pk}/").status_code == 302  # done: straight to the result


def test_it_shows_the_report_only_when_done(client):
    a = start(client)
    assert client.get(f"/test/{a.pk}/rapport/")["Location"] == f"/test/{a.pk}/"


def test_it_resumes_from_the_private_link_in_another_browser(client):
    a = start(client)
    item = first_item(a)
    client.post(f"/test/{a.pk}/vraag/{item}/", {"value": "4"})
    token = re.search(r"/test/hervat/([\w-]+)/", client.get(f"/test/{a.pk}/").content.decode())[1]
    other = Client()
    assert other.get(f"/test/{a.pk}/").status_code == 404
    r = other.get(f"/test/hervat/{token}/")
    assert r.status_code == 302 and r["Location"] == f"/test/{a.pk}/"
    html = other.get(f"/test/{a.pk}/").content.decode()
    assert f"/test/{a.pk}/vraag/{item}/" in html


def test_it_hides_assessments_from_other_sessions_and_anonymous_visitors(client):
    a = start(client)
    item = first_item(a)
    outsider = Client()
    outsider.post("/test/start/ecr/adaptive/")  # has a session of its own
    for url in (
        f"/test/{a.pk}/",
        f"/test/{a.pk}/vraag/{item}/",
        f"/test/{a.pk}/rapport/",
        f"/test/{a.pk}/rapport.pdf",
    ):
        assert outsider.get(url).status_code == 404, url
        assert Client().get(url).status_code == 404, url
    assert outsider.post(f"/test/{a.pk}/vraag/{item}/", {"value": "3"}).status_code == 404
    assert not Answer.objects.filter(assessment=a).exists()


def test_it_answers_404_for_a_wrong_resume_token(client):
    start(client)
    assert Client().get("/test/hervat/not-a-real-token/").status_code == 404


def test_it_links_a_logged_in_user(client, django_user_model):
    user = django_user_model.objects.create_user("ina@example.org", "pw-long-enough-1")
    client.force_login(user)
    a = start(client)
    assert a.user == user


def test_it_takes_the_rq_with_its_forced_choice(client):
    a = start(client, "rq", "full")
    html = client.get(f"/test/{a.pk}/").content.decode()
    assert html.count('type="radio"') == 7
    for item, value in (("A", 6), ("B", 2), ("C", 3), ("D", 5)):
        client.post(f"/test/{a.pk}/vraag/{item}/", {"value": value})
    html = client.get(f"/test/{a.pk}/").content.decode()
    assert html.count('type="radio"') == 4  # which of the four fits best
    assert client.post(f"/test/{a.pk}/vraag/choice/", {"value": "5"}).status_code == 400
    r = client.post(f"/test/{a.pk}/vraag/choice/", {"value": "1"})
    assert r["Location"] == f"/test/{a.pk}/rapport/"
    html = client.get(r["Location"]).content.decode()
    assert "0800-0113" in html
    assert engine.questionnaire("rq").get("A").text_nl[:40] in html  # the chosen paragraph


def test_it_takes_the_rses(client):
    a = start(client, "rses", "full")
    html = client.get(f"/test/{a.pk}/").content.decode()
    assert html.count('type="radio"') == 4
    for i in range(1, 11):
        r = client.post(f"/test/{a.pk}/vraag/Q{i}/", {"value": 3})
    assert r["Location"] == f"/test/{a.pk}/rapport/"
    html = client.get(r["Location"]).content.decode()
    assert "0800-0113" in html
    # in words a person can read, not bare statistics
    assert "Je score is <strong>25</strong> van de 40." in html  # five reverse-keyed items
    assert re.search(r"hoger dan ongeveer \d+% van de normgroep \(T-score \d+\)", html)


def test_it_exports_the_answers_to_their_owner_only(client):
    a = start(client)
    item = first_item(a)
    client.post(f"/test/{a.pk}/vraag/{item}/", {"value": "4"})
    r = client.get(f"/test/{a.pk}/gegevens.json")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    data = r.json()
    assert [(x["item"], x["value"]) for x in data["answers"]] == [(item, 4)]
    assert "token" not in r.content.decode()
    assert Client().get(f"/test/{a.pk}/gegevens.json").status_code == 404


def test_it_deletes_the_answers_for_their_owner_only(client):
    a = start(client)
    client.post(f"/test/{a.pk}/vraag/{first_item(a)}/", {"value": "4"})
    assert Client().post(f"/test/{a.pk}/verwijderen/").status_code == 404
    r = client.get(f"/test/{a.pk}/verwijderen/")  # asks for confirmation first
    assert r.status_code == 200 and "Ja, verwijder ze" in r.content.decode()
    r = client.post(f"/test/{a.pk}/verwijderen/")
    assert r.status_code == 302 and r["Location"] == "/"
    assert not Assessment.objects.exists() and not Answer.objects.exists()
    assert "verwijderd" in client.get("/").content.decode()
    assert client.get(f"/test/{a.pk}/").status_code == 404


def test_it_asks_in_english_without_the_translation_note(client):
    a = start(client)
    html = client.get(f"/test/{a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    question = engine.questionnaire("ecr").get(first_item(a))
    assert question.text_en.replace("'", "&#x27;") in html
    assert "original" not in html and "Question 1 of about" in html


def test_it_adds_the_persons_rq_and_rses_to_the_attachment_report(client):
    rq = start(client, "rq", "full")
    for item, value in (("A", 6), ("B", 2), ("C", 3), ("D", 5), ("choice", 1)):
        client.post(f"/test/{rq.pk}/vraag/{item}/", {"value": value})
    rses = start(client, "rses", "full")
    for i in range(1, 11):
        client.post(f"/test/{rses.pk}/vraag/Q{i}/", {"value": 3})
    ecr = start(client, "ecr", "full")
    for i in range(1, 37):
        client.post(f"/test/{ecr.pk}/vraag/Q{i}/", {"value": 3})
    html = client.get(f"/test/{ecr.pk}/rapport/").content.decode()
    assert 'id="rq"' in html and 'id="rses"' in html
    assert f'href="/test/{ecr.pk}/rapport.pdf"' in html
    # someone else's RQ never appears in this report
    other = Client()
    theirs = start(other, "ecr", "full")
    for i in range(1, 37):
        other.post(f"/test/{theirs.pk}/vraag/Q{i}/", {"value": 3})
    assert 'id="rq"' not in other.get(f"/test/{theirs.pk}/rapport/").content.decode()


def test_it_serves_the_pdf_only_for_a_finished_attachment_test(client):
    a = start(client, "ecr", "full")
    assert client.get(f"/test/{a.pk}/rapport.pdf").status_code == 404
    for i in range(1, 37):
        client.post(f"/test/{a.pk}/vraag/Q{i}/", {"value": 2})
    r = client.get(f"/test/{a.pk}/rapport.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert Client().get(f"/test/{a.pk}/rapport.pdf").status_code == 404


def test_it_meets_very_low_self_esteem_with_care_before_the_score(client):
    a = start(client, "rses", "full")
    # The lowest self-esteem: disagree strongly with the positive items, agree with the negative.
    for i, value in enumerate([1, 1, 4, 1, 4, 1, 1, 4, 4, 4], start=1):
        r = client.post(f"/test/{a.pk}/vraag/Q{i}/", {"value": value})
    html = client.get(r["Location"]).content.decode()
    assert 'id="care"' in html and html.index('id="care"') < html.index("Je score is")
    assert "erg streng bent voor jezelf" in html


def test_it_adds_no_care_message_to_an_ordinary_self_esteem_score(client):
    a = start(client, "rses", "full")
    for i in range(1, 11):
        r = client.post(f"/test/{a.pk}/vraag/Q{i}/", {"value": 3})
    assert 'id="care"' not in client.get(r["Location"]).content.decode()
