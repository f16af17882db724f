"""No dead ends: every internal link a person can follow from the home page, the information
pages and finished results leads somewhere (200, or a redirect that lands on a 200)."""

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from hechting.assessments.models import Assessment
from hechting.content.pages import PAGES

pytestmark = pytest.mark.django_db

# links and embedded files; form actions are POST-only and tested with their views
HREF = re.compile(r'\s(?:href|src)="([^"]*)"')


def internal_links(page_url: str, html: str) -> set[str]:
    links = set()
    for raw in HREF.findall(html):
        url = urljoin(page_url, unescape(raw))
        parts = urlsplit(url)
        if parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver"):
            links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def finish(client: Client, instrument: str, answers: dict[str, int]) -> Assessment:
    r = client.post(f"/test/start/{instrument}/full/")
    a = Assessment.objects.get(pk=r["Location"].split("/")[2])
    for item, value in answers.items():
        client.post(f"/test/{a.pk}/vraag/{item}/", {"value": value})
    a.refresh_from_db()
    assert a.is_done
    return a


def pages_to_crawl(client: Client) -> list[str]:
    rq = finish(client, "rq", {"A": 2, "B": 6, "C": 3, "D": 4, "choice": 2})
    rses = finish(client, "rses", {f"Q{i}": 1 + i % 4 for i in range(1, 11)})
    ecr = finish(client, "ecr", {f"Q{i}": 1 + i % 5 for i in range(1, 37)})
    results = [f"/test/{a.pk}/rapport/" for a in (ecr, rq, rses)]
    info = ["/info/"] + [f"/info/{p.slug}/" for p in PAGES]
    return ["/", *info, *results]


def check(client: Client, link: str) -> str | None:
    """None when the link works, otherwise what is wrong with it."""
    path = urlsplit(link).path
    if path.startswith("/static/"):
        return None if finders.find(path.removeprefix("/static/")) else "missing static file"
    r = client.get(link)
    if r.status_code in (301, 302):
        target = urljoin(link, r["Location"])
        final = client.get(target)
        return None if final.status_code == 200 else f"redirects to {target} ({final.status_code})"
    return None if r.status_code == 200 else str(r.status_code)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_has_no_broken_internal_links(client, language):
    client.cookies["django_language"] = language
    pages = pages_to_crawl(client)
    links: dict[str, str] = {}
    for page in pages:
        r = client.get(page)
        assert r.status_code == 200, page
        for link in internal_links(page, r.content.decode()):
            links.setdefault(link, page)
    assert len(links) >= 25  # the crawl really followed the pages
    broken = {
        f"{link} (on {page})": problem
        for link, page in links.items()
        if (problem := check(client, link))
    }
    assert broken == {}


def test_it_notices_a_broken_link():
    # the crawler itself can fail: a link to a page that does not exist is reported
    client = Client()
    assert check(client, "/info/bestaat-niet/") == "404"
    assert check(client, "/static/hechting/bestaat-niet.css") == "missing static file"
    assert internal_links("/info/", '<a href="x/">') == {"/info/x/"}
    assert internal_links("/", '<a href="https://113.nl/">') == set()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_shows_the_help_box_on_every_result_page(client, language):
    client.cookies["django_language"] = language
    results = [p for p in pages_to_crawl(client) if p.endswith("/rapport/")]
    assert len(results) == 3
    for page in results:
        html = client.get(page).content.decode()
        # the box itself, not only the footer line every page has
        box = html.split('<aside class="helpbox"', 1)[1].split("</aside>", 1)[0].lower()
        assert 'href="tel:113"' in box and 'href="tel:08000113"' in box, page
        assert "113.nl" in box and "huisarts" in box, page
        assert ("geen diagnose" if language == "nl" else "not a diagnosis") in box, page
