"""The one place where the web app talks to the psychometric core (hechting.psychometrics).

Views, services and the API use only these functions and dataclasses, so the core's shapes
never leak into templates or JSON, and a change in the core is one edit here.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

INSTRUMENTS = ("ecr", "rq", "rses")
STYLES = ("secure", "anxious", "avoidant", "fearful")
CHOICE = "choice"  # RQ: the forced choice, value 1..4 = paragraph A..D


@dataclass(frozen=True)
class Option:
    value: int
    label_en: str
    label_nl: str

    def label(self, language: str) -> str:
        return self.label_nl if language == "nl" else self.label_en


@dataclass(frozen=True)
class Question:
    id: str
    text_en: str
    text_nl: str
    options: tuple[Option, ...]
    kind: str = "rating"
    scale: str = ""  # "rating" or "choice" (RQ: which paragraph fits best)

    def text(self, language: str) -> str:
        return self.text_nl if language == "nl" else self.text_en

    @property
    def values(self) -> frozenset[int]:
        return frozenset(o.value for o in self.options)


@dataclass(frozen=True)
class Questionnaire:
    code: str
    name: str
    questions: tuple[Question, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})

    def get(self, item: str) -> Question | None:
        by_id: dict[str, Question] = self._by_id  # type: ignore[attr-defined]
        return by_id.get(item)

    def order(self) -> list[str]:
        return [q.id for q in self.questions]


@dataclass(frozen=True)
class Step:
    """What to ask next: `item` is None when the questionnaire is finished."""

    item: str | None
    n_answered: int
    expected_total: int
    progress: float  # 0..1, an honest estimate for the adaptive test

    @property
    def done(self) -> bool:
        return self.item is None

    @property
    def number(self) -> int:
        """The 1-based number of the question about to be asked."""
        return self.n_answered + 1


@dataclass(frozen=True)
class Dimension:
    theta: float | None
    se: float | None
    mean: float | None
    percentile: float | None


@dataclass(frozen=True)
class EcrResult:
    anxiety: Dimension
    avoidance: Dimension
    styles: dict[str, float]
    style: str
    security: float | None
    note: str


def _num(x: Any) -> float | None:
    value = float(x)
    return None if math.isnan(value) else value


# ---- adapter functions: the only calls into hechting.psychometrics ---------------------------


def _load_instrument(code: str) -> Any:
    from hechting.psychometrics.instruments import load_instrument

    return load_instrument(code)


def _cat_step(answers: Mapping[str, int]) -> Any:
    from hechting.psychometrics.cat import next_step

    return next_step(answers)


def _score_ecr(responses: Any) -> Any:
    from hechting.psychometrics.attachment import load_attachment_model

    return load_attachment_model().score(responses, instrument="ecr")


def _score_classical(code: str, responses: Any) -> Any:
    from hechting.psychometrics.scoring import classical_scores

    return classical_scores(_load_instrument(code), responses)


def _rq_models(ratings: Any) -> Any:
    from hechting.psychometrics.scoring import rq_models

    return rq_models(_load_instrument("rq"), ratings)


def _norm_table(name: str) -> Any:
    from hechting.psychometrics.norms import load_norms

    return load_norms(name.split("/")[0])[name]


# ---- public functions -----------------------------------------------------------------------


def _both(message: Any) -> tuple[str, str]:
    """A project string in English and Dutch (for texts the instrument files do not hold)."""
    with translation.override("en"):
        en = str(message)
    with translation.override("nl"):
        nl = str(message)
    return en, nl


@cache
def questionnaire(code: str) -> Questionnaire:
    """The questions of one instrument, in the order the full form asks them."""
    if code not in INSTRUMENTS:
        raise KeyError(code)
    inst = _load_instrument(code)
    labels = {o.value: o.label for o in inst.response_labels}
    options = []
    for value in range(int(inst.response_min), int(inst.response_max) + 1):
        label = labels.get(value)
        if label is None:  # formats that label only the anchors (RQ: 1 and 7)
            options.append(Option(value, str(value), str(value)))
        elif len(labels) < inst.response_max - inst.response_min + 1:
            options.append(Option(value, f"{value} – {label.en}", f"{value} – {label.nl}"))
        else:
            options.append(Option(value, label.en, label.nl))
    questions = [
        Question(it.id, it.text.en, it.text.nl, tuple(options), scale=it.scale) for it in inst.items
    ]
    if inst.forced_choice:
        en, nl = _both(_("Which of these four descriptions fits you best?"))
        choices = tuple(
            Option(i, it.text.en, it.text.nl) for i, it in enumerate(inst.items, start=1)
        )
        questions.append(Question(CHOICE, en, nl, choices, kind="choice"))
    return Questionnaire(code, inst.name.en, tuple(questions))


def next_step(code: str, mode: str, answers: Mapping[str, int]) -> Step:
    """The next item to ask; a pure function of the answers so far."""
    if code == "ecr" and mode == "adaptive":
        s = _cat_step(answers)
        return Step(
            item=s.item,
            n_answered=int(s.n_answered),
            expected_total=max(int(round(float(s.expected_total))), int(s.n_answered) + 1),
            progress=min(max(float(s.progress), 0.0), 1.0),
        )
    order = questionnaire(code).order()
    todo = [item for item in order if item not in answers]
    n = len(order) - len(todo)
    return Step(todo[0] if todo else None, n, len(order), n / len(order))


def _row(code: str, answers: Mapping[str, int]) -> Any:
    """One person's raw answers (1, I) in the instrument's item order, NaN not answered."""
    import numpy as np

    order = [q.id for q in questionnaire(code).questions if q.kind == "rating"]
    return np.array([[answers.get(item, np.nan) for item in order]], dtype=float)


def ecr_scores(answers: Mapping[str, int]) -> Any:
    """The core's AttachmentScores for this one person (arrays of length 1)."""
    return _score_ecr(_row("ecr", answers))


def ecr_result(answers: Mapping[str, int]) -> EcrResult:
    s = ecr_scores(answers)

    def dim(name: str) -> Dimension:
        return Dimension(
            theta=_num(getattr(s, f"{name}_theta")[0]),
            se=_num(getattr(s, f"{name}_se")[0]),
            mean=_num(getattr(s, f"{name}_mean")[0]),
            percentile=_num(getattr(s, f"{name}_percentile")[0]),
        )

    styles = {name: float(getattr(s, f"p_{name}")[0]) for name in STYLES}
    return EcrResult(
        anxiety=dim("anxiety"),
        avoidance=dim("avoidance"),
        styles=styles,
        style=str(s.style[0]),
        security=_num(s.security[0]),
        note=str(s.note[0]) if s.note[0] else "",
    )


@dataclass(frozen=True)
class RqResult:
    ratings: dict[str, int]  # A..D -> 1..7
    choice: str | None  # "A".."D"
    by_scale: dict[str, int]  # secure, fearful, preoccupied, dismissing -> 1..7
    self_model: float | None  # -12..12, higher = more positive view of yourself
    other_model: float | None  # -12..12, higher = more positive view of others


def rq_result(answers: Mapping[str, int]) -> RqResult:
    rated = [q for q in questionnaire("rq").questions if q.kind == "rating"]
    models = _rq_models(_row("rq", answers))
    choice = answers.get(CHOICE)
    return RqResult(
        ratings={q.id: answers[q.id] for q in rated if q.id in answers},
        choice=rated[choice - 1].id if choice else None,
        by_scale={q.scale: answers[q.id] for q in rated if q.id in answers},
        self_model=_num(models.self_model[0]),
        other_model=_num(models.other_model[0]),
    )


@dataclass(frozen=True)
class RsesResult:
    total: float | None  # 10..40 (prorated when one or two answers are missing)
    mean: float | None  # 1..4
    percentile: float | None
    t: float | None
    reason: str  # "" when scored


def rses_result(answers: Mapping[str, int]) -> RsesResult:
    score = _score_classical("rses", _row("rses", answers))["self_esteem"]
    total = _num(score.total[0])
    table = _norm_table("rses/sum")
    return RsesResult(
        total=total,
        mean=_num(score.mean[0]),
        percentile=None if total is None else _num(table.percentile([total])[0]),
        t=None if total is None else _num(table.t_score([total])[0]),
        reason=str(score.reason[0]),
    )


def warm_up() -> None:
    """Load the instruments, the calibrated model and the CAT item bank once, before the first
    respondent arrives (the first load takes seconds; afterwards a step takes < 1 ms)."""
    for code in INSTRUMENTS:
        questionnaire(code)
    next_step("ecr", "adaptive", {})
    ecr_result({"Q1": 3})
