"""FHIR endpoints under /fhir/: public, stateless, no personal data stored.

GET  /fhir/Questionnaire                   searchset Bundle of every questionnaire
GET  /fhir/Questionnaire/{id}              ecr, ecr-s, rses, rq, ecr-rs, ecr-adaptive
POST /fhir/Questionnaire/$next-question    SDC adaptive questionnaire operation (the ECR)
GET  /fhir/CodeSystem/hechting-scores      our code system of scores
"""

import json

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from hechting.fhir import adaptive, questionnaires
from hechting.fhir.common import base_url, fhir_response, language_of, outcome
from hechting.fhir.observations import code_system

MAX_BODY = 256 * 1024  # a complete ECR response is ~40 kB


@require_GET
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    return fhir_response(questionnaires.search_bundle(base_url(request), language_of(request)))


@require_GET
def questionnaire_read(request: HttpRequest, id: str) -> HttpResponse:
    base, language = base_url(request), language_of(request)
    if id == questionnaires.ADAPTIVE_ID:
        return fhir_response(questionnaires.adaptive_questionnaire(base, language))
    if id not in questionnaires.CODES:
        return outcome(404, "not-found", f"No Questionnaire {id[:40]!r}.", "Questionnaire.id")
    return fhir_response(questionnaires.questionnaire(base, id, language))


@require_GET
def scores_code_system(request: HttpRequest) -> HttpResponse:
    return fhir_response(code_system(base_url(request)))


@csrf_exempt  # a public, stateless operation on the body alone: no cookie, nothing to forge
@require_POST
def next_question(request: HttpRequest) -> HttpResponse:
    if len(request.body) > MAX_BODY:
        return outcome(413, "too-costly", f"The body is larger than {MAX_BODY // 1024} kB.")
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return outcome(400, "structure", "The body is not JSON.")
    base = base_url(request)
    try:
        parsed = adaptive.parse(body, base)
        language = parsed.response.get("language")
        if language not in ("nl", "en"):
            language = language_of(request)
        now = timezone.now().replace(microsecond=0).isoformat()
        return fhir_response(adaptive.next_question(parsed, base, language, now))
    except adaptive.Invalid as exc:
        return outcome(exc.status, exc.code, exc.message, exc.where)
