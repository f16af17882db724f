"""Expected a posteriori (EAP) scoring for the GRM, vectorised over persons.

The log-likelihood of every person at every grid point is one matrix product: a one-hot
(persons x items*K) response matrix times the (items*K x grid) table of log category
probabilities. A missing answer is an all-zero block and simply drops out. The posterior is then
normalised on a fine uniform grid, where the rectangle rule is spectrally accurate for smooth,
fast-decaying integrands. The default grid, 121 points on [-8, 8], is wide enough for the prior
tail that dominates the posterior of someone who answers every item at the extreme (a grid on
[-6, 6] errs by ~6e-6 there); on the real ECR data its EAP and posterior SD agree with a
4,001-point integration on [-10, 10] to about 1e-11 (see bench/score.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hechting.psychometrics.irt.grm import FloatArray, GRMParams, log_category_probabilities

# Persons per block: keeps the (block x Q) working arrays in cache; results do not depend on it.
BLOCK = 4096


@dataclass(frozen=True)
class Grid:
    """Quadrature grid: points (Q,) and normalised log prior weights (Q,)."""

    points: FloatArray
    log_weights: FloatArray

    @classmethod
    def normal(
        cls,
        n_points: int = 121,
        lo: float = -8.0,
        hi: float = 8.0,
        mean: float = 0.0,
        sd: float = 1.0,
    ) -> Grid:
        """A uniform grid on [lo, hi] carrying a normal(mean, sd) prior."""
        points = np.linspace(lo, hi, n_points)
        log_w = -0.5 * ((points - mean) / sd) ** 2
        log_w -= np.log(np.exp(log_w - log_w.max()).sum()) + log_w.max()
        return cls(points=points, log_weights=log_w)

    @property
    def spacing(self) -> float:
        return float(self.points[1] - self.points[0])


DEFAULT_GRID = Grid.normal()


@dataclass(frozen=True)
class EAPResult:
    """Posterior mean (theta) and posterior SD (se) per person, both (n,).

    A person with no answered item gets the prior mean and SD.
    """

    theta: FloatArray
    se: FloatArray


def one_hot(responses: NDArray[np.float64], n_categories: int) -> FloatArray:
    """(n, I) categories 0..K-1 with NaN for missing -> (n, I*K) indicator matrix."""
    r = np.asarray(responses, dtype=np.float64)
    if r.ndim != 2:
        raise ValueError(f"responses must be persons x items, got shape {r.shape}")
    answered = ~np.isnan(r)
    values = r[answered]
    if values.size and (
        np.any(values != np.round(values)) or values.min() < 0 or values.max() > n_categories - 1
    ):
        raise ValueError(f"responses must be whole categories 0..{n_categories - 1} or NaN")
    # NaN equals no category, so a missing answer becomes an all-zero block
    x: FloatArray = (r[:, :, None] == np.arange(n_categories)).reshape(r.shape[0], -1)
    return x.astype(np.float64)


def log_likelihood_table(params: GRMParams, grid: Grid) -> FloatArray:
    """(I*K, Q): log P(X_i = k | theta_q), the right-hand factor of the likelihood product."""
    log_p = log_category_probabilities(params, grid.points)  # (Q, I, K)
    return np.ascontiguousarray(log_p.reshape(grid.points.shape[0], -1).T)


def _check(params: GRMParams, responses: NDArray[np.float64]) -> NDArray[np.float64]:
    r = np.asarray(responses, dtype=np.float64)
    if r.ndim != 2 or r.shape[1] != params.n_items:
        raise ValueError(f"responses must be (n, {params.n_items}), got shape {r.shape}")
    return r


def _log_posterior_blocks(
    params: GRMParams, responses: NDArray[np.float64], grid: Grid
) -> list[tuple[slice, FloatArray]]:
    table = log_likelihood_table(params, grid)
    blocks = []
    for start in range(0, responses.shape[0], BLOCK):
        sl = slice(start, start + BLOCK)
        x = one_hot(responses[sl], params.n_categories)
        blocks.append((sl, x @ table + grid.log_weights))
    return blocks


def _normalise(log_post: FloatArray) -> FloatArray:
    post: FloatArray = np.exp(log_post - log_post.max(axis=1, keepdims=True))
    post /= post.sum(axis=1, keepdims=True)
    return post


def posterior(
    params: GRMParams, responses: NDArray[np.float64], grid: Grid = DEFAULT_GRID
) -> FloatArray:
    """Normalised posterior weights on grid.points: (n, Q), each row sums to 1."""
    r = _check(params, responses)
    out = np.empty((r.shape[0], grid.points.shape[0]))
    for sl, log_post in _log_posterior_blocks(params, r, grid):
        out[sl] = _normalise(log_post)
    return out


def posterior_expectations(
    params: GRMParams,
    responses: NDArray[np.float64],
    functions: FloatArray,
    grid: Grid = DEFAULT_GRID,
) -> FloatArray:
    """E[f_j(theta) | responses] for functions tabulated on the grid: (Q, c) -> (n, c).

    The fast path of EAP scoring: per block of persons, one product for the log posterior (the
    prior rides along as an extra all-ones column of the one-hot matrix), an in-place exp, and
    one product with [1, f_1, ..., f_c]. Log posteriors are <= 0 (log probabilities plus a
    normalised log prior), so exp cannot overflow; the rare row whose mass underflows is redone
    with the usual max-subtraction.
    """
    r = _check(params, responses)
    f = np.asarray(functions, dtype=np.float64).reshape(grid.points.shape[0], -1)
    table = np.vstack([log_likelihood_table(params, grid), grid.log_weights])
    columns = np.column_stack([np.ones(grid.points.shape[0]), f])
    out = np.empty((r.shape[0], f.shape[1]))
    for start in range(0, r.shape[0], BLOCK):
        block = r[start : start + BLOCK]
        x = np.empty((block.shape[0], table.shape[0]))
        x[:, :-1] = one_hot(block, params.n_categories)
        x[:, -1] = 1.0
        log_post = x @ table
        sums = np.exp(log_post) @ columns
        tiny = sums[:, 0] < 1e-280
        if tiny.any():
            sums[tiny] = _normalise(log_post[tiny]) @ columns
        out[start : start + BLOCK] = sums[:, 1:] / sums[:, :1]
    return out


def eap(params: GRMParams, responses: NDArray[np.float64], grid: Grid = DEFAULT_GRID) -> EAPResult:
    """EAP theta and posterior SD for responses (n, I) in categories 0..K-1, NaN = missing."""
    q = grid.points
    m = posterior_expectations(params, responses, np.column_stack([q, q * q]), grid)
    return EAPResult(theta=m[:, 0], se=np.sqrt(np.maximum(m[:, 1] - m[:, 0] ** 2, 0.0)))
