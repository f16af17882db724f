"""Questionnaires as the web app asks them: questions with answer options, and the next step.

Scoring is not here: results come from ``hechting.psychometrics.results`` (made once when an
assessment completes and stored, see ``services.record_answer``).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hechting.psychometrics import results
from hechting.psychometrics.cat import next_step as cat_next_step
from hechting.psychometrics.instruments import load_instrument

INSTRUMENTS = ("ecr", "rq", "rses")
CHOICE = results.RQ_CHOICE  # RQ: the forced choice, value 1..4 = paragraph A..D


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


# ---- public functions -----------------------------------------------------------------------


def _both(message: Promise) -> tuple[str, str]:
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
    inst = load_instrument(code)
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
        s = cat_next_step(answers)
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


def warm_up() -> None:
    """Load the instruments, the calibrated model and the CAT item bank once, before the first
    respondent arrives (the first load takes seconds; afterwards a step takes < 1 ms)."""
    for code in INSTRUMENTS:
        questionnaire(code)
    next_step("ecr", "adaptive", {})
    results.ecr_result({"Q1": 3, "Q2": 3})
