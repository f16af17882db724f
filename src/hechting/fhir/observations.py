"""ECR scores as FHIR Observations, and the versions of the model that made them.

One serialiser for every place that exports a result: `$next-question` (contained in the
completed QuestionnaireResponse), `GET /api/v1/assessments/{id}/fhir` (a collection Bundle) and
the practice export. Numbers are copied from the result, never recomputed here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from hechting.fhir.common import OBSERVATION_CATEGORY, scores_system

STYLES = ("secure", "anxious", "avoidant", "fearful")


@dataclass(frozen=True)
class Score:
    """One row of our code system: code, English display, unit (UCUM) or None."""

    code: str
    display: str
    unit: str | None = None


# The code system `{base}/CodeSystem/hechting-scores` (docs/fhir.md lists it for clients).
SCORES: tuple[Score, ...] = (
    Score("anxiety-theta", "ECR attachment anxiety, IRT score (EAP, N(0,1) metric)", "1"),
    Score("anxiety-se", "ECR attachment anxiety, standard error of the IRT score", "1"),
    Score("anxiety-mean", "ECR attachment anxiety, mean of the keyed items (1-5)", "1"),
    Score("anxiety-percentile", "ECR attachment anxiety, percentile in the norm group", "%"),
    Score("avoidance-theta", "ECR attachment avoidance, IRT score (EAP, N(0,1) metric)", "1"),
    Score("avoidance-se", "ECR attachment avoidance, standard error of the IRT score", "1"),
    Score("avoidance-mean", "ECR attachment avoidance, mean of the keyed items (1-5)", "1"),
    Score("avoidance-percentile", "ECR attachment avoidance, percentile in the norm group", "%"),
    *(Score(f"p-{s}", f"Probability of the {s} attachment style", "1") for s in STYLES),
    Score("style", "Most probable attachment style"),
    Score(
        "security", "Attachment security, percentile in the norm group (higher = more secure)", "%"
    ),
    Score("rses-total", "Rosenberg self-esteem, sum of the keyed items (10-40)", "1"),
    Score("rses-mean", "Rosenberg self-esteem, mean of the keyed items (1-4)", "1"),
    Score("rses-percentile", "Rosenberg self-esteem, percentile in the norm group", "%"),
    Score("rses-t", "Rosenberg self-esteem, T-score (mean 50, SD 10)", "1"),
    Score("rq-self-model", "RQ model of self (-12..12, higher = more positive)", "1"),
    Score("rq-other-model", "RQ model of others (-12..12, higher = more positive)", "1"),
)
SCORE_BY_CODE = {s.code: s for s in SCORES}


@dataclass(frozen=True)
class ModelVersions:
    """Which calibration made the numbers: name, date and file digest of each."""

    parameters: str
    norms: str


@cache
def model_versions() -> ModelVersions:
    """Versions of the committed ECR parameters and norms (date of calibration + sha256)."""
    import json

    base = resources.files("hechting.instruments")

    def version(path: str, label: str) -> str:
        data = base.joinpath(path).read_bytes()
        date = json.loads(data)["provenance"].get("date", "")
        return f"{label} {date} sha256:{hashlib.sha256(data).hexdigest()[:12]}"

    return ModelVersions(
        parameters=version("params/ecr-grm.json", "ecr-grm"),
        norms=version("norms/ecr-norms.json", "ecr-norms"),
    )


def ecr_values(result: Mapping[str, Any]) -> dict[str, float | str | None]:
    """The numbers of an ECR result, in the JSON `/api/v1/.../result` returns, by our codes."""
    values: dict[str, float | str | None] = {}
    for scale in ("anxiety", "avoidance"):
        dim = result.get(scale) or {}
        for part in ("theta", "se", "mean", "percentile"):
            values[f"{scale}-{part}"] = dim.get(part)
    for style in STYLES:
        values[f"p-{style}"] = (result.get("styles") or {}).get(style)
    values["style"] = result.get("style") or None
    values["security"] = result.get("security")
    return values


def result_values(result: Mapping[str, Any]) -> dict[str, float | str | None]:
    """The scores of any stored result (the JSON `/api/v1/.../result` returns) by our codes."""
    instrument = result.get("instrument")
    if instrument == "rses":
        return {f"rses-{k}": result.get(k) for k in ("total", "mean", "percentile", "t")}
    if instrument == "rq":
        return {
            "rq-self-model": result.get("self_model"),
            "rq-other-model": result.get("other_model"),
        }
    return ecr_values(result)


def observations(
    base: str,
    values: Mapping[str, float | str | None],
    *,
    derived_from: str,
    issued: str,
    subject: str | None = None,
    id_prefix: str = "",
    scored_with: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """One final Observation per score that has a value, each ``derivedFrom`` the response
    (``derived_from``: a reference such as "#" or "urn:uuid:..."), with the ids of the
    parameters and norms that scored it (``scored_with`` of a stored result, else those of the
    committed model)."""
    if scored_with is not None:  # a stored result says what scored it (None: nothing needed)
        method = "; ".join(
            f"{name} {scored_with[name]}"
            for name in ("parameters", "norms")
            if scored_with.get(name)
        )
    else:
        versions = model_versions()
        method = f"parameters {versions.parameters}; norms {versions.norms}"
    system = scores_system(base)
    out = []
    for score in SCORES:
        value = values.get(score.code)
        if value is None:
            continue
        obs: dict[str, Any] = {
            "resourceType": "Observation",
            "id": f"{id_prefix}{score.code}",
            "status": "final",
            "category": [
                {
                    "coding": [
                        {"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}
                    ]
                }
            ],
            "code": {"coding": [{"system": system, "code": score.code, "display": score.display}]},
            "issued": issued,
            "derivedFrom": [{"reference": derived_from}],
            **({"method": {"text": method}} if method else {}),
            "note": [{"text": "Self-reflection, not a diagnosis."}],
        }
        if subject:
            obs["subject"] = {"reference": subject}
        if isinstance(value, str):
            obs["valueCodeableConcept"] = {
                "coding": [{"system": system, "code": f"style-{value}", "display": value}]
            }
        else:
            obs["valueQuantity"] = {
                "value": value,
                "unit": score.unit,
                "system": "http://unitsofmeasure.org",
                "code": score.unit,
            }
        out.append(obs)
    return out


def code_system(base: str) -> dict[str, Any]:
    """Our code system of scores as a CodeSystem resource."""
    concepts: list[dict[str, Any]] = [{"code": s.code, "display": s.display} for s in SCORES]
    concepts += [{"code": f"style-{s}", "display": f"{s} (attachment style)"} for s in STYLES]
    return {
        "resourceType": "CodeSystem",
        "id": "hechting-scores",
        "url": scores_system(base),
        "name": "HechtingScores",
        "title": "Hechting scores",
        "status": "active",
        "content": "complete",
        "caseSensitive": True,
        "publisher": "Hechting",
        "description": "Scores Hechting reports for the ECR (no LOINC codes exist for them).",
        "count": len(concepts),
        "concept": concepts,
    }
