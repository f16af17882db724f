"""`hechting cat simulate INPUT --instrument ecr [--se S] [--max-items N] [--json] [--plot PATH]`.

Post-hoc simulation of the adaptive ECR: for every respondent in INPUT who answered all 36
items, run the CAT against their own answers and compare its result with their full 36-item EAP
result (same committed parameters): Pearson r and RMSE of theta per scale, agreement of the
modal style. The fixed ECR-S (12 items, EAP-scored) is the baseline, computed in the same run.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from hechting.cli import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    from numpy.typing import NDArray

    from hechting.psychometrics.attachment import ScaleModel
    from hechting.psychometrics.cat import CatSettings, Simulation
    from hechting.psychometrics.catsim import Agreement, Reading

DEFAULT_PLOT = Path("cat-simulate.svg")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="cat_command", required=True, metavar="SUBCOMMAND")
    sim = sub.add_parser(
        "simulate",
        help="Run the CAT on complete real answers and compare it with the full test.",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sim.add_argument("input", type=Path, metavar="INPUT", help="CSV with Q1..Q36 (.csv or .gz)")
    sim.add_argument("--instrument", required=True, choices=("ecr",))
    sim.add_argument(
        "--se", type=float, metavar="S", help="also stop once both posterior SDs are <= S"
    )
    sim.add_argument("--max-items", type=int, metavar="N", help="stop after N items at most")
    sim.add_argument("--json", action="store_true", help="print one JSON object, no plot")
    sim.add_argument(
        "--plot",
        type=Path,
        default=DEFAULT_PLOT,
        metavar="PATH",
        help=f"where to write the plot, .svg or .png (default: {DEFAULT_PLOT})",
    )
    sim.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if not args.json and args.plot.suffix.lower() not in (".svg", ".png"):
        raise UsageError(f"--plot {args.plot}: the plot is written as .svg or .png")
    if not args.json and not args.plot.parent.resolve().is_dir():
        raise UsageError(f"--plot {args.plot}: its folder does not exist")

    from hechting.commands.table import read_table, response_matrix
    from hechting.psychometrics.attachment import load_attachment_model
    from hechting.psychometrics.cat import default_bank
    from hechting.psychometrics.catsim import agreement, reading, run_cat
    from hechting.psychometrics.instruments import load_instrument

    ecr = load_instrument("ecr")
    table = read_table(args.input)
    raw = response_matrix(table, ecr.item_ids, ecr.response_min, ecr.response_max)
    complete = ~(raw != raw).any(axis=1)  # no NaN
    if not complete.any():
        raise UsageError(f"{table.name}: no respondent answered all 36 items (Q1..Q36)")
    categories = ecr.categories(raw[complete])
    models = load_attachment_model().scales
    started = time.perf_counter()
    full = reading(models, ecr.item_ids, categories)
    short_items = load_instrument("ecr-s").item_ids
    baseline = agreement(full, reading(models, ecr.item_ids, categories, short_items), 12)
    sim, cat = run_cat(default_bank(), settings, categories, full)
    seconds = time.perf_counter() - started
    result = {
        "n": cat.n,
        "mean_items": round(cat.mean_items, 4),
        "p90_items": round(cat.p90_items, 4),
        "r_anxiety": round(cat.r[0], 4),
        "r_avoidance": round(cat.r[1], 4),
        "rmse_anxiety": round(cat.rmse[0], 4),
        "rmse_avoidance": round(cat.rmse[1], 4),
        "style_agreement": round(cat.style_agreement, 4),
        "baseline_ecr_s": {
            "items": len(short_items),
            "r_anxiety": round(baseline.r[0], 4),
            "r_avoidance": round(baseline.r[1], 4),
            "style_agreement": round(baseline.style_agreement, 4),
        },
    }
    if args.json:
        print(json.dumps(result))
        return 0
    curves = _curves(models, ecr.item_ids, categories, full, sim, settings)
    _print_table(cat, baseline, curves, skipped=int((~complete).sum()), seconds=seconds)
    _plot(args.plot, curves, cat, baseline)
    print(f"plot: {args.plot}")
    return 0


def _settings(args: argparse.Namespace) -> CatSettings:
    from hechting.psychometrics.cat import DEFAULT_SETTINGS

    settings = DEFAULT_SETTINGS
    if args.se is not None:
        if not args.se > 0:
            raise UsageError(f"--se {args.se}: a posterior SD limit must be above 0")
        settings = replace(settings, se_stop=args.se)
    if args.max_items is not None:
        if not 1 <= args.max_items <= 36:
            raise UsageError(f"--max-items {args.max_items}: must be 1..36")
        settings = replace(
            settings,
            max_items=args.max_items,
            min_items=min(settings.min_items, args.max_items),
        )
    return settings


def _curves(
    models: Sequence[ScaleModel],
    item_ids: Sequence[str],
    categories: NDArray[np.float64],
    full: Reading,
    sim: Simulation,
    settings: CatSettings,
) -> dict[str, list[Agreement]]:
    """Agreement of the CAT capped at k items and of fixed forms of k items."""
    from hechting.psychometrics.cat import default_bank
    from hechting.psychometrics.catsim import (
        agreement,
        balanced_prefix,
        cat_reading,
        reading,
    )

    bank = default_bank()
    cat = [
        agreement(full, cat_reading(sim, k), sim.n_items.clip(max=k))
        for k in range(2, settings.max_items + 1)
    ]
    fixed = [
        agreement(
            full,
            reading(models, item_ids, categories, balanced_prefix(settings.order, bank, k)),
            2 * k,
        )
        for k in range(1, 19)
    ]
    return {"cat": cat, "fixed": fixed}


def _print_table(
    cat: Agreement,
    baseline: Agreement,
    curves: dict[str, list[Agreement]],
    *,
    skipped: int,
    seconds: float,
) -> None:
    print(f"Adaptive ECR against the full 36-item test: n = {cat.n} complete respondents", end="")
    print(f" ({skipped} with missing answers skipped); {seconds:.1f} s\n")
    head = f"{'form':<26}{'items':>7}{'p90':>6}{'r anx':>8}{'r avo':>8}"
    head += f"{'rmse anx':>10}{'rmse avo':>10}{'style':>8}"
    print(head)
    print("-" * len(head))
    rows = [("CAT (defaults)", cat), ("ECR-S (12 items, EAP)", baseline)]
    rows += [(f"fixed first {2 * k} (order)", curves["fixed"][k - 1]) for k in (5, 6, 9, 18)]
    for name, a in rows:
        print(
            f"{name:<26}{a.mean_items:>7.2f}{a.p90_items:>6.0f}{a.r[0]:>8.3f}{a.r[1]:>8.3f}"
            f"{a.rmse[0]:>10.3f}{a.rmse[1]:>10.3f}{a.style_agreement:>8.1%}"
        )
    print("\nr, rmse: theta against the full-test EAP; style: same modal style as the full test.")


def _plot(
    path: Path, curves: dict[str, list[Agreement]], cat: Agreement, baseline: Agreement
) -> None:
    from matplotlib.figure import Figure  # the Figure API only: no pyplot state

    fig = Figure(figsize=(11, 3.6), layout="constrained")
    axes = fig.subplots(1, 3)
    panels = [
        ("r with full test, anxiety", lambda a: a.r[0]),
        ("r with full test, avoidance", lambda a: a.r[1]),
        ("same style as full test", lambda a: a.style_agreement),
    ]
    for ax, (title, value) in zip(axes, panels, strict=True):
        for key, label, style in (
            ("fixed", "fixed form (first k of the order)", "o-"),
            ("cat", "CAT capped at k items", "s-"),
        ):
            xs = [a.mean_items for a in curves[key]]
            ax.plot(xs, [value(a) for a in curves[key]], style, ms=3, label=label)
        ax.plot([cat.mean_items], [value(cat)], "r*", ms=12, label="CAT (defaults)")
        ax.plot([baseline.mean_items], [value(baseline)], "kD", ms=7, label="ECR-S (EAP)")
        ax.set_title(title)
        ax.set_xlabel("items asked (mean)")
        ax.set_xlim(0, 37)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7, loc="lower right")
    fig.savefig(path)
