"""FHIR: questionnaires, the adaptive ECR over `$next-question`, and errors as OperationOutcome.

Every resource is validated with fhir.resources' R4B models (R4B is R4 for these resources).
"""

import json

import pytest
from django.test import Client
from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from hechting.assessments import engine
from hechting.fhir.common import TRANSLATION
from hechting.psychometrics.results import ecr_result

BASE = "http://testserver/fhir"
ADAPTIVE = f"{BASE}/Questionnaire/ecr-adaptive"
ANSWERS = f"{BASE}/CodeSystem/ecr-answers"
CODES = ("ecr", "ecr-s", "rses", "rq", "ecr-rs")
NOW = "2026-12-02T12:00:00+00:00"


def valid(resource: dict) -> dict:
    """Parse with the R4B model of its resourceType (raises on anything invalid), and check
    FHIR JSON's rule the models let pass: no null, no empty array or object, anywhere."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    _no_empty(resource, resource["resourceType"])
    return resource


def _no_empty(value: object, where: str) -> None:
    assert value is not None and value != [] and value != {} and value != "", where
    if isinstance(value, dict):
        for key, v in value.items():
            _no_empty(v, f"{where}.{key}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _no_empty(v, f"{where}[{i}]")


def fhir_get(client: Client, path: str, language: str | None = None):
    headers = {"Accept-Language": language} if language else {}
    r = client.get(f"/fhir/{path}", headers=headers)
    assert r["Content-Type"] == "application/fhir+json", r["Content-Type"]
    return r


def next_question(client: Client, body: object, language: str = "en"):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    r = client.post(
        "/fhir/Questionnaire/$next-question",
        data,
        content_type="application/fhir+json",
        headers={"Accept-Language": language},
    )
    assert r["Content-Type"] == "application/fhir+json"
    return r


def response(answers: dict[str, int], *, wrap: bool = True, **extra: object) -> dict:
    qr = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": ADAPTIVE,
        "status": "in-progress",
        "item": [
            {"linkId": k, "answer": [{"valueCoding": {"system": ANSWERS, "code": str(v)}}]}
            for k, v in answers.items()
        ],
        **extra,
    }
    if not qr["item"]:
        del qr["item"]
    if not wrap:
        return qr
    return {
        "resourceType": "Parameters",
        "parameter": [{"name": "questionnaire-response", "resource": qr}],
    }


def translations(element: dict) -> dict[str, str]:
    out = {}
    for ext in element.get("extension", []):
        if ext["url"] == TRANSLATION:
            parts = {e["url"]: e for e in ext["extension"]}
            out[parts["lang"]["valueCode"]] = parts["content"]["valueString"]
    return out


# --- the validator itself can fail -------------------------------------------------------


def test_the_r4b_validation_rejects_what_is_not_fhir():
    with pytest.raises(ValidationError):
        valid({"resourceType": "Questionnaire"})  # status is required
    with pytest.raises(ValidationError):
        valid({"resourceType": "Questionnaire", "status": "active", "item": [{"linkId": "a"}]})
    with pytest.raises(ValidationError):
        valid({"resourceType": "Questionnaire", "status": "active", "itemz": [1]})
    with pytest.raises(AssertionError):
        valid({"resourceType": "Questionnaire", "status": "active", "item": []})


# --- questionnaires ----------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_it_serves_each_questionnaire_in_dutch_with_the_english_original(client, code):
    r = fhir_get(client, f"Questionnaire/{code}")
    assert r.status_code == 200
    q = valid(r.json())
    assert (q["id"], q["language"], q["url"]) == (code, "nl", f"{BASE}/Questionnaire/{code}")
    assert q["copyright"] and "(" in q["description"]  # licence and citation
    questions = [i for i in q["item"] if i["linkId"] != "target"]
    for it in questions:
        assert "en" in translations(it["_text"]), it["linkId"]
        codes = [o["valueCoding"]["code"] for o in it["answerOption"]]
        assert codes == [str(v) for v in range(1, len(codes) + 1)]
        assert all(o["valueCoding"]["display"] for o in it["answerOption"])


@pytest.mark.parametrize("code", ["ecr", "rq", "rses"])
def test_its_link_ids_texts_and_options_are_the_apis(client, code):
    q = fhir_get(client, f"Questionnaire/{code}", "en").json()
    api = engine.questionnaire(code)
    assert [i["linkId"] for i in q["item"]] == api.order()
    for it, question in zip(q["item"], api.questions, strict=True):
        assert it["text"] == question.text("en")
        assert translations(it["_text"]) == {"nl": question.text("nl")}
        options = [
            (int(o["valueCoding"]["code"]), o["valueCoding"]["display"]) for o in it["answerOption"]
        ]
        assert options == [(o.value, o.label("en")) for o in question.options]


def test_the_ecr_item_12_reads_as_published(client):
    q = fhir_get(client, "Questionnaire/ecr", "en-GB,en;q=0.8").json()
    item = next(i for i in q["item"] if i["linkId"] == "Q12")
    assert item["text"] == (
        "I often want to merge completely with romantic partners, "
        "and this sometimes scares them away."
    )
    assert q["language"] == "en"


def test_the_ecr_s_has_its_twelve_ecr_items(client):
    q = valid(fhir_get(client, "Questionnaire/ecr-s").json())
    assert sorted(i["linkId"] for i in q["item"]) == sorted(
        ["Q6", "Q16", "Q18", "Q22", "Q26", "Q32", "Q11", "Q13", "Q17", "Q27", "Q33", "Q35"]
    )


def test_the_ecr_rs_asks_whom_it_is_about(client):
    q = valid(fhir_get(client, "Questionnaire/ecr-rs", "en").json())
    assert q["item"][0]["linkId"] == "target"
    targets = [o["valueCoding"]["code"] for o in q["item"][0]["answerOption"]]
    assert targets[:2] == ["mother", "father"]
    assert len(q["item"]) == 10


def test_it_lists_every_questionnaire_as_a_searchset(client):
    bundle = valid(fhir_get(client, "Questionnaire").json())
    assert bundle["type"] == "searchset"
    ids = [e["resource"]["id"] for e in bundle["entry"]]
    assert ids == [*CODES, "ecr-adaptive"] and bundle["total"] == 6


def test_an_unknown_questionnaire_is_a_404_outcome(client):
    r = fhir_get(client, "Questionnaire/phq-9")
    assert r.status_code == 404
    outcome = valid(r.json())
    assert "phq-9" in outcome["issue"][0]["diagnostics"]


def test_the_adaptive_ecr_has_no_items_and_its_canonical(client):
    q = valid(fhir_get(client, "Questionnaire/ecr-adaptive").json())
    assert q["url"] == ADAPTIVE and "item" not in q
    assert q["extension"][0]["valueBoolean"] is True


def test_the_code_system_lists_every_score(client):
    cs = valid(fhir_get(client, "CodeSystem/hechting-scores").json())
    codes = {c["code"] for c in cs["concept"]}
    assert {"anxiety-theta", "avoidance-se", "p-fearful", "style-secure"} <= codes


# --- $next-question ----------------------------------------------------------------------


def test_the_first_question_is_the_apis_first(client):
    r = next_question(client, response({}), "nl")
    assert r.status_code == 200
    qr = valid(r.json())
    assert qr["status"] == "in-progress" and qr["questionnaire"] == ADAPTIVE
    asked = qr["contained"][0]["item"]
    assert [i["linkId"] for i in asked] == [engine.next_step("ecr", "adaptive", {}).item]
    assert asked[0]["text"] == engine.questionnaire("ecr").get(asked[0]["linkId"]).text("nl")


def test_it_is_stateless_and_takes_a_bare_response(client):
    first = next_question(client, response({}, wrap=False)).json()
    item = first["contained"][0]["item"][0]["linkId"]
    a = next_question(client, response({item: 2})).json()
    b = next_question(client, response({item: 2}, wrap=False)).json()
    assert a == b
    assert [i["linkId"] for i in a["contained"][0]["item"]] == [
        item,
        engine.next_step("ecr", "adaptive", {item: 2}).item,
    ]


def test_it_completes_with_scores_as_items_and_observations(client):
    answers: dict[str, int] = {}
    while True:
        qr = valid(next_question(client, response(answers)).json())
        if qr["status"] == "completed":
            break
        answers[qr["contained"][0]["item"][-1]["linkId"]] = 2 + len(answers) % 3
    want = ecr_result(answers).to_json()
    scores = {i["linkId"]: i["answer"][0] for i in qr["item"] if i["linkId"].startswith("score-")}
    assert scores["score-anxiety-theta"]["valueDecimal"] == want["anxiety"]["theta"]
    assert scores["score-avoidance-se"]["valueDecimal"] == want["avoidance"]["se"]
    assert scores["score-style"]["valueString"] == want["style"]
    read_only = [i for i in qr["contained"][0]["item"] if i.get("readOnly")]
    assert len(read_only) == len(scores)
    observations = [r for r in qr["contained"] if r["resourceType"] == "Observation"]
    by_code = {o["code"]["coding"][0]["code"]: o for o in observations}
    assert by_code["p-secure"]["valueQuantity"]["value"] == want["styles"]["secure"]
    assert all(o["derivedFrom"] == [{"reference": "#"}] for o in observations)
    scored_with = want["scored_with"]
    assert by_code["anxiety-theta"]["method"]["text"] == (
        f"parameters {scored_with['parameters']}; norms {scored_with['norms']}"
    )


# --- bad input: OperationOutcome, 4xx, naming the item -----------------------------------


def _outcome(r, status: int) -> dict:
    assert r.status_code == status, r.content
    return valid(r.json())["issue"][0]


def test_a_body_that_is_not_json_is_a_400(client):
    assert "not JSON" in _outcome(next_question(client, "{oops"), 400)["diagnostics"]


def test_a_resource_of_another_kind_is_a_400(client):
    issue = _outcome(next_question(client, {"resourceType": "Patient"}), 400)
    assert "Patient" in issue["diagnostics"]


def test_an_unknown_questionnaire_is_refused(client):
    body = response({}, wrap=False, questionnaire=f"{BASE}/Questionnaire/phq-9")
    issue = _outcome(next_question(client, body), 404)
    assert "phq-9" in issue["diagnostics"]


def test_an_answer_code_not_in_the_options_names_the_item(client):
    first = engine.next_step("ecr", "adaptive", {}).item
    issue = _outcome(next_question(client, response({first: 9})), 422)
    assert first in issue["diagnostics"] and issue["expression"] == [
        "QuestionnaireResponse.item[0].answer[0]"
    ]


def test_an_item_that_was_not_asked_is_named(client):
    first = engine.next_step("ecr", "adaptive", {}).item
    second = engine.next_step("ecr", "adaptive", {first: 3}).item
    other = next(i for i in engine.questionnaire("ecr").order() if i not in (first, second))
    issue = _outcome(next_question(client, response({first: 3, other: 3})), 422)
    assert f"Item {other} was not asked" in issue["diagnostics"]
    assert issue["expression"] == ["QuestionnaireResponse.item[1]"]


def test_an_item_that_is_not_an_ecr_item_is_named(client):
    issue = _outcome(next_question(client, response({"Q99": 3})), 422)
    assert "Q99" in issue["diagnostics"]
