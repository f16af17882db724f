"""Samejima's graded response model (GRM), logistic metric without the 1.7 scaling constant.

For item i with discrimination a_i > 0 and increasing thresholds b_i1 < ... < b_i,K-1, the
probability of answering in category k or higher (k = 1..K-1, categories 0..K-1) is

    P*_ik(theta) = 1 / (1 + exp(-a_i (theta - b_ik)))

and the category probability is P_ik = P*_ik - P*_i,k+1 with P*_i0 = 1 and P*_iK = 0.
Responses are *keyed* (reverse items recoded) and coded 0..K-1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

# Category probabilities are clipped here before taking logs, so that an extreme threshold can
# never produce log(0) = -inf in a likelihood. Far below anything the data can resolve.
PROB_FLOOR = 1e-300


@dataclass(frozen=True)
class GRMParams:
    """Item parameters of a unidimensional GRM.

    a: (I,) discriminations, all > 0.
    b: (I, K-1) thresholds, strictly increasing along each row.
    """

    a: FloatArray
    b: FloatArray

    def __post_init__(self) -> None:
        a = np.asarray(self.a, dtype=np.float64)
        b = np.asarray(self.b, dtype=np.float64)
        if a.ndim != 1 or b.ndim != 2 or b.shape[0] != a.shape[0] or b.shape[1] < 1:
            raise ValueError(f"GRMParams needs a (I,) and b (I, K-1); got {a.shape} and {b.shape}")
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            raise ValueError("GRMParams must be finite")
        if np.any(a <= 0):
            raise ValueError("GRM discriminations must be positive (key reversed items first)")
        if np.any(np.diff(b, axis=1) <= 0):
            raise ValueError("GRM thresholds must increase within each item")
        a.setflags(write=False)
        b.setflags(write=False)
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)

    @property
    def n_items(self) -> int:
        return int(self.a.shape[0])

    @property
    def n_categories(self) -> int:
        return int(self.b.shape[1] + 1)

    def subset(self, items: NDArray[np.intp] | list[int]) -> GRMParams:
        """The parameters of the given item indices, in that order."""
        idx = np.asarray(items, dtype=np.intp)
        return GRMParams(a=self.a[idx], b=self.b[idx])


def cumulative_probabilities(params: GRMParams, theta: FloatArray) -> FloatArray:
    """P(X >= k | theta) for k = 0..K: shape (Q, I, K+1), first column 1 and last column 0."""
    theta = np.asarray(theta, dtype=np.float64).reshape(-1)
    z = params.a[None, :, None] * (theta[:, None, None] - params.b[None, :, :])
    star = np.empty((theta.shape[0], params.n_items, params.n_categories + 1))
    star[:, :, 0] = 1.0
    star[:, :, -1] = 0.0
    # expit without overflow warnings for large |z|
    star[:, :, 1:-1] = 0.5 * (1.0 + np.tanh(0.5 * z))
    return star


def category_probabilities(params: GRMParams, theta: FloatArray) -> FloatArray:
    """P(X = k | theta): shape (Q, I, K) for theta of shape (Q,)."""
    star = cumulative_probabilities(params, theta)
    return np.maximum(star[:, :, :-1] - star[:, :, 1:], 0.0)


def log_category_probabilities(params: GRMParams, theta: FloatArray) -> FloatArray:
    """log P(X = k | theta): shape (Q, I, K), floored so it is always finite."""
    return np.log(np.maximum(category_probabilities(params, theta), PROB_FLOOR))


def expected_item_score(params: GRMParams, theta: FloatArray) -> FloatArray:
    """E[X | theta] in category units 0..K-1: shape (Q, I). It equals sum_k>=1 P*_k."""
    expected: FloatArray = cumulative_probabilities(params, theta)[:, :, 1:-1].sum(axis=2)
    return expected


def item_information(params: GRMParams, theta: FloatArray) -> FloatArray:
    """Fisher information of each item at theta: shape (Q, I).

    I_i(theta) = sum_k (dP_ik/dtheta)^2 / P_ik with dP*_k/dtheta = a P*_k (1 - P*_k).
    """
    star = cumulative_probabilities(params, theta)
    w = params.a[None, :, None] * star * (1.0 - star)
    d_prob = w[:, :, :-1] - w[:, :, 1:]
    prob = np.maximum(star[:, :, :-1] - star[:, :, 1:], PROB_FLOOR)
    info: FloatArray = (d_prob**2 / prob).sum(axis=2)
    return info


def test_information(params: GRMParams, theta: FloatArray) -> FloatArray:
    """Sum of the item informations: shape (Q,)."""
    total: FloatArray = item_information(params, theta).sum(axis=1)
    return total


def simulate_responses(
    params: GRMParams, theta: FloatArray, rng: np.random.Generator
) -> NDArray[np.float64]:
    """Draw responses (N, I) in categories 0..K-1 for persons with the given thetas (N,)."""
    star = cumulative_probabilities(params, np.asarray(theta, dtype=np.float64))
    u = rng.random((star.shape[0], star.shape[1], 1))
    # category = number of thresholds passed: count of P*_k (k = 1..K-1) above the uniform draw
    drawn: FloatArray = (star[:, :, 1:-1] > u).sum(axis=2).astype(np.float64)
    return drawn


# Not a pytest test, despite its name.
test_information.__test__ = False  # type: ignore[attr-defined]  # pytest: not a test
