"""The attachment facade: ECR / ECR-S scoring end to end, on synthetic and real answers."""

from pathlib import Path

import numpy as np
import pytest

from hechting.commands.calibrate import read_ecr
from hechting.psychometrics.attachment import load_attachment_model
from hechting.psychometrics.instruments import load_instrument
from hechting.psychometrics.scoring import classical_scores

NAN = np.nan
FIELDS = [
    "anxiety_mean",
    "avoidance_mean",
    "anxiety_expected_mean",
    "avoidance_expected_mean",
    "anxiety_theta",
    "anxiety_se",
    "avoidance_theta",
    "avoidance_se",
    "anxiety_percentile",
    "avoidance_percentile",
    "p_secure",
    "p_anxious",
    "p_avoidant",
    "p_fearful",
    "style",
    "security",
    "note",
]


@pytest.fixture(scope="module")
def model():
    return load_attachment_model()


@pytest.fixture(scope="module")
def ecr_raw(ecr_path):
    return read_ecr(Path(ecr_path))


def test_it_scores_every_person_with_every_field(model):
    rng = np.random.default_rng(3)
    raw = rng.integers(1, 6, size=(7, 36)).astype(float)
    s = model.score(raw)
    assert model.item_ids == tuple(f"Q{i}" for i in range(1, 37))
    for name in FIELDS:
        assert getattr(s, name).shape == (7,)
    assert (s.note == "").all()
    for name in ("anxiety_percentile", "avoidance_percentile", "security"):
        values = getattr(s, name)
        assert ((values >= 0) & (values <= 100)).all()
    total = s.p_secure + s.p_anxious + s.p_avoidant + s.p_fearful
    assert total == pytest.approx(np.ones(7))
    assert ((s.anxiety_se > 0) & (s.anxiety_se < 1)).all()


def test_it_orders_people_by_their_answers(model):
    low, high = np.full((1, 36), 1.0), np.full((1, 36), 5.0)
    ecr = load_instrument("ecr")
    low[0, ecr.reverse_mask] = 5  # keyed 1 everywhere: least anxious, least avoidant
    high[0, ecr.reverse_mask] = 1
    s = model.score(np.vstack([low, high]))
    assert s.anxiety_mean.tolist() == [1, 5] and s.avoidance_mean.tolist() == [1, 5]
    assert s.anxiety_theta[0] < -1.5 < 1.5 < s.anxiety_theta[1]
    assert s.style.tolist() == ["secure", "fearful"]
    assert s.p_secure[0] > 0.99 and s.p_fearful[1] > 0.99
    assert s.security[0] > 95 > 5 > s.security[1]
    assert s.anxiety_expected_mean[0] < 1.5 and s.anxiety_expected_mean[1] > 4.5


def test_it_gives_nan_and_a_note_to_a_scale_without_answers(model):
    raw = np.full((2, 36), 3.0)
    raw[0, 1::2] = NAN  # no anxiety (even) items
    s = model.score(raw)
    assert np.isnan(s.anxiety_mean[0]) and np.isnan(s.anxiety_theta[0])
    assert np.isnan(s.anxiety_se[0]) and np.isnan(s.anxiety_percentile[0])
    assert np.isnan(s.p_secure[0]) and s.style[0] == "" and np.isnan(s.security[0])
    assert s.note[0] == "anxiety: no items answered"
    assert s.anxiety_reason[0] == "no_answers"
    assert not np.isnan(s.avoidance_theta[0])
    assert s.note[1] == "" and s.style[1] != ""


def test_it_keeps_the_theta_but_not_the_mean_below_80_percent(model):
    raw = np.full((1, 36), 4.0)
    raw[0, 1:20:2] = NAN  # 10 of 18 anxiety items missing
    s = model.score(raw)
    assert np.isnan(s.anxiety_mean[0])
    assert not np.isnan(s.anxiety_theta[0])
    assert s.note[0] == "anxiety: 8 of 18 items answered, at least 15 needed"


def test_it_scores_the_ecr_s_on_its_twelve_items_only(model):
    rng = np.random.default_rng(4)
    raw = rng.integers(1, 6, size=(5, 36)).astype(float)
    ecr, ecrs = load_instrument("ecr"), load_instrument("ecr-s")
    used = [ecr.item_ids.index(i) for i in ecrs.item_ids]
    other = np.setdiff1d(np.arange(36), used)
    s = model.score(raw, "ecr-s")
    changed = raw.copy()
    changed[:, other] = rng.integers(1, 6, size=(5, other.size))
    s2 = model.score(changed, "ecr-s")
    for name in FIELDS:
        assert np.array_equal(getattr(s, name), getattr(s2, name))
    classical = classical_scores(ecrs, raw[:, used])
    assert s.anxiety_mean == pytest.approx(classical["anxiety"].mean)
    # by hand for the first person: keyed mean of ECR 6, 16, 18, 22R, 26, 32
    r = raw[0]
    by_hand = (r[5] + r[15] + r[17] + (6 - r[21]) + r[25] + r[31]) / 6
    assert s.anxiety_mean[0] == pytest.approx(by_hand)
    # the short form measures less precisely than the full ECR
    assert (s.anxiety_se > model.score(raw).anxiety_se).all()


def test_it_rejects_answers_outside_1_to_5(model):
    raw = np.full((1, 36), 3.0)
    raw[0, 0] = 6
    with pytest.raises(ValueError):
        model.score(raw)


@pytest.mark.realdata
@pytest.mark.parametrize("instrument", ["ecr", "ecr-s"])
def test_it_agrees_with_the_classical_means_on_real_data(model, ecr_raw, instrument):
    s = model.score(ecr_raw, instrument)
    for scale in ("anxiety", "avoidance"):
        mean = getattr(s, f"{scale}_mean")
        theta = getattr(s, f"{scale}_theta")
        ok = ~np.isnan(mean)
        assert ok.sum() > 30_000
        assert np.corrcoef(mean[ok], theta[ok])[0, 1] >= 0.95
        # norm percentiles of the calibration sample itself are uniform
        pct = getattr(s, f"{scale}_percentile")[ok]
        assert np.median(pct) == pytest.approx(50, abs=1)
    quadrants = s.p_secure + s.p_anxious + s.p_avoidant + s.p_fearful
    scored = ~np.isnan(quadrants)
    assert quadrants[scored] == pytest.approx(np.ones(scored.sum()))
