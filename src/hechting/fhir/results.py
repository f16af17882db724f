"""A stored result as FHIR: a `collection` Bundle of the QuestionnaireResponse (the answers as
given) and one Observation per score, each `derivedFrom` that response.

Reusable: `GET /api/v1/assessments/{id}/fhir` serves it, the practice export can write it.
Numbers are copied from the stored result JSON (what `/result` returns), never recomputed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from hechting.fhir.observations import observations, result_values
from hechting.fhir.questionnaires import questions

NAMESPACE = uuid.UUID("7d3c1f0e-4b7a-5c59-9a51-2f6b8e0c1d12")  # stable urn:uuid ids per assessment


def _urn(assessment_id: str, part: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{assessment_id}/{part}')}"


def questionnaire_response(
    base: str,
    *,
    instrument: str,
    answers: Mapping[str, int],
    authored: str,
    language: str,
) -> dict[str, Any]:
    """A completed QuestionnaireResponse: every answer as given, in questionnaire order, coded
    with the Questionnaire's own options."""
    from hechting.fhir.common import answers_system

    items = []
    for q in questions(instrument):
        if q.id not in answers:
            continue
        option = next(o for o in q.options if o.value == answers[q.id])
        items.append(
            {
                "linkId": q.id,
                "answer": [
                    {
                        "valueCoding": {
                            "system": answers_system(base, instrument, q.kind),
                            "code": str(option.value),
                            "display": option.nl if language == "nl" else option.en,
                        }
                    }
                ],
            }
        )
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{base}/Questionnaire/{instrument}",
        "status": "completed",
        "authored": authored,
        "language": language,
    }
    if items:
        resource["item"] = items
    return resource


def result_bundle(
    base: str,
    *,
    assessment_id: str,
    instrument: str,
    answers: Mapping[str, int],
    result: Mapping[str, Any],
    authored: str,
    language: str,
) -> dict[str, Any]:
    """The collection Bundle of one completed assessment."""
    response_urn = _urn(assessment_id, "response")
    response = questionnaire_response(
        base, instrument=instrument, answers=answers, authored=authored, language=language
    )
    found = observations(
        base,
        result_values(result),
        derived_from=response_urn,
        issued=authored,
        scored_with=result.get("scored_with") or {},
    )
    entries = [{"fullUrl": response_urn, "resource": response}]
    for obs in found:
        urn = _urn(assessment_id, obs["id"])
        obs["id"] = urn.removeprefix("urn:uuid:")
        entries.append({"fullUrl": urn, "resource": obs})
    return {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": _urn(assessment_id, "bundle")},
        "type": "collection",
        "timestamp": authored,
        "entry": entries,
    }
