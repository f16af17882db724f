"""Norms: mid-rank percentiles, T-scores, JSON round trip and the committed norm files."""

import numpy as np
import pytest
from scipy.stats import norm

from hechting.psychometrics.norms import (
    Norms,
    build_norm_table,
    load_norms,
    mid_rank_percentiles,
)


def test_it_computes_mid_rank_percentiles_by_hand():
    sample = [1, 2, 2, 3]
    assert mid_rank_percentiles(sample, [1, 2, 3]).tolist() == [12.5, 50.0, 87.5]
    assert mid_rank_percentiles(sample, [0, 4]).tolist() == [0.0, 100.0]


def test_it_interpolates_discrete_scores_between_observed_values():
    table = build_norm_table("x", [1, 2, 2, 3, np.nan], "discrete")
    assert table.n == 4
    assert table.values == (1.0, 2.0, 3.0)
    assert table.percentile([1, 1.5, 2, 3, 0.5, 3.5]).tolist() == [12.5, 31.25, 50, 87.5, 0, 100]
    assert np.isnan(table.percentile([np.nan])[0])


def test_it_gives_linear_t_scores():
    table = build_norm_table("x", [1, 2, 2, 3], "discrete")
    assert table.mean == 2 and table.sd == pytest.approx(np.sqrt(2 / 3), abs=1e-6)
    assert table.t_score([2, 3]) == pytest.approx([50, 50 + 10 / np.sqrt(2 / 3)], abs=1e-4)


def test_it_interpolates_continuous_scores_at_knots():
    rng = np.random.default_rng(7)
    sample = rng.standard_normal(200_000)
    table = build_norm_table("theta", sample, "continuous")
    x = np.array([-2.0, -0.51, 0.0, 1.234, 2.5])
    assert table.percentile(x) == pytest.approx(100 * norm.cdf(x), abs=0.5)


def test_it_round_trips_through_json():
    table = build_norm_table("x", [1, 2, 2, 3], "discrete")
    norms = Norms("demo", "whose they are", {"x": table}, {"n": 4})
    again = Norms.from_json(norms.to_json())
    assert again == norms
    assert again.to_json() == norms.to_json()


@pytest.mark.parametrize(("instrument", "main"), [("ecr", "ecr/security"), ("rses", "rses/sum")])
def test_it_says_whose_the_committed_norms_are(instrument, main):
    norms = load_norms(instrument)
    assert "international online sample" in norms.statement
    assert "Open Source Psychometrics Project" in norms.statement
    assert f"N = {norms[main].n}" in norms.statement
    assert norms.provenance["date"]
    assert len(norms.provenance["dataset"]["sha256"]) == 64
    for table in norms.tables.values():
        assert list(table.values) == sorted(table.values)
        assert list(table.percentiles) == sorted(table.percentiles)
        assert table.percentiles[0] >= 0 and table.percentiles[-1] <= 100


def test_it_has_ecr_and_ecr_s_tables():
    names = set(load_norms("ecr").tables)
    for instrument in ("ecr", "ecr-s"):
        for name in ("anxiety_mean", "avoidance_mean", "anxiety_theta", "avoidance_theta"):
            assert f"{instrument}/{name}" in names
        assert f"{instrument}/security" in names
