"""SDC's `$next-question` for the adaptive ECR, stateless: the answers in the request are the
whole state, and the same answers always give the same next item.

The item and the scores come from `assessments.engine` — the same CAT core and scoring as
/api/v1 — so a FHIR client and an API client given the same answers see the same test.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from hechting.fhir.common import ADAPTIVE, SDC_ADAPTIVE_RESPONSE, answers_system
from hechting.fhir.observations import SCORE_BY_CODE, ecr_values, observations
from hechting.fhir.questionnaires import ADAPTIVE_ID, item, questions

CONTAINED_ID = "asked"  # the contained Questionnaire of the items asked so far
SCORE_PREFIX = "score-"  # linkIds of the read-only score items


class Invalid(Exception):
    """A request we cannot use: becomes an OperationOutcome naming ``where``."""

    def __init__(self, status: int, code: str, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.where = status, code, message, where


@dataclass(frozen=True)
class Request:
    response: dict[str, Any]  # the QuestionnaireResponse as sent
    answers: dict[str, int]  # item id -> 1..5, in the order given


def parse(body: Any, base: str) -> Request:
    """The QuestionnaireResponse in a Parameters body (or a bare one), checked."""
    if not isinstance(body, dict):
        raise Invalid(400, "structure", "The body must be a FHIR JSON object.")
    if body.get("resourceType") == "Parameters":
        found = [
            p.get("resource")
            for p in body.get("parameter") or []
            if isinstance(p, dict)
            and isinstance(p.get("resource"), dict)
            and p["resource"].get("resourceType") == "QuestionnaireResponse"
        ]
        if len(found) != 1:
            raise Invalid(
                400,
                "required",
                "Parameters must hold one QuestionnaireResponse "
                "(parameter 'questionnaire-response').",
                "Parameters.parameter",
            )
        qr = found[0]
    elif body.get("resourceType") == "QuestionnaireResponse":
        qr = body
    else:
        raise Invalid(
            400,
            "structure",
            "Expected a Parameters or QuestionnaireResponse resource, "
            f"not {str(body.get('resourceType'))[:40]!r}.",
            "resourceType",
        )
    if not isinstance(qr, dict):  # the checks above leave only a dict, said once for mypy
        raise Invalid(400, "structure", "Expected a QuestionnaireResponse resource.", "")
    _check_questionnaire(qr, base)
    return Request(response=qr, answers=_answers(qr, base))


def _is_adaptive_ecr(url: Any, base: str) -> bool:
    if not isinstance(url, str):
        return False
    url = url.split("|", 1)[0]
    return url == f"{base}/Questionnaire/{ADAPTIVE_ID}" or url.endswith(
        f"/Questionnaire/{ADAPTIVE_ID}"
    )


def _check_questionnaire(qr: dict[str, Any], base: str) -> None:
    ref = qr.get("questionnaire")
    if isinstance(ref, str) and ref.startswith("#"):
        contained = {r.get("id"): r for r in qr.get("contained") or [] if isinstance(r, dict)}
        target = contained.get(ref[1:], {})
        ok = _is_adaptive_ecr(target.get("url"), base) or any(
            _is_adaptive_ecr(u, base) for u in target.get("derivedFrom") or []
        )
    else:
        ok = _is_adaptive_ecr(ref, base)
    if not ok:
        raise Invalid(
            404,
            "not-found",
            f"Unknown questionnaire {str(ref)[:80]!r}: $next-question serves "
            f"{base}/Questionnaire/{ADAPTIVE_ID}.",
            "QuestionnaireResponse.questionnaire",
        )


def _answers(qr: dict[str, Any], base: str) -> dict[str, int]:
    ecr = {q.id: q for q in questions("ecr")}
    system = answers_system(base, "ecr")
    items = qr.get("item") or []
    if not isinstance(items, list):
        raise Invalid(400, "structure", "item must be a list.", "QuestionnaireResponse.item")
    answers: dict[str, int] = {}
    for i, entry in enumerate(items):
        where = f"QuestionnaireResponse.item[{i}]"
        link = entry.get("linkId") if isinstance(entry, dict) else None
        if not isinstance(link, str):
            raise Invalid(400, "required", "Every item needs a linkId.", where)
        if link.startswith(SCORE_PREFIX):
            continue  # scores we sent back earlier are not answers
        if link not in ecr:
            raise Invalid(422, "value", f"Item {link[:40]!r} is not an ECR item.", where)
        if link in answers:
            raise Invalid(422, "value", f"Item {link} is answered twice.", where)
        given = entry.get("answer") or []
        if not isinstance(given, list) or len(given) != 1 or not isinstance(given[0], dict):
            raise Invalid(422, "value", f"Item {link} needs exactly one answer.", where)
        answers[link] = _value(given[0], ecr[link], system, f"{where}.answer[0]")
    return answers


def _value(answer: dict[str, Any], question: Any, system: str, where: str) -> int:
    allowed = {o.value for o in question.options}
    coding = answer.get("valueCoding")
    if isinstance(coding, dict):
        if coding.get("system") not in (None, system):
            raise Invalid(
                422,
                "code-invalid",
                f"Item {question.id}: answer system must be {system}.",
                f"{where}.valueCoding.system",
            )
        raw = coding.get("code")
    elif "valueInteger" in answer:
        raw = answer["valueInteger"]
    else:
        raise Invalid(
            422, "value", f"Item {question.id}: answer with valueCoding (or valueInteger).", where
        )
    value: int | None
    try:
        value = int(str(raw))
    except ValueError:
        value = None
    if value is None or value not in allowed or str(raw).strip() != str(value):
        raise Invalid(
            422,
            "code-invalid",
            f"Item {question.id}: {str(raw)[:20]!r} is not one of the answer options "
            f"{min(allowed)}-{max(allowed)}.",
            where,
        )
    return value


@lru_cache(maxsize=16384)
def _next_item(answers: tuple[tuple[str, int], ...]) -> str | None:
    """The CAT's next item for these (sorted) answers. Cached: a client's k-th request replays
    the k - 1 steps its earlier requests already computed."""
    from hechting.assessments import engine

    return engine.next_step("ecr", "adaptive", dict(answers)).item


def asked_order(answers: dict[str, int]) -> list[str]:
    """The items in the order the CAT asks them given these answers; an answered item the CAT
    would not have asked is an error naming it (its answers do not depend on order)."""
    order: list[str] = []
    known: dict[str, int] = {}
    while len(known) < len(answers):
        step_item = _next_item(tuple(sorted(known.items())))
        if step_item is None or step_item not in answers:
            extra = next(i for i in answers if i not in known)
            index = list(answers).index(extra)
            raise Invalid(
                422,
                "business-rule",
                f"Item {extra} was not asked: after {len(known)} answers the adaptive ECR asks "
                f"{step_item or 'nothing more'}.",
                f"QuestionnaireResponse.item[{index}]",
            )
        order.append(step_item)
        known[step_item] = answers[step_item]
    return order


def next_question(req: Request, base: str, language: str, now: str) -> dict[str, Any]:
    """The QuestionnaireResponse with the next item added, or completed with the scores."""

    order = asked_order(req.answers)
    next_item = _next_item(tuple(sorted(req.answers.items())))
    by_id = {q.id: q for q in questions("ecr")}
    asked = [item(base, "ecr", by_id[i], language) for i in order]
    answered = [
        {
            "linkId": i,
            "text": asked[k]["text"],
            "answer": [{"valueCoding": _coding(asked[k], req.answers[i])}],
        }
        for k, i in enumerate(order)
    ]
    qr = {
        key: value
        for key, value in req.response.items()
        if key not in ("contained", "item", "status", "meta")
    }
    qr["resourceType"] = "QuestionnaireResponse"
    qr["meta"] = {"profile": [SDC_ADAPTIVE_RESPONSE]}
    qr.setdefault("questionnaire", f"{base}/Questionnaire/{ADAPTIVE_ID}")
    qr["language"] = language
    contained_q: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": CONTAINED_ID,
        "extension": [{"url": ADAPTIVE, "valueBoolean": True}],
        "url": f"{base}/Questionnaire/{ADAPTIVE_ID}",
        "status": "active",
        "language": language,
        "subjectType": ["Patient"],
        "item": asked,
    }
    contained: list[dict[str, Any]] = [contained_q]
    if next_item is not None:
        qr["status"] = "in-progress"
        asked.append(item(base, "ecr", by_id[next_item], language))
    else:
        qr["status"] = "completed"
        qr.setdefault("authored", now)
        result = ecr_result_json(req.answers)
        values = ecr_values(result)
        for code, value in values.items():
            if value is None:
                continue
            link = SCORE_PREFIX + code
            kind = "string" if isinstance(value, str) else "decimal"
            asked.append(
                {
                    "linkId": link,
                    "text": SCORE_BY_CODE[code].display,
                    "type": kind,
                    "readOnly": True,
                }
            )
            answered.append(
                {
                    "linkId": link,
                    "answer": [{"valueString" if kind == "string" else "valueDecimal": value}],
                }
            )
        contained += observations(
            base,
            values,
            derived_from="#",
            issued=now,
            id_prefix="obs-",
            scored_with=result.get("scored_with"),
        )
    qr["contained"] = contained
    if answered:  # FHIR JSON has no empty arrays
        qr["item"] = answered
    return qr


def ecr_result_json(answers: dict[str, int]) -> dict[str, Any]:
    """The ECR result of these answers exactly as `GET /api/v1/assessments/{id}/result`
    returns it."""
    from hechting.psychometrics.results import ecr_result

    return ecr_result(answers).to_json()


def _coding(question_item: dict[str, Any], value: int) -> dict[str, Any]:
    for option in question_item["answerOption"]:
        if option["valueCoding"]["code"] == str(value):
            return dict(option["valueCoding"])
    raise AssertionError(value)  # values were checked against the same options
