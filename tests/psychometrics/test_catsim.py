"""The adaptive ECR against the fixed ECR-S, on people the calibration never saw."""

import numpy as np
import pytest

from hechting.commands.calibrate import read_ecr, tcc_cut
from hechting.psychometrics.attachment import ScaleModel
from hechting.psychometrics.cat import DEFAULT_SETTINGS, bank_from_models
from hechting.psychometrics.catsim import agreement, reading, run_cat, study_split
from hechting.psychometrics.instruments import load_instrument
from hechting.psychometrics.irt.calibrate import calibrate_grm

ECR = load_instrument("ecr")


def test_the_study_split_is_deterministic_and_disjoint():
    cal, tune, test = study_split(1001)
    again = study_split(1001)
    assert all(np.array_equal(a, b) for a, b in zip((cal, tune, test), again, strict=True))
    assert (cal.size, tune.size, test.size) == (500, 250, 251)
    assert np.array_equal(np.sort(np.concatenate([cal, tune, test])), np.arange(1001))
    assert not np.array_equal(study_split(1001, seed=1)[0], cal)


@pytest.mark.realdata
def test_the_cat_beats_the_ecr_s_on_held_out_people(ecr_path):
    raw = read_ecr(ecr_path)
    cats = ECR.categories(raw)
    cal, _, test = study_split(raw.shape[0])
    # calibrate on 5,000 rows of the calibration part (fast), test on 2,000 test-part people
    models = []
    for scale in ("anxiety", "avoidance"):
        cols = ECR.scale_indices(scale)
        fit = calibrate_grm(cats[np.ix_(cal[:5000], cols)], n_categories=5)
        items = tuple(ECR.item_ids[i] for i in cols)
        models.append(ScaleModel(scale, items, fit.params, tcc_cut(fit.params, 1)))
    held_out = test[~np.isnan(raw[test]).any(axis=1)][:2000]
    x = cats[held_out]
    full = reading(models, ECR.item_ids, x)
    ecr_s = agreement(full, reading(models, ECR.item_ids, x, load_instrument("ecr-s").item_ids), 12)
    _, cat = run_cat(bank_from_models(models), DEFAULT_SETTINGS, x, full)
    assert cat.n == 2000
    assert cat.mean_items <= 12
    assert cat.r[0] >= ecr_s.r[0] and cat.r[1] >= ecr_s.r[1]
    assert cat.style_agreement >= ecr_s.style_agreement + 0.05
    assert cat.rmse[0] <= ecr_s.rmse[0] and cat.rmse[1] <= ecr_s.rmse[1]
