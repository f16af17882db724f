import numpy as np
import pytest
from scipy import integrate

from hechting.psychometrics.irt import eap as eap_module
from hechting.psychometrics.irt.eap import Grid, eap, one_hot, posterior
from hechting.psychometrics.irt.grm import GRMParams, category_probabilities
from hechting.psychometrics.styles import p_above as tail_probability

PARAMS = GRMParams(
    a=np.array([0.9, 1.6, 2.4, 1.2]),
    b=np.array(
        [[-2.0, -0.8, 0.3, 1.5], [-1.2, -0.3, 0.4, 1.1], [-0.6, 0.1, 0.7, 1.9], [-1.5, -1, 0, 2]]
    ),
)
PATTERNS = np.array(
    [
        [0, 0, 0, 0],
        [4, 4, 4, 4],
        [2, 3, 1, np.nan],
        [np.nan, np.nan, 4, np.nan],
        [1, 2, 2, 3],
    ],
    dtype=float,
)


def brute_force(pattern):
    def likelihood(t):
        p = category_probabilities(PARAMS, np.array([t]))[0]
        out = np.exp(-0.5 * t * t)
        for i, x in enumerate(pattern):
            if not np.isnan(x):
                out *= p[i, int(x)]
        return out

    opts = {"limit": 200, "epsabs": 1e-14, "epsrel": 1e-12}
    z = integrate.quad(likelihood, -12, 12, **opts)[0]
    m1 = integrate.quad(lambda t: t * likelihood(t), -12, 12, **opts)[0] / z
    m2 = integrate.quad(lambda t: t * t * likelihood(t), -12, 12, **opts)[0] / z
    return m1, np.sqrt(m2 - m1 * m1)


def test_it_agrees_with_brute_force_integration():
    result = eap(PARAMS, PATTERNS)
    for n, pattern in enumerate(PATTERNS):
        theta, se = brute_force(pattern)
        assert result.theta[n] == pytest.approx(theta, abs=1e-6)
        assert result.se[n] == pytest.approx(se, abs=1e-6)


def test_it_gives_the_prior_to_a_person_without_answers():
    result = eap(PARAMS, np.full((1, 4), np.nan))
    # single precision in the fast path: agreement to ~1e-6, not to the last bit
    assert result.theta[0] == pytest.approx(0.0, abs=2e-6)
    assert result.se[0] == pytest.approx(1.0, abs=2e-6)


def test_it_does_not_depend_on_the_block_size_or_the_threads(monkeypatch):
    rng = np.random.default_rng(3)
    x = rng.integers(0, 5, size=(50, 4)).astype(float)
    x[rng.random(x.shape) < 0.2] = np.nan
    whole = eap(PARAMS, x)
    monkeypatch.setattr(eap_module, "BLOCK", 7)
    for workers in (1, 2):
        monkeypatch.setattr(eap_module, "WORKERS", workers)
        blocked = eap(PARAMS, x)
        np.testing.assert_allclose(whole.theta, blocked.theta, rtol=0, atol=2e-6)
        np.testing.assert_allclose(whole.se, blocked.se, rtol=0, atol=2e-6)
        np.testing.assert_allclose(posterior(PARAMS, x).sum(axis=1), 1.0)


def test_it_gives_posterior_weights_and_tail_probabilities():
    grid = Grid.normal()
    post = posterior(PARAMS, PATTERNS, grid)
    np.testing.assert_allclose(post.sum(axis=1), 1.0)
    # With no data the tail above 0 is one half and above 1.96 about 2.5 %.
    prior = posterior(PARAMS, np.full((1, 4), np.nan), grid)
    assert tail_probability(prior, grid, 0.0)[0] == pytest.approx(0.5, abs=1e-9)
    assert tail_probability(prior, grid, 1.959964)[0] == pytest.approx(0.025, abs=1e-3)
    tails = tail_probability(post, grid, 0.0)
    assert tails[0] < 0.05 < 0.95 < tails[1]


def test_it_rejects_responses_outside_the_categories():
    with pytest.raises(ValueError, match="categories 0..4"):
        one_hot(np.array([[0.0, 5.0]]), 5)
    with pytest.raises(ValueError, match="categories 0..4"):
        one_hot(np.array([[0.5, 1.0]]), 5)
    with pytest.raises(ValueError, match=r"\(n, 4\)"):
        eap(PARAMS, np.zeros((2, 3)))


def test_it_scores_patterns_whose_likelihood_underflows():
    # Steep items answered in contradiction: every grid point has likelihood below 1e-300, so the
    # fast path's exp underflows to zero and the stabilised path must take over.
    steep = GRMParams(a=np.full(4, 100.0), b=np.tile([-3.0, -1.0, 1.0, 3.0], (4, 1)))
    x = np.array([[0, 4, 0, 4], [1, 2, 3, 2]], dtype=float)
    result = eap(steep, x)
    post = posterior(steep, x)
    grid = Grid.normal()
    assert np.all(np.isfinite(result.theta)) and np.all(np.isfinite(result.se))
    np.testing.assert_allclose(result.theta, post @ grid.points, atol=1e-9)
