"""The public JSON API at /api/v1/: the same services as the pages.

Authorised by a bearer token, never by a cookie, so it needs no CSRF token.
"""

import uuid

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Status
from ninja.security import HttpBearer

from hechting.api import schemas
from hechting.assessments import engine, services
from hechting.assessments.models import Assessment, hash_token
from hechting.web import throttle


class Bearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> str | None:
        return token or None


api = NinjaAPI(
    title="Hechting API",
    version="1",
    description="Take the Hechting questionnaires from any client. "
    "Self-reflection, not a diagnosis.",
    urls_namespace="api-v1",
    auth=Bearer(),
    docs_url=None,  # the Swagger page would load assets from a CDN; openapi.json is enough
)

NOT_FOUND: dict[str, object] = {"detail": "Not found."}


def errors(*codes: int) -> dict[int, type[schemas.ErrorOut]]:
    """Error statuses an operation can return, for the OpenAPI document.

    400: a body that is not JSON; 401: no bearer token; 413: a body over the size limit (from
    api/middleware.py); 429: too many requests (with Retry-After).
    """
    return dict.fromkeys(codes, schemas.ErrorOut)


def _owned(request: HttpRequest, pk: uuid.UUID) -> Assessment | None:
    """The assessment this bearer token opens; anyone else's id looks exactly like a missing one."""
    token = str(request.auth)  # type: ignore[attr-defined]  # set by django-ninja's Bearer
    try:
        return Assessment.objects.get(pk=pk, token_hash=hash_token(token))
    except Assessment.DoesNotExist:
        return None


def _next(code: str, language: str, step: engine.Step) -> dict[str, object] | None:
    if step.item is None:
        return None
    question = engine.questionnaire(code).get(step.item)
    assert question is not None
    return {
        "item": question.id,
        "text": question.text(language),
        "options": [{"value": o.value, "label": o.label(language)} for o in question.options],
    }


def _progress(step: engine.Step) -> dict[str, object]:
    total = step.n_answered if step.done else step.expected_total
    return {"answered": step.n_answered, "expected_total": total, "fraction": step.progress}


def _invalid(field: str, message: str) -> dict[str, object]:
    """422 bodies in the same shape as the schema errors django-ninja gives."""
    return {"detail": [{"loc": ["body", field], "msg": message, "type": "value_error"}]}


def _step_out(a: Assessment, step: engine.Step) -> dict[str, object]:
    return {
        "next": _next(a.instrument, a.language, step),
        "done": step.done,
        "progress": _progress(step),
    }


@api.post(
    "/assessments",
    auth=None,
    response={201: schemas.CreatedOut, **errors(400, 413, 422, 429)},
    summary="Start an assessment",
)
def create(
    request: HttpRequest, payload: schemas.CreateIn
) -> HttpResponse | Status[dict[str, object]]:
    verdict = throttle.hit(throttle.rule("create-ip"), throttle.client_ip(request))
    if not verdict.allowed:
        response = JsonResponse(
            {"detail": "Too many new assessments from your address."}, status=429
        )
        response["Retry-After"] = str(verdict.retry_after)
        return response
    try:
        started = services.start_assessment(
            instrument=payload.instrument, mode=payload.mode, language=payload.language
        )
    except ValueError as exc:
        return Status(422, _invalid("mode", str(exc)))
    a = started.assessment
    body = {
        "id": a.pk,
        "token": started.token,
        "next": _next(a.instrument, a.language, started.step),
        "progress": _progress(started.step),
    }
    return Status(201, body)


@api.get(
    "/assessments/{id}",
    response={200: schemas.AssessmentOut, **errors(401, 404)},
    summary="Answers so far and the next question",
)
def detail(request: HttpRequest, id: uuid.UUID) -> Status[dict[str, object]]:
    a = _owned(request, id)
    if a is None:
        return Status(404, NOT_FOUND)
    answers = services.answers_of(a)
    step = services.current_step(a, answers)
    body = {
        "id": a.pk,
        "instrument": a.instrument,
        "mode": a.mode,
        "language": a.language,
        "answers": answers,
        **_step_out(a, step),
    }
    return Status(200, body)


@api.put(
    "/assessments/{id}/answers/{item}",
    response={
        200: schemas.StepOut,
        **errors(400, 401, 404, 409, 413, 422),
    },
    summary="Answer (or change the answer to) one item; repeating it is harmless",
)
def answer(
    request: HttpRequest, id: uuid.UUID, item: str, payload: schemas.AnswerIn
) -> Status[dict[str, object]]:
    a = _owned(request, id)
    if a is None:
        return Status(404, NOT_FOUND)
    try:
        step = services.record_answer(assessment=a, item=item, value=payload.value)
    except services.AnswerError as exc:
        if exc.code == "unknown_item":
            return Status(404, {"detail": exc.message})
        if exc.code == "completed":
            return Status(409, {"detail": exc.message})
        return Status(422, _invalid("value", exc.message))
    return Status(200, _step_out(a, step))


@api.get(
    "/assessments/{id}/result",
    response={
        200: schemas.ResultOut | schemas.RqResultOut | schemas.RsesResultOut,
        **errors(401, 404, 409),
    },
    summary="The scored result (409 until the questionnaire is done)",
    description="ECR: anxiety, avoidance, styles, style, security. "
    "RQ: ratings, choice, self_model, other_model. RSES: total, mean, percentile, t. "
    "Every result: scored_with {parameters, norms}, the ids of the model that scored it.",
)
def result(request: HttpRequest, id: uuid.UUID) -> Status[dict[str, object]]:
    a = _owned(request, id)
    if a is None:
        return Status(404, NOT_FOUND)
    result = services.result_of(a) if services.finish_if_done(a) else None
    if result is None:
        return Status(409, {"detail": "The questionnaire is not finished yet."})
    # As stored at completion, with the ids of the parameters and norms that scored it.
    return Status(200, result.to_json())


@api.get(
    "/assessments/{id}/fhir",
    response={200: dict[str, object], **errors(401, 404, 409)},
    summary="The result as HL7 FHIR R4: a collection Bundle (409 until done)",
    description="The QuestionnaireResponse (the answers as given) and one Observation per score, "
    "each derivedFrom the response, with the parameter and norm ids; numbers identical to "
    "/result. Content-Type application/fhir+json. See docs/fhir.md.",
)
def result_fhir(request: HttpRequest, id: uuid.UUID) -> HttpResponse | Status[dict[str, object]]:
    from hechting.fhir.common import FHIR_JSON, base_url
    from hechting.fhir.results import result_bundle

    a = _owned(request, id)
    if a is None:
        return Status(404, NOT_FOUND)
    result = services.result_of(a) if services.finish_if_done(a) else None
    if result is None or a.completed is None:
        return Status(409, {"detail": "The questionnaire is not finished yet."})
    bundle = result_bundle(
        base_url(request),
        assessment_id=str(a.pk),
        instrument=a.instrument,
        answers=services.answers_of(a),
        result=result.to_json(),
        authored=a.completed.replace(microsecond=0).isoformat(),
        language=a.language if a.language in ("nl", "en") else "nl",
    )
    return JsonResponse(bundle, content_type=FHIR_JSON)


@api.delete(
    "/assessments/{id}",
    response={204: None, **errors(401, 404)},
    summary="Delete this assessment and all its answers for good",
)
def delete(request: HttpRequest, id: uuid.UUID) -> Status[dict[str, object] | None]:
    a = _owned(request, id)
    if a is None:
        return Status(404, NOT_FOUND)
    a.delete()
    return Status(204, None)
