"""TEMPORARY stand-in for hechting.psychometrics until the core lands on main (then deleted).

It mimics the facade's contract shapes only; no test asserts its numbers.
"""

import math
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pytest

from hechting.assessments import engine


@dataclass(frozen=True)
class FakeItem:
    id: str
    text_en: str
    text_nl: str
    scale: str
    reverse: bool


def fake_instrument(code: str) -> SimpleNamespace:
    n, low, high = {"ecr": (36, 1, 5), "rq": (5, 1, 7), "rses": (10, 1, 4)}[code]
    items = [
        FakeItem(f"Q{i}", f"English item {i}", f"Nederlands item {i}", "a", False)
        for i in range(1, n + 1)
    ]
    return SimpleNamespace(
        name=code.upper(),
        items=items,
        min_value=low,
        labels_en=[f"en {v}" for v in range(low, high + 1)],
        labels_nl=[f"nl {v}" for v in range(low, high + 1)],
    )


ORDER = ["Q6", "Q11", "Q16", "Q13", "Q18", "Q17", "Q22", "Q27", "Q26", "Q33"]


def fake_cat_step(answers):  # type: ignore[no-untyped-def]
    todo = [i for i in ORDER if i not in answers]
    n = len(answers)
    return SimpleNamespace(
        item=todo[0] if todo else None,
        n_answered=n,
        anxiety_theta=0.0,
        anxiety_se=1.0,
        avoidance_theta=0.0,
        avoidance_se=1.0,
        expected_total=10.0,
        progress=min(n / 10, 1.0),
    )


def fake_score(responses):  # type: ignore[no-untyped-def]
    mean = np.nanmean(responses[:, 1::2], axis=1)
    one = np.array([0.5])
    return SimpleNamespace(
        anxiety_mean=mean,
        avoidance_mean=np.nanmean(responses[:, 0::2], axis=1),
        anxiety_theta=one,
        anxiety_se=one,
        avoidance_theta=one,
        avoidance_se=one,
        anxiety_percentile=np.array([math.nan]),
        avoidance_percentile=np.array([50.0]),
        p_secure=np.array([0.25]),
        p_anxious=np.array([0.25]),
        p_avoidant=np.array([0.25]),
        p_fearful=np.array([0.25]),
        style=np.array(["secure"]),
        security=one,
        note=np.array([""]),
    )


@pytest.fixture(autouse=True)
def fake_core(monkeypatch):  # type: ignore[no-untyped-def]
    try:
        import hechting.psychometrics.cat  # noqa: F401
    except ImportError:
        engine.questionnaire.cache_clear()
        monkeypatch.setattr(engine, "_load_instrument", fake_instrument)
        monkeypatch.setattr(engine, "_cat_step", fake_cat_step)
        monkeypatch.setattr(engine, "_score_ecr", fake_score)
    yield
    engine.questionnaire.cache_clear()
