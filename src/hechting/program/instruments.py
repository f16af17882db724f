"""Adapter to the psychometric core for the questionnaires inside the program (ECR-RS, RSES).

Items, keys and scoring come from hechting.psychometrics; this module only picks the language
and turns arrays into small results for the templates.
"""

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hechting.psychometrics.instruments import Instrument, load_instrument
from hechting.psychometrics.results import RsesResult, rses_result
from hechting.psychometrics.scoring import classical_scores


@dataclass(frozen=True)
class Item:
    text: str
    choices: list[tuple[int, str]]


def _lang() -> str:
    return "nl" if (get_language() or "nl").startswith("nl") else "en"


def _labels(instrument: Instrument) -> dict[int, str]:
    return {o.value: getattr(o.label, _lang()) for o in instrument.response_labels}


def fully_labelled(code: str) -> bool:
    """Every answer has words (RSES); otherwise only the ends do (ECR-RS: 1..7)."""
    instrument = load_instrument(code)
    return len(_labels(instrument)) == instrument.response_max - instrument.response_min + 1


def items(code: str) -> list[Item]:
    instrument = load_instrument(code)
    labels = _labels(instrument)
    values = range(instrument.response_min, instrument.response_max + 1)
    if fully_labelled(code):
        choices = [(v, labels[v]) for v in values]
    else:
        choices = [(v, str(v)) for v in values]
    return [Item(getattr(item.text, _lang()), choices) for item in instrument.items]


def anchors(code: str) -> str:
    """'1 = strongly disagree, 7 = strongly agree' for scales with words only at the ends."""
    instrument = load_instrument(code)
    return ", ".join(f"{value} = {label}" for value, label in sorted(_labels(instrument).items()))


def translation_note(code: str) -> str:
    if _lang() != "nl" or not load_instrument(code).translation_nl:
        return ""
    return _(
        "The Dutch wording of these questions is a translation by this project, "
        "not a validated Dutch version."
    )


def _means(code: str, responses: list[Any]) -> dict[str, float | None]:
    instrument = load_instrument(code)
    if len(responses) != len(instrument.items):
        return {scale: None for scale in instrument.scale_codes}
    row = np.array([[np.nan if r is None else float(r) for r in responses]])
    scores = classical_scores(instrument, row)
    means = {scale: float(scores[scale].mean[0]) for scale in instrument.scale_codes}
    return {scale: None if math.isnan(m) else m for scale, m in means.items()}


@dataclass(frozen=True)
class EcrRsScore:
    avoidance: float
    anxiety: float


def score_ecrrs(responses: list[Any]) -> EcrRsScore | None:
    """Keyed means per person: avoidance (items 1-6, 1-4 reversed), anxiety (items 7-9)."""
    means = _means("ecr-rs", responses)
    if means["avoidance"] is None or means["anxiety"] is None:
        return None
    return EcrRsScore(avoidance=means["avoidance"], anxiety=means["anxiety"])


def score_rses(responses: list[Any]) -> RsesResult | None:
    """The core's RSES result (mean 1..4, percentile in its one norm table), or None when
    the answers are incomplete."""
    instrument = load_instrument("rses")
    if len(responses) != len(instrument.items):
        return None
    answers = {
        i: int(r) for i, r in zip(instrument.item_ids, responses, strict=True) if r is not None
    }
    try:
        return rses_result(answers)
    except ValueError:
        return None
