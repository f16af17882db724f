"""Benchmark: score every shared ECR respondent classically and by EAP, against a peer package.

    python bench/score.py [--data ../shared/data/ecr/ecr-responses.csv.gz] [--repeat 7]

Hechting's EAP uses the committed GRM parameters and its default grid. The peer is the `mirt`
package from PyPI (a development dependency, never used at runtime): it calibrates the same
keyed data with its own EM and scores by EAP at 61 Gauss-Hermite points. Each EAP is compared
with the exact EAP *for its own item parameters*, computed by a 4,001-point integration on
[-10, 10]. Times are the best of --repeat runs (wall clock, this machine). The last line is
machine-readable:

    eap_rows_per_s=<n> peer=<name> peer_rows_per_s=<n> ratio=<x>
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from hechting.commands.calibrate import read_ecr
from hechting.psychometrics.attachment import load_attachment_model
from hechting.psychometrics.instruments import load_instrument
from hechting.psychometrics.irt.eap import DEFAULT_GRID, Grid, eap, log_likelihood_table, one_hot
from hechting.psychometrics.irt.grm import GRMParams
from hechting.psychometrics.scoring import classical_scores

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecr" / "ecr-responses.csv.gz"
EXACT_GRID = Grid.normal(n_points=4001, lo=-10.0, hi=10.0)
PEER_QUADPTS = 61


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def peer_fit_and_score(
    keyed: np.ndarray, repeat: int
) -> tuple[float, float, GRMParams, np.ndarray]:
    import mirt

    x = np.where(np.isnan(keyed), -1, keyed).astype(int)
    start = time.perf_counter()
    fit = mirt.fit_mirt(x, model="GRM", n_categories=5, compute_standard_errors=False)
    fit_time = time.perf_counter() - start
    params = GRMParams(
        a=np.asarray(fit.model.discrimination, dtype=float).ravel(),
        b=np.asarray(fit.model.thresholds, dtype=float),
    )
    t, scores = best_of(repeat, lambda: mirt.fscores(fit, x, method="EAP", n_quadpts=PEER_QUADPTS))
    return fit_time, t, params, np.asarray(scores.theta, dtype=float).ravel()  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    raw = read_ecr(args.data)
    n = raw.shape[0]
    ecr = load_instrument("ecr")
    model = load_attachment_model()
    print(f"data: {args.data.name}, {n} respondents, {np.isnan(raw).mean():.2%} answers missing")

    t_classical, _ = best_of(args.repeat, lambda: classical_scores(ecr, raw))
    t_score, _ = best_of(args.repeat, lambda: model.score(raw))

    rows = []
    t_ours = t_floor = t_peer = 0.0
    for scale in ("anxiety", "avoidance"):
        scale_model = model.scale(scale)
        params = scale_model.params
        keyed = ecr.categories(raw)[:, [ecr.item_ids.index(i) for i in scale_model.item_ids]]
        t, ours = best_of(args.repeat, lambda p=params, k=keyed: eap(p, k))
        # the floor: the one product every EAP over a grid needs, in the precision ours uses
        x = one_hot(keyed, 5, bias=True, dtype=np.float32)
        table = np.vstack(
            [log_likelihood_table(params, DEFAULT_GRID), DEFAULT_GRID.log_weights]
        ).astype(np.float32)
        t_mm, _ = best_of(args.repeat, lambda x=x, table=table: x @ table)
        exact = eap(params, keyed, EXACT_GRID)
        fit_time, t_p, peer_params, peer_theta = peer_fit_and_score(keyed, args.repeat)
        peer_exact = eap(peer_params, keyed, EXACT_GRID)
        rows.append(
            (
                scale,
                t,
                float(np.abs(ours.theta - exact.theta).max()),  # type: ignore[attr-defined]
                float(np.abs(ours.se - exact.se).max()),  # type: ignore[attr-defined]
                t_mm,
                fit_time,
                t_p,
                float(np.abs(peer_theta - peer_exact.theta).max()),
            )
        )
        t_ours, t_floor, t_peer = t_ours + t, t_floor + t_mm, t_peer + t_p

    print(f"classical scoring, both scales:          {t_classical * 1000:8.1f} ms")
    print(f"full facade (means, EAP, norms, styles): {t_score * 1000:8.1f} ms")
    print()
    header = (
        f"{'scale':10} {'hechting EAP':>13} {'max|dθ|':>9} {'max|dSE|':>9} {'matmul':>8}"
        f" {'peer fit':>9} {'peer EAP':>9} {'peer max|dθ|':>13}"
    )
    print(header)
    for scale, t, d_theta, d_se, t_mm, fit_time, t_p, d_peer in rows:
        print(
            f"{scale:10} {t * 1000:10.1f} ms {d_theta:9.1e} {d_se:9.1e} {t_mm * 1000:5.1f} ms"
            f" {fit_time:7.2f} s {t_p * 1000:6.1f} ms {d_peer:13.1e}"
        )
    worst_ours = max(r[2] for r in rows)
    worst_peer = max(r[7] for r in rows)
    print()
    print(
        f"both scales: hechting {t_ours * 1000:.1f} ms (the one-hot x log-probability matrix"
        f" product alone, single precision, all cores: {t_floor * 1000:.1f} ms ="
        f" {t_floor / t_ours:.0%} of it),"
        f" peer {t_peer * 1000:.1f} ms"
    )
    print(
        f"accuracy against the exact EAP: hechting {worst_ours:.1e}, peer {worst_peer:.1e}"
        f" ({worst_peer / max(worst_ours, 1e-300):.0f}x more accurate)"
    )
    ours_rps, peer_rps = n / t_ours, n / t_peer
    print(
        f"eap_rows_per_s={ours_rps:.0f} peer=mirt peer_rows_per_s={peer_rps:.0f}"
        f" ratio={ours_rps / peer_rps:.2f}"
    )


if __name__ == "__main__":
    main()
