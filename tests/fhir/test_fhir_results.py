"""`GET /api/v1/assessments/{id}/fhir`: a stored result as a FHIR collection Bundle whose
numbers are those of `/result`."""

import json

import pytest
from fhir.resources.R4B import get_fhir_model_class

from hechting.assessments import engine

pytestmark = pytest.mark.django_db
API = "/api/v1"


def valid(resource: dict) -> dict:
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    for entry in resource.get("entry", []):
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    return resource


def take(client, instrument: str, mode: str, answer) -> tuple[dict, dict[str, int]]:
    body = {"instrument": instrument, "mode": mode, "language": "en"}
    a = client.post(f"{API}/assessments", body, content_type="application/json").json()
    auth = {"Authorization": f"Bearer {a['token']}"}
    given: dict[str, int] = {}
    step = a
    while step["next"] is not None:
        item = step["next"]["item"]
        given[item] = answer(item, step["next"]["options"])
        step = client.put(
            f"{API}/assessments/{a['id']}/answers/{item}",
            json.dumps({"value": given[item]}),
            content_type="application/json",
            headers=auth,
        ).json()
    return a, given


def get(client, a: dict, path: str, token: str | None = None):
    headers = {"Authorization": f"Bearer {token or a['token']}"} if token != "" else {}
    return client.get(f"{API}/assessments/{a['id']}{path}", headers=headers)


def by_code(bundle: dict) -> dict[str, dict]:
    return {
        e["resource"]["code"]["coding"][0]["code"]: e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
    }


def test_an_ecr_result_is_a_bundle_with_the_numbers_of_result(client):
    a, given = take(client, "ecr", "adaptive", lambda item, _: 1 + int(item[1:]) % 5)
    r = get(client, a, "/fhir")
    assert r.status_code == 200 and r["Content-Type"] == "application/fhir+json"
    bundle = valid(r.json())
    result = get(client, a, "/result").json()
    assert bundle["type"] == "collection"
    response = bundle["entry"][0]
    qr = response["resource"]
    assert qr["resourceType"] == "QuestionnaireResponse" and qr["status"] == "completed"
    assert {i["linkId"]: int(i["answer"][0]["valueCoding"]["code"]) for i in qr["item"]} == given
    assert qr["authored"].startswith(bundle["timestamp"][:10])
    obs = by_code(bundle)
    for scale in ("anxiety", "avoidance"):
        for part in ("theta", "se", "mean", "percentile"):
            want = result[scale][part]  # None (an adaptive test has no classical mean): absent
            got = obs.get(f"{scale}-{part}")
            assert (got and got["valueQuantity"]["value"]) == want, (scale, part)
    for style, p in result["styles"].items():
        assert obs[f"p-{style}"]["valueQuantity"]["value"] == p
    assert obs["style"]["valueCodeableConcept"]["coding"][0]["code"] == f"style-{result['style']}"
    assert obs["security"]["valueQuantity"]["value"] == result["security"]
    for o in obs.values():
        assert o["derivedFrom"] == [{"reference": response["fullUrl"]}]
        assert result["scored_with"]["parameters"] in o["method"]["text"]
        assert result["scored_with"]["norms"] in o["method"]["text"]
    assert get(client, a, "/fhir").json() == bundle  # stable ids: the same Bundle every time


@pytest.mark.parametrize(
    ("instrument", "codes"),
    [
        ("rses", {"rses-total", "rses-mean", "rses-percentile", "rses-t"}),
        ("rq", {"rq-self-model", "rq-other-model"}),
    ],
)
def test_rses_and_rq_results_are_bundles_too(client, instrument, codes):
    a, given = take(client, instrument, "full", lambda item, options: options[-1]["value"])
    bundle = valid(get(client, a, "/fhir").json())
    assert set(by_code(bundle)) == codes
    qr = bundle["entry"][0]["resource"]
    assert [i["linkId"] for i in qr["item"]] == engine.questionnaire(instrument).order()
    result = get(client, a, "/result").json()
    if instrument == "rses":
        assert by_code(bundle)["rses-t"]["valueQuantity"]["value"] == result["t"]


def test_it_is_a_409_until_done_and_private(client):
    body = {"instrument": "ecr", "mode": "full", "language": "nl"}
    a = client.post(f"{API}/assessments", body, content_type="application/json").json()
    assert get(client, a, "/fhir").status_code == 409
    assert get(client, a, "/fhir", token="").status_code == 401
    other = client.post(f"{API}/assessments", body, content_type="application/json").json()
    assert get(client, a, "/fhir", token=other["token"]).status_code == 404
