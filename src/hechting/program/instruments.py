"""Adapter to the psychometric core for the questionnaires inside the program (ECR-RS, RSES).

TEMPORARY until hechting.psychometrics lands on main: item texts and keys are read from
docs/instruments.md by hand here; replace the bodies with load_instrument / classical_scores.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    text: str
    choices: list[tuple[int, str]]


@dataclass(frozen=True)
class EcrRsScore:
    avoidance: float
    anxiety: float


def _scale(points: int) -> list[tuple[int, str]]:
    return [(n, str(n)) for n in range(1, points + 1)]


def anchors(code: str) -> str:
    points = {"ecr-rs": 7, "rses": 4}[code]
    return _("1 = strongly disagree, %(n)s = strongly agree") % {"n": points}


_ECRRS = [
    "It helps to turn to this person in times of need.",
    "I usually discuss my problems and concerns with this person.",
    "I talk things over with this person.",
    "I find it easy to depend on this person.",
    "I don't feel comfortable opening up to this person.",
    "I prefer not to show this person how I feel deep down.",
    "I often worry that this person doesn't really care for me.",
    "I'm afraid that this person may abandon me.",
    "I worry that this person won't care about me as much as I care about him or her.",
]
_RSES = [
    "I feel that I am a person of worth, at least on an equal plane with others.",
    "I feel that I have a number of good qualities.",
    "All in all, I am inclined to feel that I am a failure.",
    "I am able to do things as well as most other people.",
    "I feel I do not have much to be proud of.",
    "I take a positive attitude toward myself.",
    "On the whole, I am satisfied with myself.",
    "I wish I could have more respect for myself.",
    "I certainly feel useless at times.",
    "At times I think I am no good at all.",
]


def items(code: str) -> list[Item]:
    if code == "ecr-rs":
        return [Item(text, _scale(7)) for text in _ECRRS]
    if code == "rses":
        return [Item(text, _scale(4)) for text in _RSES]
    raise KeyError(code)


def score_ecrrs(responses: list[int]) -> EcrRsScore | None:
    if len(responses) != 9 or any(r is None for r in responses):
        return None
    keyed = [8 - r if i < 4 else r for i, r in enumerate(responses)]
    return EcrRsScore(avoidance=sum(keyed[:6]) / 6, anxiety=sum(keyed[6:]) / 3)


@dataclass(frozen=True)
class RsesScore:
    mean: float
    percentile: float | None


def score_rses(responses: list[int]) -> RsesScore | None:
    if len(responses) != 10 or any(r is None for r in responses):
        return None
    keyed = [5 - r if i + 1 in {3, 5, 8, 9, 10} else r for i, r in enumerate(responses)]
    return RsesScore(mean=sum(keyed) / 10, percentile=None)
