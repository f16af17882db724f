"""The attachment model: ECR / ECR-S scoring for the CLI and the web app, in one call.

``load_attachment_model().score(responses)`` takes raw ECR answers (n, 36) in Q1..Q36 order and
returns classical means, EAP thetas with posterior SDs, norm percentiles, the style reading and
security for every person, vectorised over persons. Parameters and norms come from the committed
files under ``hechting/instruments/params`` and ``.../norms`` (made by `hechting calibrate`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from hechting.psychometrics.instruments import FloatArray, load_instrument
from hechting.psychometrics.irt.eap import DEFAULT_GRID, Grid, posterior_expectations
from hechting.psychometrics.irt.grm import GRMParams, expected_item_score
from hechting.psychometrics.norms import Norms, load_norms
from hechting.psychometrics.scoring import NO_ANSWERS, ScaleScore, classical_scores
from hechting.psychometrics.styles import security_raw, style_reading, tail_weights

SCALES = ("anxiety", "avoidance")
AttachmentInstrument = Literal["ecr", "ecr-s"]
PARAMS_FILE = "ecr-grm.json"
NORMS_FILE = "ecr-norms.json"  # loaded by norms.load_norms("ecr")


@dataclass(frozen=True)
class ScaleModel:
    """The calibrated GRM of one ECR scale: its items (ECR ids), parameters and neutral cut."""

    scale: str
    item_ids: tuple[str, ...]
    params: GRMParams
    cut: float

    @cached_property
    def tcc_table(self) -> tuple[FloatArray, FloatArray]:
        """The test characteristic curve (mean expected item score, categories 0..K-1) on a
        fine grid (2001 points on [-8, 8]), for interpolation at many thetas at once."""
        t = np.linspace(-8.0, 8.0, 2001)
        return t, expected_item_score(self.params, t).mean(axis=1)


@dataclass(frozen=True)
class AttachmentScores:
    """Scores of n persons, every field (n,). NaN (or "") where a scale could not be scored.

    *_mean: classical keyed mean 1..5 (needs >= 80 % of the instrument's scale items);
    *_expected_mean: model-implied mean of all 18 ECR items of the scale at the EAP theta, 1..5;
    *_theta, *_se: EAP and posterior SD on the answered items (N(0, 1) calibration metric);
    *_percentile: norm percentile of the theta (0..100);
    p_*: quadrant probabilities (sum to 1); style: the modal quadrant;
    security: 0..100, higher = more secure (see styles.py);
    *_reason: "" | "no_answers" | "too_few_answers" (classical rule); note: plain English.
    """

    instrument: str
    anxiety_mean: FloatArray
    avoidance_mean: FloatArray
    anxiety_expected_mean: FloatArray
    avoidance_expected_mean: FloatArray
    anxiety_theta: FloatArray
    anxiety_se: FloatArray
    avoidance_theta: FloatArray
    avoidance_se: FloatArray
    anxiety_percentile: FloatArray
    avoidance_percentile: FloatArray
    p_high_anxiety: FloatArray
    p_high_avoidance: FloatArray
    p_secure: FloatArray
    p_anxious: FloatArray
    p_avoidant: FloatArray
    p_fearful: FloatArray
    style: npt.NDArray[np.str_]
    security: FloatArray
    anxiety_reason: npt.NDArray[np.str_]
    avoidance_reason: npt.NDArray[np.str_]
    note: npt.NDArray[np.str_]


@dataclass(frozen=True)
class AttachmentModel:
    """GRM parameters and cuts for both ECR scales, and the norms (None while calibrating)."""

    scales: tuple[ScaleModel, ScaleModel]
    norms: Norms | None
    grid: Grid = DEFAULT_GRID
    provenance: Any = None

    @property
    def item_ids(self) -> tuple[str, ...]:
        return load_instrument("ecr").item_ids

    @cached_property
    def parameters_id(self) -> str:
        """``ecr-grm@sha256:<12 hex>`` of the parameters, cuts and provenance (ecr-grm.json)."""
        from hechting.psychometrics.results import content_id

        doc = json.loads(json.dumps(params_to_dict(self.scales, self.provenance)))
        return content_id("ecr-grm", doc)

    def scale(self, scale: str) -> ScaleModel:
        for model in self.scales:
            if model.scale == scale:
                return model
        raise KeyError(scale)

    def score(
        self, responses: npt.ArrayLike, instrument: AttachmentInstrument = "ecr"
    ) -> AttachmentScores:
        """Score raw ECR answers (n, 36), Q1..Q36, values 1..5, NaN = not answered.

        With ``instrument="ecr-s"`` only the twelve ECR-S items count (others are ignored).
        """
        ecr = load_instrument("ecr")
        if instrument not in ("ecr", "ecr-s"):
            raise ValueError(f"instrument must be 'ecr' or 'ecr-s', got {instrument!r}")
        x = ecr.check_responses(responses)
        inst = load_instrument(instrument)
        columns = [ecr.item_ids.index(i) for i in inst.item_ids]
        if instrument != "ecr":
            kept = np.full(x.shape[1], np.nan)
            kept[columns] = 0.0
            x = x + kept  # NaN out every item the short form does not use
        classical = classical_scores(inst, x[:, columns])
        categories = ecr.categories(x)
        out: dict[str, Any] = {}
        for model in self.scales:
            name = model.scale
            cols = [ecr.item_ids.index(i) for i in model.item_ids]
            theta, se, p_high = self._latent(model, categories[:, cols])
            score = classical[name]
            out[f"{name}_mean"] = score.mean
            out[f"{name}_expected_mean"] = np.interp(theta, *model.tcc_table) + ecr.response_min
            out[f"{name}_theta"] = theta
            out[f"{name}_se"] = se
            out[f"{name}_percentile"] = self._percentile(f"{instrument}/{name}_theta", theta)
            out[f"p_high_{name}"] = p_high
            out[f"{name}_reason"] = score.reason
            out[f"_{name}_score"] = score
        reading = style_reading(out["p_high_anxiety"], out["p_high_avoidance"])
        security = self._percentile(
            f"{instrument}/security", security_raw(out["anxiety_theta"], out["avoidance_theta"])
        )
        note = _notes(out.pop("_anxiety_score"), out.pop("_avoidance_score"))
        return AttachmentScores(
            instrument=instrument,
            p_secure=reading.p_secure,
            p_anxious=reading.p_anxious,
            p_avoidant=reading.p_avoidant,
            p_fearful=reading.p_fearful,
            style=reading.style,
            security=security,
            note=note,
            **out,
        )

    def _latent(
        self, model: ScaleModel, categories: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """EAP theta, posterior SD and P(theta > cut), each (n,), from categories (n, I_scale).

        One pass over the posterior (n, Q): expectations of theta, theta^2 and the tail weights.
        Persons without answers get NaN.
        """
        q = self.grid.points
        functions = np.column_stack([q, q * q, tail_weights(q, model.cut)])
        moments = posterior_expectations(model.params, categories, functions, self.grid)
        moments[np.isnan(categories).all(axis=1)] = np.nan
        theta = moments[:, 0]
        se = np.sqrt(np.maximum(moments[:, 1] - theta * theta, 0.0))
        return theta, se, np.clip(moments[:, 2], 0.0, 1.0)

    def _percentile(self, table: str, x: FloatArray) -> FloatArray:
        if self.norms is None:
            return np.full_like(x, np.nan)
        return self.norms[table].percentile(x)


def _notes(*scores: ScaleScore) -> npt.NDArray[np.str_]:
    n = scores[0].mean.shape[0]
    flagged = np.flatnonzero(np.any([score.reason != "" for score in scores], axis=0))
    parts: dict[int, list[str]] = {int(i): [] for i in flagged}  # only rows with a note
    for score in scores:
        for i in np.flatnonzero(score.reason != ""):
            if score.reason[i] == NO_ANSWERS:
                parts[int(i)].append(f"{score.scale}: no items answered")
            else:
                parts[int(i)].append(
                    f"{score.scale}: {score.n_answered[i]} of {score.n_items} items answered, "
                    f"at least {score.min_answered} needed"
                )
    texts = ["; ".join(p) for p in parts.values()]
    out = np.full(n, "", dtype=f"<U{max(map(len, texts), default=1)}")
    out[list(parts)] = texts
    return out


def params_to_dict(scales: tuple[ScaleModel, ...], provenance: Any) -> dict[str, Any]:
    """The JSON document of ecr-grm.json (parameters rounded to 6 decimals)."""
    return {
        "instrument": "ecr",
        "model": "graded response model (Samejima), logistic, one per scale, N(0, 1) latent metric",
        "responses": "keyed, categories 0..4 (= keyed answer 1..5 minus 1)",
        "provenance": provenance,
        "scales": {
            m.scale: {
                "items": list(m.item_ids),
                "cut_theta": round(m.cut, 6),
                "a": [round(float(v), 6) for v in m.params.a],
                "b": [[round(float(v), 6) for v in row] for row in m.params.b],
            }
            for m in scales
        },
    }


def scales_from_dict(doc: dict[str, Any]) -> tuple[ScaleModel, ScaleModel]:
    models = tuple(
        ScaleModel(
            scale=name,
            item_ids=tuple(doc["scales"][name]["items"]),
            params=GRMParams(
                a=np.array(doc["scales"][name]["a"], dtype=np.float64),
                b=np.array(doc["scales"][name]["b"], dtype=np.float64),
            ),
            cut=float(doc["scales"][name]["cut_theta"]),
        )
        for name in SCALES
    )
    return models[0], models[1]


@cache
def load_attachment_model() -> AttachmentModel:
    """The committed ECR model (parameters, cuts and norms), read once."""
    base = resources.files("hechting.instruments")
    doc = json.loads(base.joinpath("params", PARAMS_FILE).read_text(encoding="utf-8"))
    norms = load_norms("ecr")
    return AttachmentModel(scales=scales_from_dict(doc), norms=norms, provenance=doc["provenance"])
