"""Computerised adaptive testing (CAT) for the ECR: anxiety and avoidance, one item at a time.

The bank holds the 36 ECR items with the graded-response parameters of their own scale. Each
scale has its own posterior on a grid (the two scales are calibrated separately, so the two
posteriors are independent). After every answer the engine asks the item that most reduces the
expected *loss* of the reading the person will get, and stops when no item is worth asking:

    loss = sum over d in (anxiety, avoidance) of  var_weight_d * var_d + class_weight * miss_d

- ``var_d`` is the posterior variance of theta_d. Its expected reduction by an item equals the
  expected reduction of the squared distance to the *full 36-item* EAP (by the tower property,
  the full test's own posterior variance does not move in expectation), so this term buys
  precision relative to the full test, which is what the study measures.
- ``miss_d = min(S_d, 1 - S_d)`` is the probability that the side of the style cut we would
  report differs from the side the full test would report, with the soft cut

      S_d = sum_q post_d(q) * Phi((q - cut_d) / class_width).

  The width models the full test's own measurement error: someone right at the cut is a coin
  flip even on all 36 items, so no item is wasted on making them "certain".

For every candidate item the expected loss after its answer is exact under the model (a one-step
lookahead over its K answer categories, for all candidates at once by matrix products). The
candidate with the largest expected reduction wins (the lowest bank index on a tie); the test
stops when the best reduction is below ``stop_gain`` (after ``min_items``), when both posterior
SDs are at most ``se_stop`` (if set), or at ``max_items``.

Which items are candidates: with ``window = w > 0`` only the first ``w`` unanswered items of
each scale in the priority ``order`` compete. The ECR's items are locally dependent (clusters
such as "worry about abandonment", "frustration when the partner is away", "merging"), which the
unidimensional model cannot see; an order chosen on calibration data to cover those clusters
tracks the full-test score far better than the model's information does (docs/cat.md). With
``window = 1`` the rule adapts *which scale* to ask next and *when to stop*; ``window = 0`` lets
the model pick any item.

One implementation of the rule (``_choose``) serves both ``next_step`` (one person, a web
request) and ``simulate`` (all persons in lock-step, for the post-hoc study).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr

from hechting.psychometrics.attachment import ScaleModel, load_attachment_model
from hechting.psychometrics.instruments import load_instrument
from hechting.psychometrics.irt.eap import Grid
from hechting.psychometrics.irt.grm import PROB_FLOOR, FloatArray, GRMParams, category_probabilities
from hechting.psychometrics.styles import p_above

IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

SCALES = ("anxiety", "avoidance")
RESPONSE_MIN, RESPONSE_MAX = 1, 5
# Criterion values are rounded to this many decimals before the arg-max, so that a one-person
# step and the batch simulation (different BLAS summation orders) break near-ties the same way.
_DECIMALS = 10
# The grid of the CAT posteriors (spacing 0.125): EAP and SD within ~1e-4 of a fine grid at the
# posterior SDs a CAT reaches (>= 0.2).
CAT_GRID = Grid.normal(n_points=81, lo=-5.0, hi=5.0)

# The priority order of each scale, chosen on the calibration part of the study split by greedy
# forward selection: each next item is the one that makes the EAP of the items so far correlate
# best with the full-scale EAP (bench/cat_study.py). Interleaved anxiety, avoidance.
DEFAULT_ORDER = (
    "Q8", "Q9", "Q18", "Q23", "Q26", "Q31", "Q14", "Q5", "Q30", "Q25", "Q6", "Q3",
    "Q16", "Q17", "Q24", "Q33", "Q2", "Q13", "Q36", "Q15", "Q4", "Q21", "Q20", "Q19",
    "Q10", "Q1", "Q34", "Q35", "Q22", "Q7", "Q12", "Q27", "Q32", "Q11", "Q28", "Q29",
)  # fmt: skip


@dataclass(frozen=True)
class ItemBank:
    """The ECR items with their GRM parameters, tabulated on the CAT grid.

    item_ids: (I,) in instrument order "Q1".."Q36"; scale: (I,) 0 = anxiety, 1 = avoidance;
    reverse: (I,) reverse-keyed; cuts: (2,) style cut (theta) per scale; prob: (I, K, Q)
    category probabilities on grid.points; log_prob: (I, K, Q) their logs.
    """

    item_ids: tuple[str, ...]
    scale: IntArray
    reverse: BoolArray
    cuts: FloatArray
    prob: FloatArray
    log_prob: FloatArray
    grid: Grid = field(default=CAT_GRID)

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    @property
    def n_categories(self) -> int:
        return int(self.prob.shape[1])

    def index(self, item_id: str) -> int:
        """Bank position of an item id; KeyError for an unknown id."""
        try:
            return self.item_ids.index(item_id)
        except ValueError:
            raise KeyError(f"unknown ECR item {item_id!r}") from None

    def category(self, item: int, raw: int) -> int:
        """A raw answer 1..5 to bank item ``item`` as a keyed category 0..K-1."""
        keyed = (RESPONSE_MIN + RESPONSE_MAX - raw) if self.reverse[item] else raw
        return int(keyed - RESPONSE_MIN)

    @classmethod
    def build(
        cls,
        item_ids: Sequence[str],
        reverse_items: Iterable[str],
        scales: Sequence[tuple[Sequence[str], GRMParams, float]],
        grid: Grid = CAT_GRID,
    ) -> ItemBank:
        """The bank for items ``item_ids`` (in this order) from (items, params, cut) per scale.

        ``scales`` gives anxiety then avoidance; every item must belong to exactly one scale.
        """
        if len(scales) != len(SCALES):
            raise ValueError("the bank needs the anxiety and the avoidance scale")
        position = {item: j for j, item in enumerate(item_ids)}
        n_cat = scales[0][1].n_categories
        prob = np.full((len(item_ids), n_cat, grid.points.shape[0]), np.nan)
        scale = np.full(len(item_ids), -1, dtype=np.intp)
        for d, (items, params, _) in enumerate(scales):
            if len(items) != params.n_items or params.n_categories != n_cat:
                raise ValueError(f"{SCALES[d]}: items and parameters do not match")
            table = np.transpose(category_probabilities(params, grid.points), (1, 2, 0))
            for i, item in enumerate(items):
                prob[position[item]] = table[i]
                scale[position[item]] = d
        if np.any(scale < 0):
            raise ValueError("every bank item needs GRM parameters")
        reverse = frozenset(reverse_items)
        return cls(
            item_ids=tuple(item_ids),
            scale=scale,
            reverse=np.array([item in reverse for item in item_ids], dtype=np.bool_),
            cuts=np.array([cut for _, _, cut in scales], dtype=np.float64),
            prob=prob,
            log_prob=np.log(np.maximum(prob, PROB_FLOOR)),
            grid=grid,
        )


@dataclass(frozen=True)
class CatSettings:
    """The rules of one CAT design (defaults: chosen in docs/cat.md).

    order: per-scale priority of the items (ids; unlisted items follow in bank order);
    window: candidates per scale, the first ``window`` unanswered items of ``order``; 0 = all.
    min_items / max_items: no stop before min_items; always stop at max_items.
    var_weights (anxiety, avoidance), class_weight, class_width: the loss (module docstring).
    stop_gain: stop when the best item's expected loss reduction is below this.
    se_stop: also stop once both posterior SDs are <= se_stop (None: not used).
    typical_totals: for ``expected_total``: the mean final length of simulated persons still
    going after k answers (k = 0, 1, ...), measured for these settings by bench/cat_study.py.
    """

    order: tuple[str, ...] = DEFAULT_ORDER
    window: int = 1
    min_items: int = 6
    max_items: int = 16
    var_weights: tuple[float, float] = (1.0, 1.0)
    class_weight: float = 12.0
    class_width: float = 0.25
    stop_gain: float = 0.028
    se_stop: float | None = None
    typical_totals: tuple[float, ...] = (
        10.2, 10.2, 10.2, 10.2, 10.2, 10.2, 10.2, 10.3, 11.4, 11.9, 12.9, 13.9, 14.3, 15.3, 15.7,
        16.0,
    )  # fmt: skip


DEFAULT_SETTINGS = CatSettings()


@dataclass(frozen=True)
class CatStep:
    """Where a person stands after their answers so far.

    item: the next ECR item id, or None when the test is done; estimates are EAP thetas and
    posterior SDs on the calibration metric; expected_total: the estimated total number of
    items this person will answer; progress: n_answered / expected_total (1.0 when done).
    """

    item: str | None
    n_answered: int
    anxiety_theta: float
    anxiety_se: float
    avoidance_theta: float
    avoidance_se: float
    expected_total: int
    progress: float


# ---------------------------------------------------------------------------------------------
# The rule, vectorised over persons


def _summaries(bank: ItemBank, log_post: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """log_post (2, n, Q) unnormalised -> posterior (2, n, Q), mean (2, n), SD (2, n)."""
    post = np.exp(log_post - log_post.max(axis=2, keepdims=True))
    post /= post.sum(axis=2, keepdims=True)
    q = bank.grid.points
    mean = post @ q
    var = np.maximum(post @ (q * q) - mean * mean, 0.0)
    return post, mean, np.sqrt(var)


def _gains(bank: ItemBank, settings: CatSettings, post: FloatArray, items: IntArray) -> FloatArray:
    """Expected loss reduction of the given items for every person.

    post: (2, n, Q) posteriors; items: (m,) bank indices. Returns (n, m).
    """
    q = bank.grid.points
    n = post.shape[1]
    n_cat = bank.n_categories
    gains = np.empty((n, items.shape[0]))
    for d in range(2):
        cols = np.flatnonzero(bank.scale[items] == d)
        if n == 0 or cols.size == 0:
            continue
        p = post[d]
        soft = ndtr((q - bank.cuts[d]) / settings.class_width)
        table = bank.prob[items[cols]].reshape(-1, q.shape[0]).T  # (Q, m_d * K)
        # per answer category k of each item: its predictive mass, the first two posterior
        # moments and the soft-cut mass it would leave (unnormalised), in one matrix product
        moments = np.concatenate([p, p * q, p * (q * q), p * soft], axis=0) @ table
        mass, m1, m2, side = (moments[k * n : (k + 1) * n].reshape(n, -1, n_cat) for k in range(4))
        mean0 = p @ q
        var0 = p @ (q * q) - mean0 * mean0
        exp_var = (m2 - m1 * m1 / np.maximum(mass, PROB_FLOOR)).sum(axis=2)
        s0 = p @ soft
        miss0 = np.minimum(s0, 1.0 - s0)
        exp_miss = np.minimum(side, mass - side).sum(axis=2)
        gains[:, cols] = settings.var_weights[d] * (var0[:, None] - exp_var) + (
            settings.class_weight * (miss0[:, None] - exp_miss)
        )
    return gains


def _candidates(bank: ItemBank, settings: CatSettings, answered: BoolArray) -> BoolArray:
    """(n, I): unanswered items allowed by the window of ``order``."""
    if settings.window <= 0:
        return ~answered
    listed = [bank.index(item) for item in settings.order]
    seen = set(listed)
    perm = np.array(listed + [j for j in range(bank.n_items) if j not in seen], dtype=np.intp)
    allowed = np.zeros_like(answered)
    for d in range(2):
        cols = perm[bank.scale[perm] == d]
        open_ = ~answered[:, cols]
        allowed[:, cols] = open_ & (np.cumsum(open_, axis=1) <= settings.window)
    return allowed


def _choose(
    bank: ItemBank, settings: CatSettings, log_post: FloatArray, answered: BoolArray
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """The next item per person (-1 = stop) with the current posteriors, means and SDs.

    log_post: (2, n, Q) unnormalised log posteriors; answered: (n, I).
    Returns item (n,), posterior (2, n, Q), mean (2, n), sd (2, n).
    """
    post, mean, sd = _summaries(bank, log_post)
    n_answered = answered.sum(axis=1)
    allowed = _candidates(bank, settings, answered)
    # only items that are a candidate for someone are evaluated (few, with a small window)
    items = np.flatnonzero(allowed.any(axis=0))
    if items.size == 0:  # every item answered
        return np.full(answered.shape[0], -1, dtype=np.intp), post, mean, sd
    gains = np.round(_gains(bank, settings, post, items), _DECIMALS)
    gains[~allowed[:, items]] = -np.inf
    pick = np.argmax(gains, axis=1)
    best_gain = gains[np.arange(pick.shape[0]), pick]
    best = items[pick]
    go = (best_gain >= settings.stop_gain) | (n_answered < settings.min_items)
    if settings.se_stop is not None:
        go &= ~np.all(sd <= settings.se_stop, axis=0) | (n_answered < settings.min_items)
    go &= np.isfinite(best_gain) & (n_answered < settings.max_items)
    return np.where(go, best, -1), post, mean, sd


# ---------------------------------------------------------------------------------------------
# One person


def _categories(bank: ItemBank, answers: Mapping[str, int]) -> dict[int, int]:
    """{bank index: keyed category} from raw answers; ValueError/KeyError for bad input."""
    cats: dict[int, int] = {}
    for item_id, raw in answers.items():
        j = bank.index(item_id)
        if isinstance(raw, bool) or not isinstance(raw, int | np.integer):
            raise ValueError(f"{item_id}: an answer is a whole number 1-5, got {raw!r}")
        if not RESPONSE_MIN <= raw <= RESPONSE_MAX:
            raise ValueError(f"{item_id}: an answer is 1-5, got {raw}")
        cats[j] = bank.category(j, int(raw))
    return cats


def next_step(
    answers: Mapping[str, int],
    settings: CatSettings = DEFAULT_SETTINGS,
    bank: ItemBank | None = None,
) -> CatStep:
    """The next ECR item for a person with these answers (raw 1..5 by item id), or None = stop.

    A pure function of the answers (their order does not matter): resuming is calling it again.
    """
    bank = default_bank() if bank is None else bank
    cats = _categories(bank, answers)
    log_post = np.tile(bank.grid.log_weights, (2, 1, 1))
    answered = np.zeros((1, bank.n_items), dtype=np.bool_)
    for j in sorted(cats):
        log_post[bank.scale[j], 0] += bank.log_prob[j, cats[j]]
        answered[0, j] = True
    choice, _, mean, sd = _choose(bank, settings, log_post, answered)
    n = len(cats)
    item = None if choice[0] < 0 else bank.item_ids[int(choice[0])]
    total = n if item is None else expected_total(n, settings)
    return CatStep(
        item=item,
        n_answered=n,
        anxiety_theta=float(mean[0, 0]),
        anxiety_se=float(sd[0, 0]),
        avoidance_theta=float(mean[1, 0]),
        avoidance_se=float(sd[1, 0]),
        expected_total=total,
        progress=1.0 if item is None else n / total,
    )


def expected_total(n_answered: int, settings: CatSettings = DEFAULT_SETTINGS) -> int:
    """The expected final length for someone who has answered n_answered and is not done.

    From ``settings.typical_totals`` (measured by simulation); without it, the least it can be.
    Always at least n_answered + 1 and at most max_items.
    """
    least = max(n_answered + 1, settings.min_items)
    if n_answered < len(settings.typical_totals):
        least = max(least, round(settings.typical_totals[n_answered]))
    return int(min(least, max(settings.max_items, n_answered + 1)))


# ---------------------------------------------------------------------------------------------
# All persons in lock-step


@dataclass(frozen=True)
class Simulation:
    """Post-hoc CAT on complete response patterns of n persons.

    items: (n, max_items) bank indices in the order asked, -1 after the stop; n_items: (n,);
    theta, se, p_above: (2, n) final EAP, posterior SD and P(theta > cut) per scale;
    theta_path, p_above_path: (max_items + 1, 2, n) the same after k items (k = 0..max_items),
    carried forward after a person stopped: the CAT capped at k items.
    """

    items: IntArray
    n_items: IntArray
    theta: FloatArray
    se: FloatArray
    p_above: FloatArray
    theta_path: FloatArray
    p_above_path: FloatArray


def _p_above(bank: ItemBank, post: FloatArray) -> FloatArray:
    """(2, n): posterior mass above each scale's cut, as the style reading computes it."""
    return np.stack([p_above(post[d], bank.grid, float(bank.cuts[d])) for d in range(2)])


def simulate(bank: ItemBank, settings: CatSettings, categories: NDArray[np.float64]) -> Simulation:
    """Run the CAT for every person against their own complete answers, all in lock-step.

    categories: (n, I) keyed categories 0..K-1 in bank order, no missing values.
    """
    cats = np.asarray(categories, dtype=np.float64)
    if cats.ndim != 2 or cats.shape[1] != bank.n_items or np.isnan(cats).any():
        raise ValueError(f"simulate needs complete responses (n, {bank.n_items})")
    c = cats.astype(np.intp)
    n = c.shape[0]
    steps = settings.max_items
    log_post = np.tile(bank.grid.log_weights, (2, n, 1))
    answered = np.zeros((n, bank.n_items), dtype=np.bool_)
    items = np.full((n, steps), -1, dtype=np.intp)
    theta_path = np.empty((steps + 1, 2, n))
    p_path = np.empty((steps + 1, 2, n))
    active = np.arange(n)
    for step in range(steps + 1):
        choice, post, mean, _ = _choose(bank, settings, log_post[:, active], answered[active])
        if step == 0:
            theta_path[0], p_path[0] = mean, _p_above(bank, post)
        else:
            theta_path[step] = theta_path[step - 1]
            p_path[step] = p_path[step - 1]
            theta_path[step][:, active] = mean
            p_path[step][:, active] = _p_above(bank, post)
        going = choice >= 0
        active = active[going]
        if active.size == 0:
            theta_path[step + 1 :] = theta_path[step]
            p_path[step + 1 :] = p_path[step]
            break
        j = choice[going]
        items[active, step] = j
        answered[active, j] = True
        log_post[bank.scale[j], active] += bank.log_prob[j, c[active, j]]
    _, _, sd = _summaries(bank, log_post)
    return Simulation(
        items=items,
        n_items=answered.sum(axis=1),
        theta=theta_path[-1],
        se=sd,
        p_above=p_path[-1],
        theta_path=theta_path,
        p_above_path=p_path,
    )


# ---------------------------------------------------------------------------------------------
# The production bank


def bank_from_models(models: Sequence[ScaleModel]) -> ItemBank:
    """The ECR bank (items in instrument order) from the anxiety and avoidance scale models."""
    ecr = load_instrument("ecr")
    by_scale = {m.scale: m for m in models}
    scales = [(by_scale[s].item_ids, by_scale[s].params, by_scale[s].cut) for s in SCALES]
    reverse = [item.id for item in ecr.items if item.reverse]
    return ItemBank.build(ecr.item_ids, reverse, scales)


@cache
def default_bank() -> ItemBank:
    """The bank from the committed full-data ECR parameters and cuts."""
    return bank_from_models(load_attachment_model().scales)
