"""Style reading: quadrant probabilities, cuts at the neutral answer, brute-force integration."""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.stats import norm

from hechting.psychometrics.attachment import load_attachment_model
from hechting.psychometrics.irt.grm import GRMParams, category_probabilities, expected_item_score
from hechting.psychometrics.styles import (
    STYLES,
    neutral_cut,
    security_raw,
    style_reading,
)


def test_it_makes_quadrant_probabilities_that_sum_to_one():
    rng = np.random.default_rng(1)
    pa, pv = rng.random(1000), rng.random(1000)
    r = style_reading(pa, pv)
    total = r.p_secure + r.p_anxious + r.p_avoidant + r.p_fearful
    assert total == pytest.approx(np.ones(1000), abs=1e-12)
    assert r.p_fearful == pytest.approx(pa * pv)
    assert r.p_secure == pytest.approx((1 - pa) * (1 - pv))


def test_it_names_the_modal_quadrant():
    r = style_reading([0.1, 0.9, 0.2, 0.8, np.nan], [0.1, 0.2, 0.9, 0.7, 0.5])
    assert r.style.tolist() == ["secure", "anxious", "avoidant", "fearful", ""]
    assert np.isnan(r.p_secure[4])


def test_it_orients_security_toward_low_anxiety_and_avoidance():
    assert security_raw([-1, 1], [-1, 1]).tolist() == pytest.approx([np.sqrt(2), -np.sqrt(2)])


def test_it_finds_the_neutral_cut_by_root_finding():
    params = GRMParams(a=np.array([1.5, 2.0]), b=np.array([[-2, -1, 0, 1], [-1, 0, 1, 2.0]]))
    cut = neutral_cut(lambda t: float(expected_item_score(params, np.array([t])).mean()) + 1)
    assert expected_item_score(params, np.array([cut])).mean() + 1 == pytest.approx(3, abs=1e-9)
    # symmetric thresholds around 0 and 0.5 -> the cut lies between them
    assert -0.5 < cut < 1.0


@pytest.mark.parametrize("scale", ["anxiety", "avoidance"])
def test_it_puts_the_committed_cuts_where_the_mean_expected_answer_is_3(scale):
    model = load_attachment_model().scale(scale)
    tcc = expected_item_score(model.params, np.array([model.cut])).mean() + 1
    assert tcc == pytest.approx(3.0, abs=1e-5)
    above = expected_item_score(model.params, np.array([model.cut + 0.1])).mean() + 1
    assert above > 3


def _brute_force_p_high(params, categories, cut):
    """P(theta > cut | answers) by adaptive quadrature of likelihood x N(0, 1)."""

    def density(t):
        p = category_probabilities(params, np.array([t]))[0]
        answered = ~np.isnan(categories)
        like = np.prod(p[answered, categories[answered].astype(int)])
        return like * norm.pdf(t)

    # the likelihood can be ~1e-30: relative tolerance only
    total = quad(density, -10, 10, points=[cut], limit=200, epsabs=0, epsrel=1e-11)[0]
    upper = quad(density, cut, 10, limit=200, epsabs=0, epsrel=1e-11)[0]
    return upper / total


def test_it_matches_brute_force_integration_for_a_few_persons():
    model = load_attachment_model()
    rng = np.random.default_rng(2)
    raw = rng.integers(1, 6, size=(5, 36)).astype(float)
    raw[1, :20] = np.nan  # a person with half the items
    raw[2] = 3.0  # all neutral
    raw[3, ::3] = np.nan
    scores = model.score(raw)
    from hechting.psychometrics.instruments import load_instrument

    ecr = load_instrument("ecr")
    cats = ecr.categories(raw)
    for scale in ("anxiety", "avoidance"):
        m = model.scale(scale)
        cols = [ecr.item_ids.index(i) for i in m.item_ids]
        got = getattr(scores, f"p_high_{scale}")
        for person in range(raw.shape[0]):
            want = _brute_force_p_high(m.params, cats[person, cols], m.cut)
            assert got[person] == pytest.approx(want, abs=1e-6)
    quadrants = np.stack([getattr(scores, f"p_{s}") for s in STYLES])
    assert quadrants.sum(axis=0) == pytest.approx(np.ones(5), abs=1e-12)


@pytest.mark.parametrize(
    ("mu", "sd", "cut"), [(0.3, 0.25, 0.2), (0.1, 0.18, 0.137), (-1, 0.5, 0.52)]
)  # posterior SDs on the real ECR data are >= 0.18
def test_it_integrates_the_tail_of_a_gridded_posterior(mu, sd, cut):
    from hechting.psychometrics.irt.eap import DEFAULT_GRID
    from hechting.psychometrics.styles import p_above

    w = norm.pdf(DEFAULT_GRID.points, mu, sd)
    w /= w.sum()
    got = p_above(w[None, :], DEFAULT_GRID, cut)[0]
    assert got == pytest.approx(norm.sf(cut, mu, sd), abs=1e-5)
