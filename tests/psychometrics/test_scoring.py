"""Classical scoring: keyed means and sums, pinned on hand-computed examples, and the 80 % rule."""

import numpy as np
import pytest

from hechting.psychometrics.instruments import load_instrument
from hechting.psychometrics.scoring import (
    NO_ANSWERS,
    TOO_FEW_ANSWERS,
    classical_scores,
    min_answered,
    relationship_structures,
    rq_models,
)

NAN = np.nan


def test_it_scores_ecr_means_by_hand():
    # 5 on every item: reversed items count as 1.
    ecr = load_instrument("ecr")
    raw = np.full((1, 36), 5.0)
    scores = classical_scores(ecr, raw)
    # anxiety: 18 items, 1 reversed (Q22) -> (17 * 5 + 1) / 18
    assert scores["anxiety"].mean[0] == pytest.approx(86 / 18)
    # avoidance: 18 items, 9 reversed -> (9 * 5 + 9 * 1) / 18 = 3
    assert scores["avoidance"].mean[0] == pytest.approx(3.0)


def test_it_scores_a_mixed_ecr_pattern_by_hand():
    ecr = load_instrument("ecr")
    raw = np.full((1, 36), 2.0)
    raw[0, 21] = 4  # Q22 (anxiety, reversed) -> keyed 2
    raw[0, 1] = 5  # Q2 (anxiety) -> 5
    raw[0, 2] = 1  # Q3 (avoidance, reversed) -> keyed 5
    scores = classical_scores(ecr, raw)
    # anxiety: 16 items at 2, Q2 = 5, Q22 keyed 2 -> (16*2 + 5 + 2) / 18
    assert scores["anxiety"].mean[0] == pytest.approx(39 / 18)
    # avoidance: 9 plain items at 2, 9 reversed: Q3 keyed 5, 8 others keyed 4 -> (18 + 5 + 32) / 18
    assert scores["avoidance"].mean[0] == pytest.approx(55 / 18)


def test_it_gives_the_rses_sum_and_mean():
    rses = load_instrument("rses")
    # Q1..Q10 = 4,4,1,4,1,4,4,1,1,1: the most positive pattern -> sum 40
    raw = np.array([[4, 4, 1, 4, 1, 4, 4, 1, 1, 1]], dtype=float)
    score = classical_scores(rses, raw)["self_esteem"]
    assert score.total[0] == 40 and score.mean[0] == 4
    raw = np.array([[3, 3, 2, 3, 2, 2, 3, 3, 2, 2]], dtype=float)
    # keyed: 3,3,3,3,3,2,3,2,3,3 -> 28
    score = classical_scores(rses, raw)["self_esteem"]
    assert score.total[0] == 28 and score.mean[0] == pytest.approx(2.8)


def test_it_prorates_the_sum_over_answered_items():
    rses = load_instrument("rses")
    raw = np.array([[4, 4, 1, 4, 1, 4, 4, 1, NAN, NAN]])
    score = classical_scores(rses, raw)["self_esteem"]
    assert score.n_answered[0] == 8
    assert score.mean[0] == 4 and score.total[0] == 40


@pytest.mark.parametrize(("n_items", "needed"), [(18, 15), (6, 5), (10, 8), (9, 8), (4, 4), (5, 4)])
def test_it_needs_80_percent_of_the_items(n_items, needed):
    assert min_answered(n_items) == needed


def test_it_applies_the_80_percent_rule_at_the_edge():
    ecr = load_instrument("ecr")
    anxiety = ecr.scale_indices("anxiety")
    raw = np.full((4, 36), 3.0)
    raw[1, anxiety[:3]] = NAN  # 15 of 18 answered: scored
    raw[2, anxiety[:4]] = NAN  # 14 of 18: not scored
    raw[3, anxiety] = NAN  # none
    score = classical_scores(ecr, raw)["anxiety"]
    assert list(score.n_answered) == [18, 15, 14, 0]
    assert score.mean[1] == 3 and np.isnan(score.mean[2]) and np.isnan(score.mean[3])
    assert list(score.reason) == ["", "", TOO_FEW_ANSWERS, NO_ANSWERS]
    assert classical_scores(ecr, raw)["avoidance"].mean.tolist() == [3.0] * 4


def test_it_applies_the_rule_to_the_short_form_scales():
    ecrs = load_instrument("ecr-s")
    raw = np.full((2, 12), 2.0)
    anxiety = ecrs.scale_indices("anxiety")
    raw[0, anxiety[:1]] = NAN  # 5 of 6
    raw[1, anxiety[:2]] = NAN  # 4 of 6
    score = classical_scores(ecrs, raw)["anxiety"]
    assert not np.isnan(score.mean[0]) and np.isnan(score.mean[1])


def test_it_computes_rq_models_of_self_and_other():
    rq = load_instrument("rq")
    # A secure 7, B fearful 1, C preoccupied 2, D dismissing 5
    models = rq_models(rq, [[7, 1, 2, 5], [7, NAN, 2, 5]])
    assert models.self_model[0] == (7 + 5) - (1 + 2)
    assert models.other_model[0] == (7 + 2) - (1 + 5)
    assert np.isnan(models.self_model[1])


def test_it_scores_the_ecr_rs_per_target_and_globally():
    inst = load_instrument("ecr-rs")
    # items 1-4 reversed (avoidance), 5-6 avoidance, 7-9 anxiety; 7-point
    mother = [[7, 7, 7, 7, 1, 1, 1, 2, 3]]  # avoidance keyed 1,1,1,1,1,1 -> 1; anxiety 2
    partner = [[1, 1, 1, 1, 7, 7, 7, 6, 5]]  # avoidance 7; anxiety 6
    father = [[NAN] * 9]
    rs = relationship_structures(inst, {"mother": mother, "father": father, "partner": partner})
    assert rs.targets == ("mother", "father", "partner")
    assert rs.per_target[0]["avoidance"].mean[0] == 1
    assert rs.per_target[0]["anxiety"].mean[0] == 2
    assert rs.per_target[2]["avoidance"].mean[0] == 7
    assert np.isnan(rs.per_target[1]["anxiety"].mean[0])
    assert rs.global_avoidance[0] == 4 and rs.global_anxiety[0] == 4
