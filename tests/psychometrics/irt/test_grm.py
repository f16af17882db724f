import numpy as np
import pytest

from hechting.psychometrics.irt import grm
from hechting.psychometrics.irt.grm import GRMParams

PARAMS = GRMParams(
    a=np.array([0.7, 1.5, 2.8]),
    b=np.array([[-2.0, -0.5, 0.4, 1.8], [-1.0, -0.2, 0.1, 0.9], [-0.3, 0.2, 0.6, 2.5]]),
)
THETA = np.linspace(-4, 4, 41)


def test_it_gives_category_probabilities_that_sum_to_one():
    p = grm.category_probabilities(PARAMS, THETA)
    assert p.shape == (41, 3, 5)
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=2), 1.0, atol=1e-12)


def test_it_matches_the_textbook_formula_for_one_case():
    # a = 1.5, b = (-1, -0.2, 0.1, 0.9), theta = 0.5: P*_k = 1 / (1 + exp(-1.5 (0.5 - b_k)))
    star = 1 / (1 + np.exp(-1.5 * (0.5 - np.array([-1.0, -0.2, 0.1, 0.9]))))
    expected = -np.diff(np.concatenate([[1.0], star, [0.0]]))
    got = grm.category_probabilities(PARAMS, np.array([0.5]))[0, 1]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_it_raises_expected_scores_with_theta():
    e = grm.expected_item_score(PARAMS, THETA)
    assert np.all(np.diff(e, axis=0) > 0)
    p = grm.category_probabilities(PARAMS, THETA)
    np.testing.assert_allclose(e, (p * np.arange(5)).sum(axis=2), atol=1e-12)


def test_it_computes_information_as_the_variance_of_the_score_function():
    # Fisher information = E[(d/dtheta log P_k)^2], by central differences of log P_k.
    h = 1e-5
    lp_plus = np.log(grm.category_probabilities(PARAMS, THETA + h))
    lp_minus = np.log(grm.category_probabilities(PARAMS, THETA - h))
    score = (lp_plus - lp_minus) / (2 * h)
    p = grm.category_probabilities(PARAMS, THETA)
    expected = (p * score**2).sum(axis=2)
    np.testing.assert_allclose(grm.item_information(PARAMS, THETA), expected, rtol=1e-5)
    np.testing.assert_allclose(grm.test_information(PARAMS, THETA), expected.sum(axis=1), rtol=1e-5)


def test_it_simulates_responses_with_the_model_frequencies():
    rng = np.random.default_rng(7)
    x = grm.simulate_responses(PARAMS, np.full(40_000, 0.3), rng)
    freq = np.stack([(x == k).mean(axis=0) for k in range(5)], axis=1)
    p = grm.category_probabilities(PARAMS, np.array([0.3]))[0]
    np.testing.assert_allclose(freq, p, atol=0.01)


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ([1.0, -0.5], [[0.0, 1.0], [0.0, 1.0]], "positive"),
        ([1.0, 1.0], [[0.0, 1.0], [1.0, 0.5]], "increase"),
        ([1.0], [[0.0, 1.0], [0.0, 1.0]], "needs"),
        ([np.nan, 1.0], [[0.0, 1.0], [0.0, 1.0]], "finite"),
    ],
)
def test_it_rejects_invalid_parameters(a, b, message):
    with pytest.raises(ValueError, match=message):
        GRMParams(a=np.array(a), b=np.array(b))
