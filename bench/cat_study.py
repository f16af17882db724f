"""The adaptive-ECR study: calibrate on one part of the shared data, tune on another, test once.

    python bench/cat_study.py [--data PATH] [--figure docs/cat-tradeoff.svg] [--quick]

1. Split ../shared/data/ecr/ecr-responses.csv.gz by a seeded permutation of its rows
   (catsim.study_split, seed 20261121): 50 % calibration, 25 % tuning, 25 % test.
2. Calibrate the two GRMs on the calibration part only (all its rows, missing answers allowed),
   with the style cuts where the TCC is 3; choose the per-scale item order on its complete rows.
3. On the tuning part (complete rows) compare the rules and search the thresholds of the chosen
   design: the shortest mean length with r >= ECR-S r + 0.004 on both scales and style
   agreement >= ECR-S + 6.5 points. The margins (0.004 in r, 1.5 points over the goal of +5)
   are about two standard deviations of the difference between two independent samples of
   this size (bootstrap on the tuning part: SD of the CAT-minus-ECR-S difference 0.0017 in r
   and 0.53 points in agreement, times sqrt(2)), so the goal should hold on new people.
4. Report the chosen settings once on the test part, with the ECR-S in the same run.
5. Time the simulation of all complete shared respondents with the production (full-data)
   parameters, and one `next_step` call.

Prints every figure; takes a few minutes on a shared 2-core machine (--quick: a smaller search).
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hechting.commands.calibrate import tcc_cut  # noqa: E402
from hechting.commands.table import read_table, response_matrix  # noqa: E402
from hechting.psychometrics.attachment import ScaleModel, load_attachment_model  # noqa: E402
from hechting.psychometrics.cat import (  # noqa: E402
    DEFAULT_SETTINGS,
    CatSettings,
    bank_from_models,
    default_bank,
    next_step,
)
from hechting.psychometrics.catsim import (  # noqa: E402
    Agreement,
    agreement,
    balanced_prefix,
    greedy_order,
    reading,
    run_cat,
    study_split,
)
from hechting.psychometrics.instruments import load_instrument  # noqa: E402
from hechting.psychometrics.irt.calibrate import calibrate_grm  # noqa: E402
from hechting.psychometrics.irt.eap import eap  # noqa: E402
from hechting.psychometrics.irt.grm import expected_item_score  # noqa: E402

SHARED = Path(os.environ.get("HECHTING_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "ecr" / "ecr-responses.csv.gz"
R_MARGIN = 0.004
AGREEMENT_GOAL = 0.05
AGREEMENT_MARGIN = 0.015


def line(label: str, a: Agreement) -> str:
    return (
        f"{label:<52} items {a.mean_items:5.2f} (p90 {a.p90_items:2.0f})  "
        f"r {a.r[0]:.4f} / {a.r[1]:.4f}  rmse {a.rmse[0]:.3f} / {a.rmse[1]:.3f}  "
        f"style {a.style_agreement:.1%}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--figure", type=Path, default=ROOT / "docs" / "cat-tradeoff.svg")
    parser.add_argument("--quick", action="store_true", help="a smaller threshold search")
    args = parser.parse_args()

    ecr = load_instrument("ecr")
    ids = ecr.item_ids
    raw = response_matrix(read_table(args.data), ids, 1, 5, progress=False)
    cats_all = ecr.categories(raw)
    cal, tune, test = study_split(raw.shape[0])
    complete = ~np.isnan(raw).any(axis=1)
    print(f"data: {raw.shape[0]} rows, {complete.sum()} complete; split seed 20261121:")
    print(
        f"  calibration {cal.size} rows, tuning {tune.size} ({complete[tune].sum()} complete), "
        f"test {test.size} ({complete[test].sum()} complete)"
    )

    # 2. calibration part only
    t0 = time.perf_counter()
    models = []
    for scale in ("anxiety", "avoidance"):
        cols = ecr.scale_indices(scale)
        fit = calibrate_grm(cats_all[np.ix_(cal, cols)], n_categories=5)
        item_ids = tuple(ids[i] for i in cols)
        models.append(ScaleModel(scale, item_ids, fit.params, tcc_cut(fit.params, 1)))
    print(
        f"calibrated on the calibration part in {time.perf_counter() - t0:.1f} s; cuts "
        f"{models[0].cut:.3f} / {models[1].cut:.3f}"
    )
    cal_complete = cats_all[cal[complete[cal]]]
    print("largest residual correlations (Yen's Q3) after the GRM, calibration part:")
    for m in models:
        cols = [ids.index(i) for i in m.item_ids]
        x = cal_complete[:, cols]
        theta = eap(m.params, x).theta
        q3 = np.corrcoef((x - expected_item_score(m.params, theta)).T)
        pairs = sorted(
            ((q3[i, j], m.item_ids[i], m.item_ids[j]) for i in range(18) for j in range(i + 1, 18)),
            reverse=True,
        )[:6]
        print(f"  {m.scale}: " + ", ".join(f"{a}-{b} {v:.2f}" for v, a, b in pairs))
    t0 = time.perf_counter()
    order = greedy_order(models, ids, cal_complete)
    print(f"greedy item order (calibration part, {time.perf_counter() - t0:.1f} s):")
    print("  " + ", ".join(order))
    if order != DEFAULT_SETTINGS.order:
        print("  NOTE: differs from cat.DEFAULT_ORDER")
    bank = bank_from_models(models)
    top_a = tuple(
        i
        for pair in zip(
            *[[m.item_ids[j] for j in np.argsort(-m.params.a, kind="stable")] for m in models],
            strict=True,
        )
        for i in pair
    )

    # 3. tuning part
    tune_cats = cats_all[tune[complete[tune]]]
    full = reading(models, ids, tune_cats)
    short_items = load_instrument("ecr-s").item_ids
    ecr_s = agreement(full, reading(models, ids, tune_cats, short_items), 12)
    print(f"\n== tuning part, n = {full.theta.shape[1]}")
    print(line("ECR-S, 12 fixed items, EAP", ecr_s))
    fixed = {}
    for k in range(3, 10):
        fixed[k] = agreement(
            full, reading(models, ids, tune_cats, balanced_prefix(order, bank, k)), 2 * k
        )
        print(line(f"fixed: first {k}+{k} of the greedy order", fixed[k]))
    for k in (5, 6):
        a = agreement(full, reading(models, ids, tune_cats, balanced_prefix(top_a, bank, k)), 2 * k)
        print(line(f"fixed: {k}+{k} items with the highest a", a))

    rules = {
        "model CAT, variance only (~max info), fixed 12": CatSettings(
            window=0, class_weight=0.0, min_items=12, max_items=12, stop_gain=0.0
        ),
        "model CAT, variance only, stop at gain 0.02": CatSettings(
            window=0, var_weights=(1.0, 1.0), class_weight=0.0, min_items=4, max_items=20,
            stop_gain=0.02,
        ),
        "model CAT, classification only (hard cut), stop gain 0.02": CatSettings(
            window=0, var_weights=(0.0, 0.0), class_weight=1.0, class_width=0.01, min_items=4,
            max_items=20, stop_gain=0.02,
        ),
        "model CAT, classification only (hard cut), stop gain 0.005": CatSettings(
            window=0, var_weights=(0.0, 0.0), class_weight=1.0, class_width=0.01, min_items=4,
            max_items=20, stop_gain=0.005,
        ),
        "model CAT, combined loss (any item)": replace(DEFAULT_SETTINGS, window=0, order=order),
        "model CAT, combined loss, window 2 of the order": replace(
            DEFAULT_SETTINGS, window=2, order=order
        ),
        "ordered CAT, variance only": replace(DEFAULT_SETTINGS, class_weight=0.0, order=order),
        "ordered CAT, combined loss (the design)": replace(DEFAULT_SETTINGS, order=order),
    }  # fmt: skip
    print()
    for label, settings in rules.items():
        _, a = run_cat(bank, settings, tune_cats, full)
        print(line(label, a))

    # threshold search for the ordered, combined design
    if args.quick:
        grid = itertools.product((1.0, 1.1), (9.0, 12.0), (0.028, 0.03), (6,), (16,))
    else:
        grid = itertools.product(
            (1.0, 1.1), (4.0, 6.0, 9.0, 12.0), (0.026, 0.028, 0.03, 0.032, 0.034), (6, 8, 10), (16,)
        )
    t0 = time.perf_counter()
    results = []
    for wa, cw, sg, lo, hi in grid:
        s = replace(
            DEFAULT_SETTINGS, order=order, var_weights=(wa, 1.0), class_weight=cw, stop_gain=sg,
            min_items=lo, max_items=hi, typical_totals=(),
        )  # fmt: skip
        _, a = run_cat(bank, s, tune_cats, full)
        results.append((s, a))
    ok = [
        (s, a)
        for s, a in results
        if a.r[0] >= ecr_s.r[0] + R_MARGIN
        and a.r[1] >= ecr_s.r[1] + R_MARGIN
        and a.style_agreement >= ecr_s.style_agreement + AGREEMENT_GOAL + AGREEMENT_MARGIN
    ]
    print(
        f"\nsearch: {len(results)} settings in {time.perf_counter() - t0:.0f} s; "
        f"{len(ok)} meet the goal with margin on the tuning part"
    )
    ok.sort(key=lambda sa: sa[1].mean_items)
    for s, a in ok[:8]:
        label = (
            f"wa={s.var_weights[0]} cw={s.class_weight} gain={s.stop_gain} "
            f"min={s.min_items} max={s.max_items}"
        )
        print(line(label, a))
    chosen = ok[0][0] if ok else DEFAULT_SETTINGS
    same = replace(chosen, typical_totals=DEFAULT_SETTINGS.typical_totals) == DEFAULT_SETTINGS
    print("chosen = cat.DEFAULT_SETTINGS" if same else f"NOTE: chosen differs: {chosen}")

    # trade-off curve of the chosen design on tuning: vary the stop gain
    curve = []
    for sg in (0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05):
        _, a = run_cat(bank, replace(chosen, stop_gain=sg), tune_cats, full)
        curve.append(a)
        print(line(f"  design, stop gain {sg}", a))
    sim, _ = run_cat(bank, chosen, tune_cats, full)
    totals = [
        float(sim.n_items[sim.n_items > k].mean())
        for k in range(chosen.max_items)
        if (sim.n_items > k).any()
    ]
    print("typical totals (mean final length of those still going after k answers):")
    print("  (" + ", ".join(f"{t:.1f}" for t in totals) + ")")
    base = rules["model CAT, variance only (~max info), fixed 12"]
    plain = [
        run_cat(bank, replace(base, min_items=k, max_items=k), tune_cats, full)[1]
        for k in (6, 8, 10, 12, 14, 16)
    ]
    _figure(args.figure, fixed, curve, plain, ecr_s)

    # 4. test part, once
    test_cats = cats_all[test[complete[test]]]
    full_t = reading(models, ids, test_cats)
    ecr_s_t = agreement(full_t, reading(models, ids, test_cats, short_items), 12)
    _, cat_t = run_cat(bank, chosen, test_cats, full_t)
    print(f"\n== test part (held out from calibration and tuning), n = {cat_t.n}")
    print(line("ECR-S, 12 fixed items, EAP", ecr_s_t))
    print(line("adaptive ECR, chosen settings", cat_t))
    wins = (
        cat_t.mean_items <= 12
        and cat_t.r[0] >= ecr_s_t.r[0]
        and cat_t.r[1] >= ecr_s_t.r[1]
        and cat_t.style_agreement >= ecr_s_t.style_agreement + AGREEMENT_GOAL
    )
    print(
        f"goal (<= 12 items, r >= ECR-S on both, style >= ECR-S + 5 points): "
        f"{'met' if wins else 'NOT met'}; ambition (<= 10 items): "
        f"{'met' if wins and cat_t.mean_items <= 10 else 'not met'}"
    )

    # 5. production speed
    model = load_attachment_model()
    all_cats = cats_all[complete]
    full_p = reading(model.scales, ids, all_cats)
    t0 = time.perf_counter()
    _, a = run_cat(default_bank(), DEFAULT_SETTINGS, all_cats, full_p)
    seconds = time.perf_counter() - t0
    print(
        f"\nproduction parameters, all {a.n} complete respondents (in-sample): "
        f"simulation {seconds:.1f} s"
    )
    print(line("adaptive ECR, defaults, full-data parameters", a))
    answers = {"Q8": 4, "Q9": 2, "Q18": 5, "Q23": 1, "Q26": 3, "Q31": 2}
    next_step(answers)
    n_calls = 500
    t0 = time.perf_counter()
    for _ in range(n_calls):
        next_step(answers)
    per_step = (time.perf_counter() - t0) / n_calls * 1000
    print(f"next_step: {per_step:.2f} ms per call (6 answers)")
    return 0


def _figure(path: Path, fixed: dict[int, Agreement], curve: list[Agreement],
            plain: list[Agreement], ecr_s: Agreement) -> None:  # fmt: skip
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["svg.hashsalt"] = "cat-study"  # reproducible ids: same data, same file
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.6), constrained_layout=True)
    panels = [
        ("r with the full test: anxiety", lambda a: a.r[0]),
        ("r with the full test: avoidance", lambda a: a.r[1]),
        ("same style as the full test", lambda a: a.style_agreement),
    ]
    series = [
        ("fixed: first k of the greedy order", list(fixed.values()), "o-"),
        ("CAT: variance only, any item, fixed length", plain, "^-"),
        ("CAT: the design, stop gain varied", curve, "s-"),
    ]
    for ax, (title, value) in zip(axes, panels, strict=True):
        for label, points, marker in series:
            ax.plot([a.mean_items for a in points], [value(a) for a in points], marker, ms=3,
                    label=label)  # fmt: skip
        ax.plot([12], [value(ecr_s)], "kD", ms=7, label="ECR-S (12 items, EAP)")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("items asked (mean)")
        ax.grid(alpha=0.3)
    axes[2].legend(fontsize=7, loc="lower right")
    fig.suptitle("Tuning part of the split (calibration never saw these people)", fontsize=10)
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)
    print(f"figure: {path} ({path.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    raise SystemExit(main())
