"""Marginal maximum likelihood calibration of the GRM by EM (Bock & Aitkin, 1981).

The latent trait has a fixed standard normal prior (this identifies the scale). Each EM cycle:
  E-step: posterior weights of every person on the quadrature grid (one matrix product, see
          eap.py) and the expected counts r[i, k, q] = sum over persons answering k on item i of
          their posterior weight at theta_q (a second matrix product);
  M-step: for all items at once, maximise sum_{i,k,q} r_ikq log P_ik(theta_q) with L-BFGS and
          the analytic gradient, in an unconstrained parametrisation that keeps a > 0 and the
          thresholds ordered: a = exp(alpha), c_1 free, c_{k+1} = c_k - exp(delta_k), where
          P*_k = logistic(a theta + c_k), so b_k = -c_k / a.
Missing answers are ignored (missing at random), as in any likelihood-based IRT calibration.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.special import expit, logsumexp

from hechting.psychometrics.irt.eap import Grid, log_likelihood_table, one_hot
from hechting.psychometrics.irt.grm import PROB_FLOOR, FloatArray, GRMParams

CALIBRATION_GRID = Grid.normal(n_points=61, lo=-6.0, hi=6.0)


@dataclass(frozen=True)
class Calibration:
    """The result of calibrate_grm: the parameters and how the fit went."""

    params: GRMParams
    loglik: float
    n_persons: int
    n_responses: int
    iterations: int
    converged: bool
    max_change: float
    n_quadrature: int

    @property
    def n_parameters(self) -> int:
        return self.params.n_items * self.params.n_categories

    @property
    def aic(self) -> float:
        return -2.0 * self.loglik + 2.0 * self.n_parameters

    @property
    def bic(self) -> float:
        return -2.0 * self.loglik + float(np.log(self.n_persons)) * self.n_parameters


def _pack(params: GRMParams) -> FloatArray:
    c = -params.a[:, None] * params.b  # (I, K-1), decreasing
    alpha = np.log(params.a)
    delta = np.log(-np.diff(c, axis=1))
    return np.concatenate([alpha, c[:, 0], delta.ravel()])


def _unpack(x: FloatArray, n_items: int, n_cat: int) -> tuple[FloatArray, FloatArray]:
    alpha = x[:n_items]
    c1 = x[n_items : 2 * n_items]
    delta = x[2 * n_items :].reshape(n_items, n_cat - 2)
    steps = np.concatenate([np.zeros((n_items, 1)), -np.cumsum(np.exp(delta), axis=1)], axis=1)
    return np.exp(alpha), c1[:, None] + steps


def _to_params(x: FloatArray, n_items: int, n_cat: int) -> GRMParams:
    a, c = _unpack(x, n_items, n_cat)
    return GRMParams(a=a, b=-c / a[:, None])


def _objective(
    x: FloatArray, counts: FloatArray, theta: FloatArray, n_cat: int
) -> tuple[float, FloatArray]:
    """Negative expected complete-data log-likelihood and its gradient in the packed space.

    counts: (I, K, Q) expected counts; theta: (Q,) quadrature points.
    """
    n_items = counts.shape[0]
    a, c = _unpack(x, n_items, n_cat)
    star = np.empty((n_items, n_cat + 1, theta.shape[0]))
    star[:, 0] = 1.0
    star[:, -1] = 0.0
    star[:, 1:-1] = expit(a[:, None, None] * theta[None, None, :] + c[:, :, None])
    prob = np.maximum(star[:, :-1] - star[:, 1:], PROB_FLOOR)
    value = float((counts * np.log(prob)).sum())
    ratio = counts / prob  # (I, K, Q)
    w = star * (1.0 - star)  # dP*_k / dz_k, zero for k = 0 and K
    # d value / d z_j for thresholds j = 1..K-1: P*_j enters P_j (+) and P_{j-1} (-)
    per_q = (ratio[:, 1:] - ratio[:, :-1]) * w[:, 1:-1]  # (I, K-1, Q)
    g_z = per_q.sum(axis=2)
    g_a = (per_q * theta[None, None, :]).sum(axis=(1, 2))
    # chain rule to the packed parameters
    g_alpha = g_a * a
    g_c1 = g_z.sum(axis=1)
    # c_j = c_1 - sum_{m<j} exp(delta_m): dc_j/d delta_m = -exp(delta_m) for m < j
    exp_delta = np.exp(x[2 * n_items :].reshape(n_items, n_cat - 2))
    tail = np.cumsum(g_z[:, ::-1], axis=1)[:, ::-1]  # sum_{j >= m+1} g_z[j]
    g_delta = -exp_delta * tail[:, 1:]
    grad = np.concatenate([g_alpha, g_c1, g_delta.ravel()])
    return -value, -grad


def _start(responses: NDArray[np.float64], n_cat: int) -> GRMParams:
    """Starting values from the marginal category proportions (a = 1)."""
    n_items = responses.shape[1]
    b = np.empty((n_items, n_cat - 1))
    for i in range(n_items):
        col = responses[:, i]
        col = col[~np.isnan(col)]
        props = np.array([(col >= k).mean() for k in range(1, n_cat)])
        props = np.clip(props, 0.01, 0.99)
        b[i] = -np.log(props / (1 - props))
        b[i] = np.maximum.accumulate(b[i] + np.arange(n_cat - 1) * 1e-3)
    return GRMParams(a=np.ones(n_items), b=b)


def calibrate_grm(
    responses: NDArray[np.float64],
    *,
    n_categories: int | None = None,
    grid: Grid = CALIBRATION_GRID,
    max_iter: int = 1000,
    tol: float = 1e-5,
    start: GRMParams | None = None,
) -> Calibration:
    """Fit a unidimensional GRM by marginal maximum likelihood (EM).

    responses: (n, I) keyed categories 0..K-1, NaN = missing; persons with no answer are dropped.
    n_categories: K; by default one more than the highest category observed.
    Converged when no parameter (a or b) moves more than `tol` in one EM cycle.
    """
    r = np.asarray(responses, dtype=np.float64)
    r = r[~np.all(np.isnan(r), axis=1)]
    n_items = r.shape[1]
    if n_categories is None:
        n_categories = int(np.nanmax(r)) + 1
    if n_categories < 3:
        raise ValueError("calibrate_grm needs at least 3 categories")
    x_onehot = one_hot(r, n_categories)
    params = start if start is not None else _start(r, n_categories)
    packed = _pack(params)
    change = np.inf
    iterations = 0
    while change >= tol and iterations < max_iter:
        iterations += 1
        log_post = x_onehot @ log_likelihood_table(params, grid) + grid.log_weights
        weights = np.exp(log_post - logsumexp(log_post, axis=1, keepdims=True))  # (n, Q)
        counts = (x_onehot.T @ weights).reshape(n_items, n_categories, -1)
        fit = minimize(
            _objective,
            packed,
            args=(counts, grid.points, n_categories),
            jac=True,
            method="L-BFGS-B",
            options={"maxiter": 200, "gtol": 1e-9, "ftol": 1e-14},
        )
        new = _to_params(fit.x, n_items, n_categories)
        change = float(max(np.abs(new.a - params.a).max(), np.abs(new.b - params.b).max()))
        params, packed = new, fit.x
    # log-likelihood at the final parameters
    log_post = x_onehot @ log_likelihood_table(params, grid) + grid.log_weights
    loglik = float(logsumexp(log_post, axis=1).sum())
    return Calibration(
        params=params,
        loglik=loglik,
        n_persons=int(r.shape[0]),
        n_responses=int((~np.isnan(r)).sum()),
        iterations=iterations,
        converged=change < tol,
        max_change=change,
        n_quadrature=int(grid.points.shape[0]),
    )
