"""One person's result per instrument: frozen, typed, made here and only here, JSON both ways.

The web app stores ``result.to_json()`` when an assessment completes and shows what it stored,
so a later recalibration never changes a result someone has already read. Every result carries
``scored_with``: the ids of the parameters and the norms that produced it (a content hash, so a
recalibration always gets a new id).

- :class:`EcrResult` (ECR, ECR-S): per dimension EAP theta, posterior SD, classical mean,
  model-implied mean, norm percentile, T (= 50 + 10 theta) and the quadrant cut; the four
  style probabilities, the modal style and security.
- :class:`RqResult`: the four ratings, the forced choice, its style, model of self and of others.
- :class:`RsesResult`: prorated sum, mean, percentile and T against one norm table (``rses/sum``).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, cast

import numpy as np

from hechting.psychometrics.instruments import FloatArray, load_instrument
from hechting.psychometrics.norms import Norms, load_norms
from hechting.psychometrics.scoring import classical_scores, rq_models
from hechting.psychometrics.styles import PROTOTYPE_STYLE, STYLES, Style

if TYPE_CHECKING:
    from hechting.psychometrics.attachment import AttachmentModel

# The RQ's forced choice is stored as the answer to this pseudo-item, value 1..4 = paragraph A..D.
RQ_CHOICE = "choice"
RSES_TABLE = "rses/sum"
Z95 = 1.959964  # two-sided 95 % normal quantile, for intervals theta +- Z95 * se
Json = dict[str, object]
Scale = Literal["anxiety", "avoidance"]


def t_score(theta: float) -> float:
    """Theta (norm group mean 0, SD 1) on the T scale (mean 50, SD 10)."""
    return 50.0 + 10.0 * theta


def content_id(name: str, doc: object) -> str:
    """``name@sha256:<12 hex>`` of the canonical JSON of ``doc``: equal content, equal id."""
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{name}@sha256:{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def norms_id(norms: Norms) -> str:
    return content_id(f"{norms.instrument}-norms", json.loads(norms.to_json()))


@dataclass(frozen=True)
class ScoredWith:
    """Which calibrated parameters and which norms produced a result (None: not used)."""

    parameters: str | None
    norms: str | None

    def to_json(self) -> Json:
        return {"parameters": self.parameters, "norms": self.norms}

    @classmethod
    def from_json(cls, doc: object) -> ScoredWith:
        d = _mapping(doc, "scored_with")
        return cls(
            parameters=_opt_str(d, "parameters", "scored_with"),
            norms=_opt_str(d, "norms", "scored_with"),
        )


# ---- ECR ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """One ECR dimension of one person (anxiety or avoidance)."""

    scale: Scale
    theta: float  # EAP, N(0, 1) calibration metric
    se: float  # posterior SD
    mean: float | None  # classical keyed mean 1..5; None below the 80 % rule (adaptive tests)
    expected_mean: float  # model-implied mean item answer 1..5 at theta
    percentile: float  # norm percentile of theta, 0..100
    t: float  # 50 + 10 theta
    cut_theta: float  # the quadrant boundary of this scale in the model that scored it

    def __post_init__(self) -> None:
        for name in ("theta", "se", "expected_mean", "percentile", "t", "cut_theta"):
            _check(f"{self.scale}.{name}", getattr(self, name))
        _check(f"{self.scale}.se", self.se, 0.0)
        _check(f"{self.scale}.percentile", self.percentile, 0.0, 100.0)
        if self.mean is not None:
            _check(f"{self.scale}.mean", self.mean)

    @property
    def t_se(self) -> float:
        """The standard error on the T scale."""
        return 10.0 * self.se

    @property
    def t_low(self) -> float:
        """Lower end of the 95 % interval on the T scale."""
        return t_score(self.theta - Z95 * self.se)

    @property
    def t_high(self) -> float:
        return t_score(self.theta + Z95 * self.se)

    @property
    def above_cut(self) -> bool:
        return self.theta >= self.cut_theta

    @property
    def near_cut(self) -> bool:
        """True when the 95 % interval contains the quadrant boundary."""
        return abs(self.theta - self.cut_theta) < Z95 * self.se

    @property
    def level(self) -> Literal["low", "middle", "high"]:
        if self.near_cut:
            return "middle"
        return "high" if self.above_cut else "low"

    def to_json(self) -> Json:
        return {
            "theta": self.theta,
            "se": self.se,
            "mean": self.mean,
            "expected_mean": self.expected_mean,
            "percentile": self.percentile,
            "t": self.t,
            "cut_theta": self.cut_theta,
        }

    @classmethod
    def from_json(cls, doc: object, scale: Scale) -> Dimension:
        where = f"result.{scale}"
        d = _mapping(doc, where)
        return cls(
            scale=scale,
            theta=_float(d, "theta", where),
            se=_float(d, "se", where),
            mean=_opt_float(d, "mean", where),
            expected_mean=_float(d, "expected_mean", where),
            percentile=_float(d, "percentile", where),
            t=_float(d, "t", where),
            cut_theta=_float(d, "cut_theta", where),
        )


@dataclass(frozen=True)
class StyleProbabilities:
    """The four quadrant probabilities (sum to 1)."""

    secure: float
    anxious: float
    avoidant: float
    fearful: float

    def __post_init__(self) -> None:
        for code in STYLES:
            _check(f"styles.{code}", self.of(code), 0.0, 1.0)
        total = sum(self.as_dict().values())
        if abs(total - 1.0) > 1e-3:
            raise ValueError(f"style probabilities must sum to 1, got {total:.4f}")

    def as_dict(self) -> dict[Style, float]:
        return {code: self.of(code) for code in STYLES}

    def of(self, style: Style) -> float:
        return float(getattr(self, style))

    def ranked(self) -> tuple[tuple[Style, float], ...]:
        """Most probable first (ties in STYLES order)."""
        return tuple(sorted(self.as_dict().items(), key=lambda kv: -kv[1]))


@dataclass(frozen=True)
class EcrResult:
    instrument: Literal["ecr", "ecr-s"]
    anxiety: Dimension
    avoidance: Dimension
    styles: StyleProbabilities
    style: Style  # the modal quadrant
    security: float  # 0..100, higher = more secure
    n_answered: int
    norm_n: int  # persons in the norm group of the security index
    note: str  # plain English, "" when both scales met the 80 % rule
    scored_with: ScoredWith

    def __post_init__(self) -> None:
        _style(self.style)
        _check("security", self.security, 0.0, 100.0)

    def to_json(self) -> Json:
        return {
            "instrument": self.instrument,
            "anxiety": self.anxiety.to_json(),
            "avoidance": self.avoidance.to_json(),
            "styles": dict(self.styles.as_dict()),
            "style": self.style,
            "security": self.security,
            "n_answered": self.n_answered,
            "norm_n": self.norm_n,
            "note": self.note,
            "scored_with": self.scored_with.to_json(),
        }

    @classmethod
    def from_json(cls, doc: object) -> EcrResult:
        d = _mapping(doc, "result")
        instrument = _str(d, "instrument", "result")
        if instrument not in ("ecr", "ecr-s"):
            raise ValueError(f"result.instrument must be ecr or ecr-s, got {instrument!r}")
        p = _mapping(d.get("styles"), "result.styles")
        return cls(
            instrument=cast(Literal["ecr", "ecr-s"], instrument),
            anxiety=Dimension.from_json(d.get("anxiety"), "anxiety"),
            avoidance=Dimension.from_json(d.get("avoidance"), "avoidance"),
            styles=StyleProbabilities(
                *(_float(p, code, "result.styles") for code in STYLES)  # STYLES = field order
            ),
            style=_style(_str(d, "style", "result")),
            security=_float(d, "security", "result"),
            n_answered=_int(d, "n_answered", "result"),
            norm_n=_int(d, "norm_n", "result"),
            note=_str(d, "note", "result"),
            scored_with=ScoredWith.from_json(d.get("scored_with")),
        )


def ecr_row(answers: Mapping[str, int], instrument: str = "ecr") -> FloatArray:
    """Raw answers (1, 36) in ECR item order, NaN where not answered (unknown ids ignored)."""
    ids = load_instrument("ecr").item_ids
    return np.array([[answers.get(i, np.nan) for i in ids]], dtype=np.float64)


def ecr_result(
    answers: Mapping[str, int],
    *,
    instrument: Literal["ecr", "ecr-s"] = "ecr",
    model: AttachmentModel | None = None,
) -> EcrResult:
    """Score one person's ECR answers (item id -> 1..5) with ``model`` (default: the installed
    one). Raises ValueError when a scale has no answers or the model has no norms."""
    from hechting.psychometrics.attachment import load_attachment_model

    model = model or load_attachment_model()
    if model.norms is None:
        raise ValueError("the attachment model has no norms; an ECR result needs them")
    s = model.score(ecr_row(answers), instrument=instrument)

    def number(name: str) -> float:
        value = float(getattr(s, name)[0])
        if math.isnan(value):
            raise ValueError(f"ECR {name} cannot be scored: {s.note[0] or 'no answers'}")
        return value

    def dimension(name: Scale) -> Dimension:
        theta = number(f"{name}_theta")
        mean = float(getattr(s, f"{name}_mean")[0])
        return Dimension(
            scale=name,
            theta=theta,
            se=number(f"{name}_se"),
            mean=None if math.isnan(mean) else mean,
            expected_mean=number(f"{name}_expected_mean"),
            percentile=number(f"{name}_percentile"),
            t=t_score(theta),
            cut_theta=model.scale(name).cut,
        )

    ids = set(load_instrument(instrument).item_ids)
    return EcrResult(
        instrument=instrument,
        anxiety=dimension("anxiety"),
        avoidance=dimension("avoidance"),
        styles=StyleProbabilities(*(number(f"p_{code}") for code in STYLES)),
        style=_style(str(s.style[0])),
        security=number("security"),
        n_answered=sum(1 for item in answers if item in ids),
        norm_n=model.norms[f"{instrument}/security"].n,
        note=str(s.note[0]),
        scored_with=ScoredWith(parameters=model.parameters_id, norms=norms_id(model.norms)),
    )


@dataclass(frozen=True)
class Occasion:
    """One completed ECR of one person at one time (for progress and the timeline)."""

    id: str
    when: date | datetime
    result: EcrResult


# ---- RQ -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RqResult:
    """Relationship Questionnaire: four ratings 1..7 and the paragraph that fits best."""

    ratings: Mapping[str, int]  # paragraph A..D -> 1..7
    by_prototype: Mapping[str, int]  # secure, fearful, preoccupied, dismissing -> 1..7
    choice: str | None  # "A".."D"
    choice_style: Style | None  # the quadrant of the chosen paragraph
    self_model: int  # (secure + dismissing) - (fearful + preoccupied), -12..12
    other_model: int  # (secure + preoccupied) - (fearful + dismissing), -12..12
    scored_with: ScoredWith

    instrument: Literal["rq"] = "rq"

    def to_json(self) -> Json:
        return {
            "instrument": "rq",
            "ratings": dict(self.ratings),
            "by_prototype": dict(self.by_prototype),
            "choice": self.choice,
            "choice_style": self.choice_style,
            "self_model": self.self_model,
            "other_model": self.other_model,
            "scored_with": self.scored_with.to_json(),
        }

    @classmethod
    def from_json(cls, doc: object) -> RqResult:
        d = _mapping(doc, "result")
        style = _opt_str(d, "choice_style", "result")
        return cls(
            ratings=_int_map(d.get("ratings"), "result.ratings"),
            by_prototype=_int_map(d.get("by_prototype"), "result.by_prototype"),
            choice=_opt_str(d, "choice", "result"),
            choice_style=None if style is None else _style(style),
            self_model=_int(d, "self_model", "result"),
            other_model=_int(d, "other_model", "result"),
            scored_with=ScoredWith.from_json(d.get("scored_with")),
        )


def rq_result(answers: Mapping[str, int]) -> RqResult:
    """Score the RQ from its answers: paragraph id (A..D) -> 1..7 and ``RQ_CHOICE`` -> 1..4."""
    rq = load_instrument("rq")
    missing = [item.id for item in rq.items if item.id not in answers]
    if missing:
        raise ValueError(f"RQ: every paragraph needs a rating, missing {', '.join(missing)}")
    row = np.array([[answers[item.id] for item in rq.items]], dtype=np.float64)
    models = rq_models(rq, row)
    number = answers.get(RQ_CHOICE)
    chosen = rq.items[number - 1] if number is not None and 1 <= number <= len(rq.items) else None
    return RqResult(
        ratings={item.id: int(answers[item.id]) for item in rq.items},
        by_prototype={item.scale: int(answers[item.id]) for item in rq.items},
        choice=chosen.id if chosen else None,
        choice_style=PROTOTYPE_STYLE[chosen.scale] if chosen else None,
        self_model=int(round(float(models.self_model[0]))),
        other_model=int(round(float(models.other_model[0]))),
        scored_with=ScoredWith(parameters=None, norms=None),
    )


# ---- RSES -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RsesResult:
    """Rosenberg Self-Esteem Scale against its one norm table (``rses/sum``)."""

    total: float  # 10..40, prorated when one or two answers are missing
    mean: float  # 1..4
    percentile: float  # 0..100
    t: float
    norm_n: int
    scored_with: ScoredWith

    instrument: Literal["rses"] = "rses"

    def to_json(self) -> Json:
        return {
            "instrument": "rses",
            "total": self.total,
            "mean": self.mean,
            "percentile": self.percentile,
            "t": self.t,
            "norm_n": self.norm_n,
            "scored_with": self.scored_with.to_json(),
        }

    @classmethod
    def from_json(cls, doc: object) -> RsesResult:
        d = _mapping(doc, "result")
        return cls(
            total=_float(d, "total", "result"),
            mean=_float(d, "mean", "result"),
            percentile=_float(d, "percentile", "result"),
            t=_float(d, "t", "result"),
            norm_n=_int(d, "norm_n", "result"),
            scored_with=ScoredWith.from_json(d.get("scored_with")),
        )


def rses_result(answers: Mapping[str, int], *, norms: Norms | None = None) -> RsesResult:
    """Score the RSES (item id Q1..Q10 -> 1..4); ValueError when fewer than 8 are answered."""
    rses = load_instrument("rses")
    norms = norms or load_norms("rses")
    row = np.array([[answers.get(i, np.nan) for i in rses.item_ids]], dtype=np.float64)
    score = classical_scores(rses, row)["self_esteem"]
    if score.reason[0]:
        raise ValueError(
            f"RSES: {score.n_answered[0]} of {score.n_items} answered, "
            f"at least {score.min_answered} needed"
        )
    table = norms[RSES_TABLE]
    total = float(score.total[0])
    return RsesResult(
        total=total,
        mean=float(score.mean[0]),
        percentile=float(table.percentile(total)),
        t=float(table.t_score(total)),
        norm_n=table.n,
        scored_with=ScoredWith(parameters=None, norms=norms_id(norms)),
    )


# ---- any instrument -------------------------------------------------------------------------

Result = EcrResult | RqResult | RsesResult


def score_answers(instrument: str, answers: Mapping[str, int]) -> Result:
    """The result of one completed questionnaire ("ecr", "ecr-s", "rq" or "rses")."""
    if instrument in ("ecr", "ecr-s"):
        return ecr_result(answers, instrument=cast(Literal["ecr", "ecr-s"], instrument))
    if instrument == "rq":
        return rq_result(answers)
    if instrument == "rses":
        return rses_result(answers)
    raise ValueError(f"unknown instrument {instrument!r}")


def result_from_json(doc: object) -> Result:
    """The result stored by ``to_json()``; ValueError naming the field when it is malformed."""
    instrument = _str(_mapping(doc, "result"), "instrument", "result")
    if instrument in ("ecr", "ecr-s"):
        return EcrResult.from_json(doc)
    if instrument == "rq":
        return RqResult.from_json(doc)
    if instrument == "rses":
        return RsesResult.from_json(doc)
    raise ValueError(f"result.instrument: unknown instrument {instrument!r}")


def _check(name: str, value: float, lo: float = -math.inf, hi: float = math.inf) -> None:
    if not math.isfinite(value) or not lo <= value <= hi:
        raise ValueError(f"{name} must be a number from {lo} to {hi}, got {value!r}")


# ---- JSON field readers: errors name the field ----------------------------------------------


def _mapping(doc: object, where: str) -> Mapping[str, object]:
    if not isinstance(doc, Mapping):
        raise ValueError(f"{where} must be an object, got {type(doc).__name__}")
    return cast(Mapping[str, object], doc)


def _float(d: Mapping[str, object], key: str, where: str) -> float:
    value = d.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"{where}.{key} must be a number, got {value!r}")
    return float(value)


def _opt_float(d: Mapping[str, object], key: str, where: str) -> float | None:
    return None if d.get(key) is None else _float(d, key, where)


def _int(d: Mapping[str, object], key: str, where: str) -> int:
    value = d.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{where}.{key} must be a whole number, got {value!r}")
    return value


def _str(d: Mapping[str, object], key: str, where: str) -> str:
    value = d.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{where}.{key} must be text, got {value!r}")
    return value


def _opt_str(d: Mapping[str, object], key: str, where: str) -> str | None:
    return None if d.get(key) is None else _str(d, key, where)


def _int_map(doc: object, where: str) -> dict[str, int]:
    d = _mapping(doc, where)
    return {key: _int(d, key, where) for key in d}


def _style(value: str) -> Style:
    for style in STYLES:
        if value == style:
            return style
    raise ValueError(f"style must be one of {STYLES}, got {value!r}")
