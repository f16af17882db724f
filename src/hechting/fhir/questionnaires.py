"""Questionnaire resources for ecr, ecr-s, rses, rq and ecr-rs, and the adaptive ECR.

Item `linkId`s are the item ids the JSON API uses (`Q12`, RQ's `choice`); for the three
instruments the API serves, questions and answer options come from the same definitions
(`assessments.engine.questionnaire`), so a FHIR client and an API client see one questionnaire.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hechting.fhir.common import (
    ADAPTIVE,
    SDC_ADAPTIVE_SEARCH,
    answers_system,
    translation,
)

CODES = ("ecr", "ecr-s", "rses", "rq", "ecr-rs")
ADAPTIVE_ID = "ecr-adaptive"
NAMES = {"ecr": "ECR", "ecr-s": "ECRS", "rses": "RSES", "rq": "RQ", "ecr-rs": "ECRRS"}
PUBLISHER = "Hechting"


@dataclass(frozen=True)
class Option:
    value: int
    en: str
    nl: str


@dataclass(frozen=True)
class Question:
    id: str
    number: str
    en: str
    nl: str
    options: tuple[Option, ...]
    kind: str = "answers"  # the code system: "answers", or RQ's "choice"


def questions(code: str) -> tuple[Question, ...]:
    """The questions of ``code`` in the order the full form asks them."""
    from hechting.assessments import engine
    from hechting.psychometrics.instruments import load_instrument

    inst = load_instrument(code)
    numbers = {item.id: str(item.number) for item in inst.items}
    source = engine.questionnaire(code if code in engine.INSTRUMENTS else "ecr")
    scale_options = _options(source.questions[0].options)
    if code in engine.INSTRUMENTS:
        return tuple(
            Question(
                q.id,
                numbers.get(q.id, ""),
                q.text_en,
                q.text_nl,
                _options(q.options),
                "choice" if q.kind == "choice" else "answers",
            )
            for q in source.questions
        )
    if code == "ecr-rs":  # 1-7 with only the anchors labelled, as the RQ ratings
        scale_options = _anchored(inst)
    return tuple(
        Question(it.id, str(it.number), it.text.en, it.text.nl, scale_options) for it in inst.items
    )


def _options(options: Any) -> tuple[Option, ...]:
    return tuple(Option(o.value, o.label_en, o.label_nl) for o in options)


def _anchored(inst: Any) -> tuple[Option, ...]:
    labels = {o.value: o.label for o in inst.response_labels}
    out = []
    for value in range(inst.response_min, inst.response_max + 1):
        label = labels.get(value)
        en = f"{value} – {label.en}" if label else str(value)
        nl = f"{value} – {label.nl}" if label else str(value)
        out.append(Option(value, en, nl))
    return tuple(out)


def _other(language: str) -> str:
    return "en" if language == "nl" else "nl"


def _text(en: str, nl: str, language: str, element: str) -> dict[str, Any]:
    """``element`` in ``language`` with the other language attached as a translation."""
    shown, other = (nl, en) if language == "nl" else (en, nl)
    return {element: shown, f"_{element}": translation(_other(language), other)}


def item(base: str, code: str, q: Question, language: str) -> dict[str, Any]:
    """One questionnaire item: a required single choice among coded answer options."""
    system = answers_system(base, code, q.kind)
    return {
        "linkId": q.id,
        **({"prefix": q.number} if q.number else {}),
        **_text(q.en, q.nl, language, "text"),
        "type": "choice",
        "required": True,
        "answerOption": [
            {
                "valueCoding": {
                    "system": system,
                    "code": str(o.value),
                    **_text(o.en, o.nl, language, "display"),
                }
            }
            for o in q.options
        ],
    }


def _about(code: str, language: str) -> dict[str, Any]:
    from hechting.psychometrics.instruments import load_instrument

    inst = load_instrument(code)
    note = {
        "en": "English: the published wording. Dutch: " + inst.translation_nl + ".",
        "nl": "Engels: de gepubliceerde tekst. Nederlands: vertaling van dit project, "
        "geen gevalideerde Nederlandse versie.",
    }
    return {
        "title": inst.name.nl if language == "nl" else inst.name.en,
        "description": f"{inst.citation}\n\n{inst.source}\n\n{note[language]}",
        "copyright": inst.licence,
        "purpose": "Self-reflection, not a diagnosis.",
    }


def questionnaire(base: str, code: str, language: str) -> dict[str, Any]:
    """The Questionnaire resource of one instrument in ``language`` (nl or en)."""
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": code,
        "url": f"{base}/Questionnaire/{code}",
        "name": NAMES[code],
        "status": "active",
        "language": language,
        "subjectType": ["Patient"],
        "publisher": PUBLISHER,
        **_about(code, language),
        "item": [item(base, code, q, language) for q in questions(code)],
    }
    if code == "ecr-rs":
        resource["item"].insert(0, _target_item(base, language))
    return resource


def _target_item(base: str, language: str) -> dict[str, Any]:
    """ECR-RS: whom the nine items are about (one response per person)."""
    from hechting.psychometrics.instruments import load_instrument

    targets = load_instrument("ecr-rs").targets
    return {
        "linkId": "target",
        **_text(
            "Whom are these statements about?", "Over wie gaan deze uitspraken?", language, "text"
        ),
        "type": "choice",
        "required": True,
        "answerOption": [
            {
                "valueCoding": {
                    "system": answers_system(base, "ecr-rs", "target"),
                    "code": t.code,
                    **_text(t.name.en, t.name.nl, language, "display"),
                }
            }
            for t in targets
        ],
    }


def adaptive_questionnaire(base: str, language: str) -> dict[str, Any]:
    """The adaptive ECR (SDC): no items; `$next-question` hands them out one at a time."""
    about = _about("ecr", language)
    title = {"en": "ECR, adaptive", "nl": "ECR, adaptief"}[language]
    description = {
        "en": "The ECR as a computerised adaptive test: POST a QuestionnaireResponse to "
        "Questionnaire/$next-question for each next item; the test stops when more items "
        "would not change the reading. Scores are those of the full ECR's calibrated model.",
        "nl": "De ECR als adaptieve test: stuur een QuestionnaireResponse naar "
        "Questionnaire/$next-question voor elk volgend item; de test stopt wanneer meer "
        "items de uitkomst niet meer veranderen.",
    }[language]
    return {
        "resourceType": "Questionnaire",
        "id": ADAPTIVE_ID,
        "meta": {"profile": [SDC_ADAPTIVE_SEARCH]},
        "extension": [{"url": ADAPTIVE, "valueBoolean": True}],
        "url": f"{base}/Questionnaire/{ADAPTIVE_ID}",
        "name": "ECRAdaptive",
        "title": title,
        "status": "active",
        "language": language,
        "subjectType": ["Patient"],
        "publisher": PUBLISHER,
        "derivedFrom": [f"{base}/Questionnaire/ecr"],
        "description": f"{description}\n\n{about['description']}",
        "copyright": about["copyright"],
        "purpose": about["purpose"],
    }


def search_bundle(base: str, language: str) -> dict[str, Any]:
    """All questionnaires as a searchset Bundle."""
    resources = [questionnaire(base, code, language) for code in CODES]
    resources.append(adaptive_questionnaire(base, language))
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "link": [{"relation": "self", "url": f"{base}/Questionnaire"}],
        "entry": [
            {"fullUrl": r["url"], "resource": r, "search": {"mode": "match"}} for r in resources
        ],
    }
