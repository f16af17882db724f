"""The one place where the web app talks to the psychometric core (hechting.psychometrics).

Views, services and the API use only these functions and dataclasses, so the core's shapes
never leak into templates or JSON, and a change in the core is one edit here.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

INSTRUMENTS = ("ecr", "rq", "rses")
STYLES = ("secure", "anxious", "avoidant", "fearful")


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
    kind: str = "rating"  # "rating" or "choice" (RQ: which paragraph fits best)

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


# ---- public functions -----------------------------------------------------------------------


@cache
def questionnaire(code: str) -> Questionnaire:
    if code not in INSTRUMENTS:
        raise KeyError(code)
    inst = _load_instrument(code)
    labels_en = list(inst.labels_en)
    labels_nl = list(inst.labels_nl)
    low = int(inst.min_value)
    options = tuple(
        Option(low + i, en, nl) for i, (en, nl) in enumerate(zip(labels_en, labels_nl, strict=True))
    )
    questions = [Question(it.id, it.text_en, it.text_nl, options) for it in inst.items]
    return Questionnaire(code, str(inst.name), tuple(questions))


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


def ecr_result(answers: Mapping[str, int]) -> EcrResult:
    import numpy as np

    order = questionnaire("ecr").order()
    row = np.array([[answers.get(item, np.nan) for item in order]], dtype=float)
    s = _score_ecr(row)

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
