import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from hechting.program import progress, queries
from hechting.program.models import LifeEvent, RiskStep, ThemeCheckin, TriggerEntry
from hechting.psychometrics.results import Occasion
from program_factories import make_entries, make_user


@pytest.fixture
def owner(db):
    return make_user("owner@example.org")


@pytest.fixture
def other(db):
    return make_user("other@example.org")


def test_it_lets_the_owner_edit_an_entry_and_keeps_the_written_date(client, owner):
    entry = make_entries(owner)["levenslijn"]
    client.force_login(owner)
    url = f"/groei/levenslijn/{entry.pk}/"
    assert "geheim moved house" in client.get(url).content.decode()
    r = client.post(
        url, {"age": 8, "what_happened": "we moved", "concluded_then": "", "feel_now": ""}
    )
    assert r.status_code == 302
    fresh = LifeEvent.objects.get(pk=entry.pk)
    assert (fresh.age, fresh.what_happened) == (8, "we moved")
    assert fresh.created_at == entry.created_at and fresh.updated_at > entry.updated_at


@pytest.mark.parametrize("kind", list(queries.EXERCISES))
def test_it_hides_another_persons_entries(client, owner, other, kind):
    entry = make_entries(owner)[kind]
    client.force_login(other)
    for suffix in ("", "verwijderen/"):
        assert client.get(f"/groei/{kind}/{entry.pk}/{suffix}").status_code == 404
        assert client.post(f"/groei/{kind}/{entry.pk}/{suffix}", {}).status_code == 404
    assert type(entry).objects.filter(pk=entry.pk).exists()


def test_it_never_duplicates_a_double_submitted_entry(client, owner):
    client.force_login(owner)
    token = str(uuid.uuid4())
    data = {"token": token, "age": 5, "what_happened": "a", "concluded_then": "", "feel_now": ""}
    assert client.post("/groei/levenslijn/nieuw/", data).status_code == 302
    assert (
        client.post("/groei/levenslijn/nieuw/", {**data, "what_happened": "b"}).status_code == 302
    )
    assert [e.what_happened for e in LifeEvent.objects.filter(user=owner)] == ["b"]


def test_it_does_not_mix_tokens_between_people(client, owner, other):
    token = uuid.uuid4()
    LifeEvent.objects.create(user=other, age=1, what_happened="theirs", token=token)
    client.force_login(owner)
    data = {
        "token": str(token),
        "age": 5,
        "what_happened": "mine",
        "concluded_then": "",
        "feel_now": "",
    }
    client.post("/groei/levenslijn/nieuw/", data)
    assert LifeEvent.objects.get(user=other).what_happened == "theirs"
    assert LifeEvent.objects.get(user=owner).what_happened == "mine"


def test_it_says_what_is_wrong_with_a_risk_step(client, owner):
    client.force_login(owner)
    r = client.post("/groei/risicos/nieuw/", {"step": "call mum", "expected": 12, "done": "on"})
    html = r.content.decode()
    assert r.status_code == 200 and not RiskStep.objects.exists()
    assert 'id="id_expected_error"' in html or "kleiner dan of gelijk aan 10" in html


def test_it_requires_every_ecr_rs_answer(client, owner):
    client.force_login(owner)
    answers = {f"item_{i}": 4 for i in range(1, 9)}  # item 9 missing
    r = client.post("/groei/mensen/nieuw/", {"role": "partner", **answers})
    assert r.status_code == 200
    assert 'id="id_item_9_error"' in r.content.decode()


def test_it_scores_the_ecr_rs_per_person_and_names_candidate_figures(client, owner):
    client.force_login(owner)
    secure = [7, 7, 7, 7, 1, 1, 1, 1, 1]  # turn to this person: avoidance 1, anxiety 1
    distant = [1, 1, 1, 1, 7, 7, 5, 5, 5]  # avoidance 7, anxiety 5
    for role, answers in (("best_friend", secure), ("father", distant)):
        data = {"role": role, **{f"item_{i}": a for i, a in enumerate(answers, start=1)}}
        assert client.post("/groei/mensen/nieuw/", data).status_code == 302
    rows = {r.person.role: r for r in queries.support_rows(owner)}
    assert (rows["best_friend"].score.avoidance, rows["best_friend"].score.anxiety) == (1, 1)
    assert (rows["father"].score.avoidance, rows["father"].score.anxiety) == (7, 5)
    assert rows["best_friend"].secure and not rows["father"].secure
    r = client.get("/groei/stap/2/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "<svg" in html and 'role="img"' in html, html
    assert "style=" not in html, html[html.find("style=") - 300 : html.find("style=") + 100]


def test_it_shows_recurring_triggers_and_strategies(owner):
    for day, trigger, strategy in [
        (1, "No reply", "cling"),
        (2, "no  reply", "cling"),
        (3, "criticism", "withdraw"),
    ]:
        TriggerEntry.objects.create(
            user=owner,
            happened_on=date(2026, 10, day),
            situation="s",
            trigger=trigger,
            window="above",
            strategy=strategy,
            needed="connect",
        )
    overview = queries.trigger_overview(list(TriggerEntry.objects.filter(user=owner)))
    assert overview["recurring"] == [("no reply", 2)]
    assert [n for _label, n in overview["strategies"]] == [2, 1]
    assert overview["month_rows"] == [("2026-10", [2, 1])]


def test_it_plots_expected_against_actual_tension(client, owner):
    make_entries(owner)
    client.force_login(owner)
    html = client.get("/groei/stap/5/").content.decode()
    assert "<svg" in html and "<style" not in html and "style=" not in html


def test_it_keeps_a_history_of_theme_checkins(client, owner):
    client.force_login(owner)
    for trust in (2, 5):
        data = {"trust": trust, "attunement": 3, "autonomy": 4, "connection": 5, "note": ""}
        assert client.post("/groei/check-ins/nieuw/", data).status_code == 302
    assert list(ThemeCheckin.objects.filter(user=owner).values_list("trust", flat=True)) == [5, 2]
    assert "<svg" in client.get("/groei/check-in/").content.decode()


def test_it_walks_the_visualisation_page_by_page(client, owner):
    client.force_login(owner)
    for page in range(1, 7):
        assert client.get(f"/groei/visualisatie/{page}/").status_code == 200
    assert client.get("/groei/visualisatie/7/").status_code == 404
    assert "visualisatie-notities/nieuw/" in client.get("/groei/visualisatie/6/").content.decode()


def _occ(id_, anx, avo, se=0.3):
    from hechting.psychometrics.results import ecr_result

    stored = ecr_result({f"Q{i}": 3 for i in range(1, 37)})
    result = replace(
        stored,
        anxiety=replace(stored.anxiety, theta=anx, se=se),
        avoidance=replace(stored.avoidance, theta=avo, se=se),
    )
    return Occasion(str(id_), datetime(2026, 1, id_, tzinfo=UTC), result)


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [((1.0, 1.0), (0.0, 1.0), ("more", "none")), ((0.0, 0.0), (0.0, 1.2), ("none", "less"))],
)
def test_it_words_the_reliable_change_per_dimension(before, after, verdict):
    changes = progress.compare(_occ(1, *before), _occ(2, *after))
    assert tuple(c.direction for c in changes) == verdict
    # |RC| = 1 / sqrt(0.18) = 2.36 > 1.96; 0.0 stays below.
    assert abs(changes[0].rci) in (0.0, pytest.approx(1 / 0.18**0.5))


def test_it_sits_just_inside_the_threshold_without_calling_it_change():
    se = 0.5
    just_under = 1.95 * (2 * se**2) ** 0.5
    changes = progress.compare(_occ(1, 0, 0, se), _occ(2, just_under, -just_under, se))
    assert [c.direction for c in changes] == ["none", "none"]


def test_it_makes_a_pdf_of_the_progress_page(client, owner):
    make_entries(owner)
    ThemeCheckin.objects.create(user=owner, trust=1, attunement=2, autonomy=3, connection=4)
    client.force_login(owner)
    r = client.get("/groei/voortgang/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_it_still_draws_plots_after_a_pdf_was_made(client, owner):
    """WeasyPrint changes ElementTree's global namespace prefixes; our SVG must not care."""
    make_entries(owner)
    client.force_login(owner)
    client.get("/groei/voortgang/pdf/")
    html = client.get("/groei/stap/5/").content.decode()
    assert '<svg xmlns:xlink="http://www.w3.org/1999/xlink"' in html or "<svg " in html
    assert "ns0:" not in html and "svg:svg" not in html


def test_it_scores_the_rosenberg_scale_with_the_core_keys_and_norms(client, owner):
    client.force_login(owner)
    # Highest self-esteem: "strongly agree" on items 1, 2, 4, 6, 7; "strongly disagree" on the
    # reverse-keyed 3, 5, 8, 9, 10 (keyed by text in the core's rses.json).
    answers = [4, 4, 1, 4, 1, 4, 4, 1, 1, 1]
    data = {f"item_{n}": a for n, a in enumerate(answers, start=1)}
    assert (
        client.post("/groei/zelfbeeld/nieuw/", {**data, "bigger": "", "smaller": ""}).status_code
        == 302
    )
    from hechting.program import instruments

    score = instruments.score_rses(answers)
    assert score.mean == 4.0
    assert 90 < score.percentile <= 100
    assert instruments.score_rses([1, 1, 4, 1, 4, 1, 1, 4, 4, 4]).mean == 1.0
    html = client.get("/groei/stap/3/").content.decode()
    assert "<strong>4,0</strong>" in html and "47899" in html.replace(".", "")
