"""What every FHIR resource here shares: the canonical base, code systems, extensions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation.trans_real import parse_accept_lang_header

FHIR_JSON = "application/fhir+json"
FHIR_VERSION = "4.0.1"
LANGUAGES = ("nl", "en")  # Dutch first: the default when a client states no preference
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ADAPTIVE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive"
SDC_ADAPTIVE_SEARCH = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-adapt-srch"
SDC_ADAPTIVE_RESPONSE = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse-adapt"
)
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


def base_url(request: HttpRequest) -> str:
    """The canonical base of our resources: HECHTING_FHIR_BASE when set (recommended in
    production, so canonicals never change with the host name), else this server's /fhir."""
    configured: str = getattr(settings, "HECHTING_FHIR_BASE", "")
    return (configured or request.build_absolute_uri("/fhir")).rstrip("/")


def scores_system(base: str) -> str:
    """Our code system for scores: there is no LOINC code for the ECR (docs/fhir.md)."""
    return f"{base}/CodeSystem/hechting-scores"


def answers_system(base: str, instrument: str, kind: str = "answers") -> str:
    return f"{base}/CodeSystem/{instrument}-{kind}"


def language_of(request: HttpRequest) -> str:
    """The first language of Accept-Language that we have (nl or en); Dutch by default."""
    for code, _ in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        primary = code.split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return LANGUAGES[0]


def translation(language: str, text: str) -> dict[str, Any]:
    """The `_text`/`_display` element carrying ``text`` in ``language`` (FHIR's translation
    extension)."""
    return {
        "extension": [
            {
                "url": TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": language},
                    {"url": "content", "valueString": text},
                ],
            }
        ]
    }


def fhir_response(resource: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(resource, status=status, content_type=FHIR_JSON)
    response["Content-Language"] = resource.get("language", LANGUAGES[0])
    return response


def outcome(
    status: int, code: str, diagnostics: str, expression: str | None = None
) -> JsonResponse:
    """An OperationOutcome (``code`` from FHIR's issue-type codes) naming where the problem is."""
    issue: dict[str, Any] = {"severity": "error", "code": code, "diagnostics": diagnostics}
    if expression:
        issue["expression"] = [expression]
    body = {"resourceType": "OperationOutcome", "issue": [issue]}
    return JsonResponse(body, status=status, content_type=FHIR_JSON)
