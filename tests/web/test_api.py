import gzip
import json

import pytest
from django.test import Client

from hechting.assessments.models import Answer, Assessment
from hechting.psychometrics.attachment import load_attachment_model
from hechting.psychometrics.results import norms_id

pytestmark = pytest.mark.django_db
API = "/api/v1"


def create(client: Client, **body: str) -> dict:
    body = {"instrument": "ecr", "mode": "adaptive", "language": "nl", **body}
    r = client.post(f"{API}/assessments", body, content_type="application/json")
    assert r.status_code == 201, r.content
    return r.json()


def put(client: Client, a: dict, item: str, body: object, token: str | None = None):
    headers = {"Authorization": f"Bearer {token or a['token']}"}
    data = body if isinstance(body, str) else json.dumps(body)
    return client.put(
        f"{API}/assessments/{a['id']}/answers/{item}",
        data,
        content_type="application/json",
        headers=headers,
    )


def get(client: Client, a: dict, path: str = "", token: str | None = None):
    return client.get(
        f"{API}/assessments/{a['id']}{path}",
        headers={"Authorization": f"Bearer {token or a['token']}"},
    )


def real_rows(ecr_path, n: int) -> list[dict[str, int]]:
    """The first n respondents who answered all 36 items (never copied into the repo)."""
    rows = []
    with gzip.open(ecr_path, "rt") as f:
        header = f.readline().strip().split(",")
        for line in f:
            values = dict(zip(header, line.strip().split(","), strict=True))
            answers = {f"Q{i}": int(values[f"Q{i}"]) for i in range(1, 37)}
            if all(1 <= v <= 5 for v in answers.values()):
                rows.append(answers)
            if len(rows) == n:
                return rows
    return rows


def test_it_creates_an_assessment_with_a_first_question(client):
    a = create(client)
    assert set(a) == {"id", "token", "next", "progress"}
    assert len(a["token"]) >= 40
    assert set(a["next"]) == {"item", "text", "options"}
    assert [o["value"] for o in a["next"]["options"]] == [1, 2, 3, 4, 5]
    assert a["progress"]["answered"] == 0
    stored = Assessment.objects.get(pk=a["id"])
    assert stored.token_hash != a["token"] and stored.has_token(a["token"])


def test_it_rejects_unknown_instruments_and_modes(client):
    for body in ({"instrument": "mbti"}, {"instrument": "rq", "mode": "adaptive"}, {}):
        r = client.post(f"{API}/assessments", body, content_type="application/json")
        assert r.status_code == 422, body
        assert r.json()["detail"]


@pytest.mark.parametrize("mode", ["adaptive", "full"])
def test_it_takes_real_respondents_through_to_a_result(client, ecr_path, mode):
    for answers in real_rows(ecr_path, 3):
        a = create(client, mode=mode)
        nxt, asked = a["next"], []
        while nxt is not None:
            asked.append(nxt["item"])
            r = put(client, a, nxt["item"], {"value": answers[nxt["item"]]})
            assert r.status_code == 200, r.content
            body = r.json()
            assert body["progress"]["answered"] == len(asked)
            nxt = body["next"]
        assert body["done"] is True
        if mode == "full":
            assert asked == [f"Q{i}" for i in range(1, 37)]
        state = get(client, a).json()
        assert state["done"] is True and state["next"] is None
        assert state["answers"] == {item: answers[item] for item in asked}
        result = get(client, a, "/result").json()
        assert set(result) == {
            "instrument",
            "anxiety",
            "avoidance",
            "styles",
            "style",
            "security",
            "n_answered",
            "note",
            "scored_with",
        }
        assert set(result["anxiety"]) == {
            "theta",
            "se",
            "mean",
            "expected_mean",
            "percentile",
            "t",
            "cut_theta",
        }
        assert result["anxiety"]["t"] == pytest.approx(50 + 10 * result["anxiety"]["theta"])
        assert result["n_answered"] == len(asked)
        model = load_attachment_model()
        assert result["scored_with"] == {
            "parameters": model.parameters_id,
            "norms": norms_id(model.norms),
        }
        assert result["scored_with"]["parameters"].startswith("ecr-grm@sha256:")
        assert set(result["styles"]) == {"secure", "anxious", "avoidant", "fearful"}
        assert sum(result["styles"].values()) == pytest.approx(1.0)
        assert result["style"] in result["styles"]


def test_it_treats_a_repeated_answer_as_one(client):
    a = create(client)
    item = a["next"]["item"]
    first = put(client, a, item, {"value": 4}).json()
    again = put(client, a, item, {"value": 4}).json()
    assert first == again
    assert put(client, a, item, {"value": 2}).status_code == 200
    assert list(Answer.objects.filter(assessment_id=a["id"]).values_list("value", flat=True)) == [2]
    assert get(client, a).json()["answers"] == {item: 2}


@pytest.mark.parametrize(
    "body", [{"value": 0}, {"value": 6}, {"value": "abc"}, {"value": 2.5}, {"value": True}, {}, ""]
)
def test_it_refuses_bad_values_with_a_message(client, body):
    a = create(client)
    r = put(client, a, a["next"]["item"], body)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail and all(d["msg"] for d in detail)
    assert not Answer.objects.exists()


def test_it_refuses_a_body_that_is_not_json(client):
    a = create(client)
    r = put(client, a, a["next"]["item"], "nonsense")
    assert r.status_code == 400 and r.json()["detail"]
    assert not Answer.objects.exists()


def test_it_names_the_item_and_range_in_the_message(client):
    a = create(client)
    item = a["next"]["item"]
    msg = put(client, a, item, {"value": 6}).json()["detail"][0]["msg"]
    assert item in msg and "1" in msg and "5" in msg


def test_it_answers_404_for_an_unknown_item(client):
    a = create(client)
    assert put(client, a, "Q99", {"value": 3}).status_code == 404
    assert put(client, a, "rses1", {"value": 3}).status_code == 404


def test_it_requires_a_token(client):
    a = create(client)
    for r in (
        client.get(f"{API}/assessments/{a['id']}"),
        client.get(f"{API}/assessments/{a['id']}/result"),
        client.put(
            f"{API}/assessments/{a['id']}/answers/Q1",
            {"value": 3},
            content_type="application/json",
        ),
        client.get(f"{API}/assessments/{a['id']}", headers={"Authorization": "Bearer "}),
    ):
        assert r.status_code == 401


def test_it_answers_404_for_another_respondents_token(client):
    mine, theirs = create(client), create(client)
    item = theirs["next"]["item"]
    assert put(client, theirs, item, {"value": 3}, token=mine["token"]).status_code == 404
    assert get(client, theirs, token=mine["token"]).status_code == 404
    assert get(client, theirs, "/result", token=mine["token"]).status_code == 404
    assert get(client, theirs, token="made-up").status_code == 404
    assert not Answer.objects.filter(assessment_id=theirs["id"]).exists()


def test_it_answers_409_for_a_result_before_the_end(client):
    a = create(client)
    assert get(client, a, "/result").status_code == 409
    put(client, a, a["next"]["item"], {"value": 3})
    assert get(client, a, "/result").status_code == 409


def test_it_locks_answers_once_done_but_accepts_a_repeat(client):
    a = create(client, mode="full")
    for i in range(1, 37):
        last = put(client, a, f"Q{i}", {"value": 3})
    assert last.json() == {"next": None, "done": True, "progress": last.json()["progress"]}
    assert put(client, a, "Q36", {"value": 3}).status_code == 200
    assert put(client, a, "Q36", {"value": 4}).status_code == 409
    assert Answer.objects.filter(assessment_id=a["id"]).count() == 36


def test_it_speaks_the_assessment_language(client):
    nl, en = create(client, language="nl"), create(client, language="en")
    assert nl["next"]["text"] != en["next"]["text"]


def test_it_publishes_openapi(client):
    r = client.get(f"{API}/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    assert f"{API}/assessments/{{id}}/answers/{{item}}" in paths


def test_it_needs_no_csrf_token(client):
    strict = Client(enforce_csrf_checks=True)
    r = strict.post(f"{API}/assessments", {"instrument": "ecr"}, content_type="application/json")
    assert r.status_code == 201


def test_it_scores_the_rq_and_the_rses(client):
    rq = create(client, instrument="rq", mode="full")
    assert len(rq["next"]["options"]) == 7
    for item, value in (("A", 6), ("B", 2), ("C", 3), ("D", 5)):
        assert put(client, rq, item, {"value": value}).status_code == 200
    assert put(client, rq, "choice", {"value": 5}).status_code == 422
    assert put(client, rq, "choice", {"value": 1}).json()["done"] is True
    result = get(client, rq, "/result").json()
    assert result["ratings"] == {"A": 6, "B": 2, "C": 3, "D": 5}
    assert result["choice"] == "A" and result["choice_style"] == "secure"
    assert result["self_model"] == (6 + 5) - (2 + 3)
    assert result["other_model"] == (6 + 3) - (2 + 5)

    rses = create(client, instrument="rses", mode="full")
    for i in range(1, 11):
        assert put(client, rses, f"Q{i}", {"value": 5}).status_code == 422
        assert put(client, rses, f"Q{i}", {"value": 4}).status_code == 200
    result = get(client, rses, "/result").json()
    assert set(result) == {"instrument", "total", "mean", "percentile", "t", "scored_with"}
    assert result["scored_with"]["parameters"] is None
    assert result["scored_with"]["norms"].startswith("rses-norms@sha256:")


def test_it_deletes_an_assessment_for_its_owner_only(client):
    mine, theirs = create(client), create(client)
    put(client, mine, mine["next"]["item"], {"value": 3})
    headers = {"Authorization": f"Bearer {mine['token']}"}
    assert client.delete(f"{API}/assessments/{theirs['id']}", headers=headers).status_code == 404
    assert client.delete(f"{API}/assessments/{mine['id']}").status_code == 401
    assert client.delete(f"{API}/assessments/{mine['id']}", headers=headers).status_code == 204
    assert not Answer.objects.exists()
    assert [str(pk) for pk in Assessment.objects.values_list("pk", flat=True)] == [theirs["id"]]
    assert get(client, mine).status_code == 404


def test_it_serves_no_docs_page_with_third_party_assets(client):
    assert client.get(f"{API}/docs").status_code == 404
