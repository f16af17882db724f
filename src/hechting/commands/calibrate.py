"""`hechting calibrate ECR_CSV [--rse RSE_CSV]`: fit the ECR GRMs and build the norms.

Writes params/ecr-grm.json, norms/ecr-norms.json and (with --rse) norms/rses-norms.json under
--out (default: the package's instruments folder). Deterministic: numbers are rounded before
they are written, and the date is --date, or the date already in the existing file, so running
it again on the same data reproduces the committed files byte for byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import scipy

from hechting.cli import UsageError
from hechting.commands.table import read_table, response_matrix
from hechting.psychometrics.attachment import (
    NORMS_FILE,
    PARAMS_FILE,
    SCALES,
    AttachmentModel,
    ScaleModel,
    params_to_dict,
    scales_from_dict,
)
from hechting.psychometrics.instruments import Instrument, load_instrument
from hechting.psychometrics.irt.calibrate import CALIBRATION_GRID, calibrate_grm
from hechting.psychometrics.irt.grm import GRMParams, expected_item_score
from hechting.psychometrics.norms import Norms, build_norm_table, dump_json
from hechting.psychometrics.scoring import classical_scores
from hechting.psychometrics.styles import neutral_cut, security_raw

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "instruments"
ECR_STATEMENT = (
    "Norms of an international online sample: visitors of the Open Source Psychometrics Project "
    "who took the 5-point ECR and agreed to the research use of their answers (N = {n}; year "
    "of data collection not stated by the source; calibrated {date}). Not a Dutch, clinical or "
    "representative population sample."
)
ECR_SOURCE = "Open Source Psychometrics Project: international online sample, 5-point ECR"
RSES_SOURCE = "Open Source Psychometrics Project: international online sample, 4-point RSES"
RSES_STATEMENT = (
    "Norms of an international online sample: visitors of the Open Source Psychometrics Project "
    "who took the Rosenberg Self-Esteem Scale (4-point) and agreed to the research use of their "
    "answers (N = {n}; year of data collection not stated by the source; norms computed "
    "{date}). Not a Dutch, clinical or representative population sample."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ecr_csv", type=Path, metavar="ECR_CSV", help="ECR responses (Q1..Q36)")
    parser.add_argument("--rse", type=Path, metavar="RSE_CSV", help="RSES responses (Q1..Q10)")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="folder for params/ and norms/"
    )
    parser.add_argument(
        "--max-iter",
        type=int,
        default=1000,
        help="most EM cycles per scale (1000; fewer only for quick trials)",
    )
    parser.add_argument(
        "--date",
        help="calibration date YYYY-MM-DD (default: the date in the existing file, else today)",
    )


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    date = _calibration_date(args.date, out / "params" / PARAMS_FILE)
    ecr_params, ecr_norms = calibrate_ecr(args.ecr_csv, date=date, max_iter=args.max_iter, log=_log)
    _write(out / "params" / PARAMS_FILE, dump_json(ecr_params))
    _write(out / "norms" / NORMS_FILE, ecr_norms.to_json())
    if args.rse is not None:
        _write(out / "norms" / "rses-norms.json", rses_norms(args.rse, date=date).to_json())
    return 0


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    _log(f"wrote {path}")


def _calibration_date(given: str | None, existing: Path) -> str:
    if given:
        try:
            return dt.date.fromisoformat(given).isoformat()
        except ValueError:
            raise UsageError(f"--date {given!r} is not a date like 2026-11-21") from None
    if existing.exists():
        return str(json.loads(existing.read_text(encoding="utf-8"))["provenance"]["date"])
    return dt.datetime.now(dt.UTC).date().isoformat()


def _software() -> dict[str, str]:
    return {
        "hechting": metadata.version("hechting"),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }


def _dataset(path: Path, rows: int, description: str) -> dict[str, Any]:
    return {
        "file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "rows": rows,
        "description": description,
    }


def item_statistics(keyed: np.ndarray[Any, np.dtype[np.float64]]) -> dict[str, Any]:
    """Cronbach's alpha and corrected item-rest correlations on complete cases (n, I)."""
    complete = keyed[~np.isnan(keyed).any(axis=1)]
    k = complete.shape[1]
    total = complete.sum(axis=1)
    alpha = k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / total.var(ddof=1))
    rest = [float(np.corrcoef(complete[:, i], total - complete[:, i])[0, 1]) for i in range(k)]
    return {
        "n_complete": int(complete.shape[0]),
        "alpha": round(float(alpha), 4),
        "item_rest_r": [round(r, 4) for r in rest],
    }


def tcc_cut(params: GRMParams, response_min: int) -> float:
    """Theta where the mean expected keyed response over the scale's items is 3 (neutral)."""
    return neutral_cut(
        lambda t: float(expected_item_score(params, np.array([t])).mean()) + response_min
    )


def calibrate_ecr(
    path: Path, *, date: str, max_iter: int = 1000, log: Any = None
) -> tuple[dict[str, Any], Norms]:
    """Fit both scales, compute cuts, score the sample and build the norms."""
    ecr = load_instrument("ecr")
    raw = read_ecr(path)
    categories = ecr.categories(raw)
    keyed = ecr.key(raw)
    fitted: list[ScaleModel] = []
    fit: dict[str, Any] = {}
    for scale in SCALES:
        cols = ecr.scale_indices(scale)
        if log:
            log(f"calibrating {scale} ({len(cols)} items, {raw.shape[0]} rows) ...")
        cal = calibrate_grm(categories[:, cols], n_categories=5, max_iter=max_iter)
        fitted.append(ScaleModel(scale, tuple(ecr.item_ids[i] for i in cols), cal.params, cut=0.0))
        fit[scale] = {
            "n_persons": cal.n_persons,
            "n_responses": cal.n_responses,
            "loglik": round(cal.loglik, 3),
            "iterations": cal.iterations,
            "converged": cal.converged,
            "max_change": float(f"{cal.max_change:.3g}"),
            **item_statistics(keyed[:, cols]),
        }
    provenance = {
        "dataset": _dataset(
            path,
            raw.shape[0],
            "Open Source Psychometrics Project, online ECR (Brennan, Clark & Shaver, 1998) in a "
            "5-point format; 0, -1 or empty = not answered; year of data collection not stated "
            "in its codebook",
        ),
        "date": date,
        "method": (
            "GRM per scale (anxiety = even items, avoidance = odd items; reverse items keyed), "
            "marginal maximum likelihood via EM (Bock-Aitkin), "
            f"{CALIBRATION_GRID.points.size}-point uniform quadrature on [-6, 6] with a "
            "N(0, 1) prior, convergence when no parameter moves more than 1e-5"
        ),
        "cut": "theta where the mean expected item response (TCC, 1..5) equals 3",
        "fit": fit,
        "software": _software(),
    }
    # Round first, then derive cuts and norms from exactly the parameters that are committed.
    doc = params_to_dict(tuple(fitted), provenance)
    for m in scales_from_dict(doc):
        doc["scales"][m.scale]["cut_theta"] = round(tcc_cut(m.params, ecr.response_min), 6)
    return doc, ecr_norms(doc, raw)


def read_ecr(path: Path) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Raw ECR answers (n, 36) from a data file, NaN = not answered."""
    ecr = load_instrument("ecr")
    return response_matrix(read_table(path), ecr.item_ids, ecr.response_min, ecr.response_max)


def ecr_norms(params_doc: dict[str, Any], raw: np.ndarray[Any, np.dtype[np.float64]]) -> Norms:
    """Norm tables for ECR and ECR-S from the calibration sample ``raw`` (n, 36) scored with the
    parameters of ``params_doc`` (ecr-grm.json): classical means, thetas and security.

    Each table uses the persons scored under the 80 % rule on that scale (security: both).
    """
    model = AttachmentModel(scales=scales_from_dict(params_doc), norms=None)
    provenance = {**params_doc["provenance"], "params": PARAMS_FILE}
    tables = {}
    n_total = 0
    for instrument in ("ecr", "ecr-s"):
        scores = model.score(raw, instrument)  # type: ignore[arg-type]
        ok = {s: ~np.isnan(getattr(scores, f"{s}_mean")) for s in SCALES}
        for s in SCALES:
            tables[f"{instrument}/{s}_mean"] = build_norm_table(
                f"{instrument}/{s}_mean", getattr(scores, f"{s}_mean")[ok[s]], "discrete"
            )
            tables[f"{instrument}/{s}_theta"] = build_norm_table(
                f"{instrument}/{s}_theta", getattr(scores, f"{s}_theta")[ok[s]], "continuous"
            )
        both = ok["anxiety"] & ok["avoidance"]
        raw_security = security_raw(scores.anxiety_theta, scores.avoidance_theta)
        tables[f"{instrument}/security"] = build_norm_table(
            f"{instrument}/security", raw_security[both], "continuous"
        )
        if instrument == "ecr":
            n_total = int(both.sum())
    return Norms(
        instrument="ecr",
        statement=ECR_STATEMENT.format(n=n_total, date=params_doc["provenance"]["date"]),
        tables=tables,
        provenance={
            "n": n_total,
            "source": ECR_SOURCE,
            **provenance,
            "security": "percentile of -(theta_anxiety + theta_avoidance) / sqrt(2)",
            "percentiles": "mid-rank; interpolated between observed means, at 0.05 theta knots",
        },
    )


def rses_norms(path: Path, *, date: str) -> Norms:
    rses: Instrument = load_instrument("rses")
    table = read_table(path)
    raw = response_matrix(table, rses.item_ids, rses.response_min, rses.response_max)
    score = classical_scores(rses, raw)["self_esteem"]
    ok = ~np.isnan(score.mean)
    # One table: the mean is the sum / 10, so a second table would only be a second owner.
    tables = {"rses/sum": build_norm_table("rses/sum", score.total[ok], "discrete")}
    provenance = {
        "n": int(ok.sum()),
        "source": RSES_SOURCE,
        "dataset": _dataset(
            path,
            raw.shape[0],
            "Open Source Psychometrics Project, online RSES (Rosenberg, 1965), 4-point, items in "
            "the order of its codebook (dated 'Updated 1014-02-15', sic); 0 = not answered",
        ),
        "date": date,
        "method": (
            "sum (10-40) and mean (1-4) of keyed items (3, 5, 8, 9, 10 reversed), >= 8 of 10 "
            "answered, sums with one or two missing answers prorated"
        ),
        "fit": item_statistics(rses.key(raw)),
        "software": _software(),
    }
    return Norms(
        instrument="rses",
        statement=RSES_STATEMENT.format(n=int(ok.sum()), date=date),
        tables=tables,
        provenance=provenance,
    )
