"""The couple report: both positions, the combination text, the four S's, access and PDF."""

import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import translation

from hechting.links import services as link_services
from hechting.links.models import AccessLog
from hechting.together import couple
from program_factories import make_ecr_profile, make_link, make_user

# Words that blame a partner or call a relationship lost: never in a combination text.
NEVER = {
    "en": r"\b(doomed|hopeless|fault|blame|toxic|incompatible|never work)\b",
    "nl": r"\b(gedoemd|hopeloos|schuld|toxisch|onverenigbaar|nooit werken)\b",
}


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_combination_has_its_own_careful_text(language):
    combos = couple.all_combinations()
    assert len(combos) == 10 and set(combos) == set(couple.COMBINATIONS)
    with translation.override(language):
        texts = [str(couple.COMBINATIONS[c]) for c in combos]
        four_s = [str(t) for style in couple.STYLES for t in couple.FOUR_S[style].values()]
    assert len(set(texts)) == 10
    for text in texts + four_s:
        assert not re.search(NEVER[language], text, re.IGNORECASE), text
    if language == "nl":  # every text is translated
        with translation.override("en"):
            english = {str(couple.COMBINATIONS[c]) for c in combos}
        assert not english & set(texts)


def _data(style: str, mixed: bool = False, runner_up: str | None = None) -> SimpleNamespace:
    described = (style, runner_up) if runner_up else (style,)
    return SimpleNamespace(style=style, mixed=mixed, described=described)


def test_near_a_boundary_the_neighbouring_combination_is_named_too():
    reading = couple.read_couple(_data("anxious"), _data("secure", True, "avoidant"))
    assert reading.combination == ("secure", "anxious")
    assert [(a.who, a.style) for a in reading.alternatives] == [("them", "avoidant")]
    assert reading.alternatives[0].text == couple.COMBINATIONS[("anxious", "avoidant")]
    assert (
        reading.for_them == couple.FOUR_S["secure"] and reading.for_me == couple.FOUR_S["anxious"]
    )
    clear = couple.read_couple(_data("anxious"), _data("secure"))
    assert clear.alternatives == ()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("a_profile", "b_profile", "combination"),
    [((4, 2), (2, 4), "anxious+avoidant"), ((2, 2), (4, 2), "secure+anxious")],
)
def test_both_see_the_couple_report_until_one_stops(a_profile, b_profile, combination):
    anna, bram = make_user("anna@example.org"), make_user("bram@example.org")
    make_ecr_profile(anna, anxiety=a_profile[0], avoidance=a_profile[1])
    make_ecr_profile(bram, anxiety=b_profile[0], avoidance=b_profile[1])
    link = make_link(anna, bram, scopes=("results",))
    url = f"/samen/{link.pk}/samen-rapport/"
    for me, other in ((anna, bram), (bram, anna)):
        page = _as(me).get(url).content.decode()
        assert f'data-combination="{combination}"' in page
        assert page.count("<svg") == 1 and page.count('id="t') > 0
        assert other.email in page and "0800-0113" in page and "0800-2000" in page
    assert AccessLog.objects.filter(link_id=link.pk, scope="results", allowed=True).count() == 2
    pdf = _as(bram).get(f"/samen/{link.pk}/samen-rapport.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    link_services.stop(link=link, user=anna)
    for suffix in ("samen-rapport/", "samen-rapport.pdf"):
        r = _as(bram).get(f"/samen/{link.pk}/{suffix}")
        assert r.status_code == 404 and b"anna@example.org" not in r.content


@pytest.mark.django_db
def test_without_shared_results_only_a_note_is_shown():
    anna, bram = make_user("anna@example.org"), make_user("bram@example.org")
    make_ecr_profile(anna, anxiety=4, avoidance=2)
    make_ecr_profile(bram, anxiety=2, avoidance=4)
    link = make_link(anna, bram, scopes=("style",))
    page = _as(bram).get(f"/samen/{link.pk}/samen-rapport/").content.decode()
    assert "data-combination" not in page and "<svg" not in page
    assert "deelt op dit moment geen testuitslagen" in page
    assert _as(bram).get(f"/samen/{link.pk}/samen-rapport.pdf").status_code == 404
