"""200 real respondents take the adaptive ECR twice — through FHIR's `$next-question` and
through /api/v1 — answering each item as they answered it in the shared data. Both must ask the
same items in the same order and report the same scores."""

import gzip
import json

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]

API = "/api/v1"
BASE = "http://testserver/fhir"
N = 200


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
                break
    return rows


def through_api(client, person: dict[str, int]) -> tuple[list[str], dict]:
    body = {"instrument": "ecr", "mode": "adaptive", "language": "en"}
    a = client.post(f"{API}/assessments", body, content_type="application/json").json()
    auth = {"Authorization": f"Bearer {a['token']}"}
    asked, step = [], a
    while step["next"] is not None:
        item = step["next"]["item"]
        asked.append(item)
        step = client.put(
            f"{API}/assessments/{a['id']}/answers/{item}",
            json.dumps({"value": person[item]}),
            content_type="application/json",
            headers=auth,
        ).json()
    result = client.get(f"{API}/assessments/{a['id']}/result", headers=auth).json()
    return asked, result


def through_fhir(client, person: dict[str, int]) -> tuple[list[str], dict[str, object]]:
    qr: dict = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{BASE}/Questionnaire/ecr-adaptive",
        "status": "in-progress",
    }
    while True:
        body = {
            "resourceType": "Parameters",
            "parameter": [{"name": "questionnaire-response", "resource": qr}],
        }
        r = client.post(
            "/fhir/Questionnaire/$next-question",
            json.dumps(body),
            content_type="application/fhir+json",
        )
        assert r.status_code == 200, r.content
        qr = r.json()
        if qr["status"] == "completed":
            break
        item = qr["contained"][0]["item"][-1]
        # A client answers with one of the offered codings, as it found it.
        coding = next(
            o["valueCoding"]
            for o in item["answerOption"]
            if o["valueCoding"]["code"] == str(person[item["linkId"]])
        )
        qr.setdefault("item", []).append(
            {"linkId": item["linkId"], "answer": [{"valueCoding": coding}]}
        )
    asked = [i["linkId"] for i in qr["item"] if not i["linkId"].startswith("score-")]
    scores = {
        i["linkId"].removeprefix("score-"): next(iter(i["answer"][0].values()))
        for i in qr["item"]
        if i["linkId"].startswith("score-")
    }
    return asked, scores


def test_200_respondents_get_the_same_test_and_scores_over_fhir_and_the_api(
    client, ecr_path, settings
):
    # One test client is one address: lift the limit on new assessments per address.
    settings.THROTTLES = {**settings.THROTTLES, "create-ip": (10 * N, 3600)}
    people = real_rows(ecr_path, N)
    assert len(people) == N
    lengths = []
    for person in people:
        api_items, result = through_api(client, person)
        fhir_items, scores = through_fhir(client, person)
        assert fhir_items == api_items
        for scale in ("anxiety", "avoidance"):
            for part in ("theta", "se", "mean", "percentile"):
                assert scores.get(f"{scale}-{part}") == result[scale][part], (scale, part)
        for style, p in result["styles"].items():
            assert scores[f"p-{style}"] == p
        assert scores["style"] == result["style"]
        assert scores.get("security") == result["security"]
        lengths.append(len(api_items))
    assert min(lengths) < max(lengths)  # the test really adapts to the person
