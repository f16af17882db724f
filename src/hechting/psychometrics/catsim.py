"""Post-hoc evaluation of the ECR CAT and of fixed short forms against the full 36-item test.

Used by `hechting cat simulate`, bench/cat_study.py and the tests. Every comparison is with the
person's own full-test result under the same GRM parameters: the EAP theta of all 18 items of
each scale and the modal style from the two full-test posteriors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hechting.psychometrics.attachment import SCALES, ScaleModel
from hechting.psychometrics.cat import CatSettings, ItemBank, Simulation, simulate
from hechting.psychometrics.irt.eap import DEFAULT_GRID, posterior
from hechting.psychometrics.irt.grm import FloatArray
from hechting.psychometrics.styles import p_above, style_reading

IntArray = NDArray[np.intp]

# The study split of the shared ECR file (docs/cat.md): a seeded permutation of the row numbers;
# the first half calibrates, the next quarter tunes the rules, the last quarter tests them once.
STUDY_SEED = 20261121


def study_split(n_rows: int, seed: int = STUDY_SEED) -> tuple[IntArray, IntArray, IntArray]:
    """Row indices (calibration, tuning, test) of a file with n_rows rows: 50 / 25 / 25 %."""
    perm = np.random.default_rng(seed).permutation(n_rows).astype(np.intp)
    half, three_q = n_rows // 2, (3 * n_rows) // 4
    return perm[:half], perm[half:three_q], perm[three_q:]


@dataclass(frozen=True)
class Reading:
    """Scores of n persons from some set of items: theta (2, n) EAP, p_above (2, n)
    P(theta > cut), style (n,) the modal quadrant, for (anxiety, avoidance)."""

    theta: FloatArray
    p_above: FloatArray

    @property
    def style(self) -> NDArray[np.str_]:
        return style_reading(self.p_above[0], self.p_above[1]).style


def reading(
    models: Sequence[ScaleModel],
    item_ids: Sequence[str],
    categories: NDArray[np.float64],
    items: Sequence[str] | None = None,
) -> Reading:
    """EAP reading from ``items`` only (None = all): categories (n, I) in ``item_ids`` order."""
    keep = set(item_ids if items is None else items)
    theta = np.empty((2, categories.shape[0]))
    above = np.empty((2, categories.shape[0]))
    for d, model in enumerate(models):
        cols = [item_ids.index(i) for i in model.item_ids]
        x = categories[:, cols].copy()
        x[:, [i not in keep for i in model.item_ids]] = np.nan
        post = posterior(model.params, x, DEFAULT_GRID)
        theta[d] = post @ DEFAULT_GRID.points
        above[d] = p_above(post, DEFAULT_GRID, model.cut)
    return Reading(theta=theta, p_above=above)


@dataclass(frozen=True)
class Agreement:
    """How well a reading reproduces the full test: r and RMSE of theta per scale (anxiety,
    avoidance), the share with the same modal style, and the numbers of items asked."""

    n: int
    mean_items: float
    p90_items: float
    r: tuple[float, float]
    rmse: tuple[float, float]
    style_agreement: float


def agreement(full: Reading, short: Reading, n_items: NDArray[np.intp] | int) -> Agreement:
    """Compare ``short`` with ``full`` for the same n persons."""
    n = full.theta.shape[1]
    counts = np.broadcast_to(np.asarray(n_items, dtype=np.float64), (n,))
    r = tuple(float(np.corrcoef(full.theta[d], short.theta[d])[0, 1]) for d in range(2))
    rmse = tuple(float(np.sqrt(np.mean((full.theta[d] - short.theta[d]) ** 2))) for d in range(2))
    return Agreement(
        n=n,
        mean_items=float(counts.mean()),
        p90_items=float(np.percentile(counts, 90)),
        r=(r[0], r[1]),
        rmse=(rmse[0], rmse[1]),
        style_agreement=float(np.mean(full.style == short.style)),
    )


def cat_reading(sim: Simulation, cap: int | None = None) -> Reading:
    """The CAT's reading, or that of the same CAT capped at ``cap`` items."""
    if cap is None:
        return Reading(theta=sim.theta, p_above=sim.p_above)
    return Reading(theta=sim.theta_path[cap], p_above=sim.p_above_path[cap])


def run_cat(
    bank: ItemBank, settings: CatSettings, categories: NDArray[np.float64], full: Reading
) -> tuple[Simulation, Agreement]:
    """Simulate the CAT on complete answers (n, 36) and compare it with the full test."""
    sim = simulate(bank, settings, categories)
    return sim, agreement(full, cat_reading(sim), sim.n_items)


def greedy_order(
    models: Sequence[ScaleModel], item_ids: Sequence[str], categories: NDArray[np.float64]
) -> tuple[str, ...]:
    """Per scale, items in greedy forward order: each next item is the one whose addition makes
    the EAP of the items so far correlate best with the full-scale EAP. Interleaved anxiety,
    avoidance. categories: complete answers (n, I) in ``item_ids`` order."""
    orders: list[list[str]] = []
    for model in models:
        cols = [item_ids.index(i) for i in model.item_ids]
        x = categories[:, cols]
        full = posterior(model.params, x, DEFAULT_GRID) @ DEFAULT_GRID.points
        chosen: list[int] = []
        while len(chosen) < len(cols):
            best, best_r = -1, -np.inf
            for j in range(len(cols)):
                if j in chosen:
                    continue
                sub = np.full_like(x, np.nan)
                sub[:, [*chosen, j]] = x[:, [*chosen, j]]
                theta = posterior(model.params, sub, DEFAULT_GRID) @ DEFAULT_GRID.points
                r = float(np.corrcoef(theta, full)[0, 1])
                if r > best_r:
                    best, best_r = j, r
            chosen.append(best)
        orders.append([model.item_ids[j] for j in chosen])
    return tuple(i for pair in zip(*orders, strict=True) for i in pair)


def balanced_prefix(order: Sequence[str], bank: ItemBank, per_scale: int) -> tuple[str, ...]:
    """The first ``per_scale`` items of each scale in ``order``: a fixed form."""
    out: list[str] = []
    for d in range(len(SCALES)):
        out.extend([i for i in order if bank.scale[bank.index(i)] == d][:per_scale])
    return tuple(out)
