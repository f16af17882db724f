import numpy as np
from scipy.optimize import approx_fprime

from hechting.psychometrics.irt.calibrate import (
    _objective,
    _pack,
    _to_params,
    calibrate_grm,
)
from hechting.psychometrics.irt.grm import GRMParams, simulate_responses


def make_truth(rng, n_items):
    a = rng.uniform(0.8, 2.6, n_items)
    b = np.sort(rng.normal(0, 0.6, (n_items, 4)), axis=1) + np.array([-1.5, -0.5, 0.4, 1.4])
    return GRMParams(a=a, b=b)


def test_it_recovers_known_parameters_from_seeded_synthetic_data():
    rng = np.random.default_rng(20261121)
    truth = make_truth(rng, 8)
    x = simulate_responses(truth, rng.normal(size=6000), rng)
    x[rng.random(x.shape) < 0.03] = np.nan  # some missing answers, at random
    fit = calibrate_grm(x, n_categories=5)
    assert fit.converged
    assert np.abs(fit.params.a - truth.a).max() < 0.15
    assert np.abs(fit.params.b - truth.b).max() < 0.2
    assert np.corrcoef(fit.params.b.ravel(), truth.b.ravel())[0, 1] > 0.99


def test_it_improves_the_likelihood_over_the_start():
    rng = np.random.default_rng(5)
    truth = make_truth(rng, 5)
    x = simulate_responses(truth, rng.normal(size=1500), rng)
    one_step = calibrate_grm(x, n_categories=5, max_iter=1)
    full = calibrate_grm(x, n_categories=5)
    assert full.loglik > one_step.loglik
    assert full.n_persons == 1500 and full.n_responses == 7500


def test_it_has_an_analytic_gradient_that_matches_finite_differences():
    rng = np.random.default_rng(11)
    params = make_truth(rng, 3)
    x = _pack(params)
    np.testing.assert_allclose(_to_params(x, 3, 5).b, params.b, atol=1e-12)
    counts = rng.random((3, 5, 15)) * 20
    theta = np.linspace(-4, 4, 15)
    analytic = _objective(x, counts, theta, 5)[1]
    numeric = approx_fprime(x, lambda v: _objective(v, counts, theta, 5)[0], 1e-7)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-4, atol=1e-3)


def test_it_drops_persons_without_any_answer():
    rng = np.random.default_rng(9)
    truth = make_truth(rng, 4)
    x = simulate_responses(truth, rng.normal(size=800), rng)
    x[:50] = np.nan
    assert calibrate_grm(x, n_categories=5, max_iter=3).n_persons == 750
