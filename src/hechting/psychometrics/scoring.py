"""Classical scoring: keyed scale means (and sums), with the >= 80 % missing-data rule.

A scale is scored only when at least 80 % of its items are answered (ECR 36: 15 of 18 per
scale; ECR-S: 5 of 6; RSES: 8 of 10). Otherwise the score is NaN and ``reason`` says why with a
machine-readable code. The sum of a scale with missing items is the prorated sum
``mean * n_items`` (person-mean imputation), so sums stay on the full-scale range.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hechting.psychometrics.instruments import FloatArray, Instrument

MIN_ANSWERED_FRACTION = 0.8

# Reason codes (machine-readable); "" means scored.
SCORED = ""
NO_ANSWERS = "no_answers"
TOO_FEW_ANSWERS = "too_few_answers"


def min_answered(n_items: int) -> int:
    """How many of ``n_items`` must be answered for a score (>= 80 %)."""
    return math.ceil(MIN_ANSWERED_FRACTION * n_items - 1e-9)


@dataclass(frozen=True)
class ScaleScore:
    """Classical score of one scale for n persons.

    mean (n,): mean keyed response (NaN when not scored); total (n,): prorated sum;
    n_answered (n,): answered items of the scale;
    reason (n,): "" | "no_answers" | "too_few_answers".
    """

    scale: str
    n_items: int
    min_answered: int
    mean: FloatArray
    total: FloatArray
    n_answered: npt.NDArray[np.intp]
    reason: npt.NDArray[np.str_]


@dataclass(frozen=True)
class ClassicalScores:
    instrument: str
    scales: tuple[ScaleScore, ...]

    def __getitem__(self, scale: str) -> ScaleScore:
        for score in self.scales:
            if score.scale == scale:
                return score
        raise KeyError(scale)


def scale_score(scale: str, keyed: FloatArray) -> ScaleScore:
    """Score one scale from its keyed responses (n, I_scale), NaN missing."""
    n_items = keyed.shape[1]
    need = min_answered(n_items)
    answered = ~np.isnan(keyed)
    n_answered = answered.sum(axis=1).astype(np.intp)
    ok = n_answered >= need
    sums = np.where(answered, keyed, 0.0).sum(axis=1)
    mean = np.full(keyed.shape[0], np.nan)
    mean[ok] = sums[ok] / n_answered[ok]
    reason = np.where(ok, SCORED, np.where(n_answered == 0, NO_ANSWERS, TOO_FEW_ANSWERS)).astype(
        np.str_
    )
    return ScaleScore(
        scale=scale,
        n_items=n_items,
        min_answered=need,
        mean=mean,
        total=mean * n_items,
        n_answered=n_answered,
        reason=reason,
    )


def classical_scores(instrument: Instrument, responses: npt.ArrayLike) -> ClassicalScores:
    """Keyed means per scale of ``instrument`` from raw responses (n, I) in item order."""
    keyed = instrument.key(responses)
    return ClassicalScores(
        instrument=instrument.code,
        scales=tuple(
            scale_score(code, keyed[:, instrument.scale_indices(code)])
            for code in instrument.scale_codes
        ),
    )


@dataclass(frozen=True)
class RQModels:
    """RQ model of self and model of other (n,), NaN unless all four paragraphs are rated."""

    self_model: FloatArray
    other_model: FloatArray


def rq_models(instrument: Instrument, ratings: npt.ArrayLike) -> RQModels:
    """Bartholomew's model-of-self / model-of-other from RQ ratings (n, 4), range -12..12."""
    x = instrument.check_responses(ratings)
    column = {item.scale: i for i, item in enumerate(instrument.items)}
    models = {}
    for name, weights in instrument.models:
        w = np.zeros(len(instrument.items))
        for prototype, weight in weights:
            w[column[prototype]] = weight
        models[name] = x @ w  # NaN propagates: every paragraph is needed
    return RQModels(self_model=models["self"], other_model=models["other"])


@dataclass(frozen=True)
class RelationshipStructures:
    """ECR-RS scores: per target (in ``targets`` order) and global (n,), the mean over targets.

    A global score averages the targets that could be scored (a person may have no father
    figure, say); it is NaN when none could.
    """

    targets: tuple[str, ...]
    per_target: tuple[ClassicalScores, ...]
    global_anxiety: FloatArray
    global_avoidance: FloatArray


def relationship_structures(
    instrument: Instrument, responses_by_target: Mapping[str, npt.ArrayLike]
) -> RelationshipStructures:
    """Score the ECR-RS from raw responses (n, 9) per target code (mother, father, partner, ..)."""
    targets = tuple(responses_by_target)
    per_target = tuple(classical_scores(instrument, responses_by_target[t]) for t in targets)

    def overall(scale: str) -> FloatArray:
        means = np.stack([s[scale].mean for s in per_target])
        counts = (~np.isnan(means)).sum(axis=0)
        total = np.where(np.isnan(means), 0.0, means).sum(axis=0)
        return np.where(counts > 0, total / np.maximum(counts, 1), np.nan)

    return RelationshipStructures(
        targets=targets,
        per_target=per_target,
        global_anxiety=overall("anxiety"),
        global_avoidance=overall("avoidance"),
    )
