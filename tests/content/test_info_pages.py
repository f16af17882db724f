import re

import pytest

from hechting.content.pages import PAGES


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title"), [("nl", "Over hechting"), ("en", "About attachment")]
)
def test_it_lists_every_page_on_the_index(client, language, title):
    html = client.get("/info/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{title}</h1>" in html
    for page in PAGES:
        assert f'href="/info/{page.slug}/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("slug", [p.slug for p in PAGES])
def test_it_serves_every_page_in_both_languages(client, slug, language):
    r = client.get(f"/info/{slug}/", HTTP_ACCEPT_LANGUAGE=language)
    html = r.content.decode()
    assert r.status_code == 200
    assert f'<html lang="{language}">' in html
    assert html.count("<h1>") == 1 and "<h2" in html
    assert 'id="helpbox-title"' in html
    assert not re.search(r"\sstyle=", html) and "<style" not in html


@pytest.mark.django_db
def test_it_writes_the_pages_in_dutch_and_english(client):
    nl = client.get("/info/hechtingsstijlen/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    en = client.get("/info/hechtingsstijlen/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "verlatingsangst" in nl and "bindingsangst" in nl and "meer of minder" in nl
    assert "fear of abandonment" in en and "fear of commitment" in en and "sliding scale" in en


@pytest.mark.django_db
def test_it_keeps_the_checklist_in_the_browser(client):
    html = client.get("/info/herkennen/").content.decode()
    assert html.count('type="checkbox"') >= 15
    assert "<form" not in html.split('id="main"')[1]  # no form in the page content: nothing is sent
    assert not re.search(r'<input[^>]*type="checkbox"[^>]*\bname=', html)
    assert "Er wordt niets bewaard." in html


@pytest.mark.django_db
def test_it_answers_unknown_pages_with_404(client):
    assert client.get("/info/bestaat-niet/").status_code == 404


@pytest.mark.django_db
def test_it_links_the_info_pages_from_the_navigation(client):
    html = client.get("/").content.decode()
    assert '<a href="/info/">Over hechting</a>' in html


@pytest.mark.django_db
def test_it_answers_the_faq(client):
    html = client.get("/info/vragen/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for question in (
        "Is this a diagnosis?",
        "Who sees my answers?",
        "How precise is an adaptive test?",
        "What are the norms?",
    ):
        assert question in html


@pytest.mark.django_db
def test_it_states_both_the_population_and_the_norm_group_share_of_secure(client):
    from hechting.psychometrics.norms import load_norms

    share = round(100 * load_norms("ecr").provenance["style_shares"]["secure"])
    for slug in ("hechtingsstijlen", "vragen"):
        html = client.get(f"/info/{slug}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
        assert f"ongeveer {share}%" in html
        assert "zes op de tien" in html


@pytest.mark.django_db
def test_every_info_page_ends_with_a_next_step(client):
    from hechting.content.pages import PAGES

    for page in PAGES:
        html = client.get(f"/info/{page.slug}/").content.decode()
        step = html.split('id="next-step-title"')[1]
        assert 'href="/test/start/ecr/adaptive/"' in step and 'href="/groei/"' in step, page.slug
