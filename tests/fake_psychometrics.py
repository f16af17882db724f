"""TEMPORARY stand-in for hechting.psychometrics until the core lands on main (then deleted).

It mimics the facade's contract shapes only; no test asserts its numbers.
"""

from types import SimpleNamespace

import numpy as np
import pytest

from hechting.assessments import engine


def text(en: str, nl: str) -> SimpleNamespace:
    return SimpleNamespace(en=en, nl=nl)


SCALES = {"rq": ["secure", "fearful", "preoccupied", "dismissing"]}


def fake_instrument(code: str) -> SimpleNamespace:
    n, low, high = {"ecr": (36, 1, 5), "rq": (4, 1, 7), "rses": (10, 1, 4)}[code]
    ids = ["A", "B", "C", "D"] if code == "rq" else [f"Q{i}" for i in range(1, n + 1)]
    anchors = (low, high) if code == "rq" else range(low, high + 1)
    return SimpleNamespace(
        name=text(code.upper(), code.upper()),
        items=[
            SimpleNamespace(id=i, text=text(f"English {i}", f"Nederlands {i}"), scale=scale)
            for i, scale in zip(ids, SCALES.get(code, ["x"] * n), strict=True)
        ],
        response_min=low,
        response_max=high,
        response_labels=[
            SimpleNamespace(value=v, label=text(f"en {v}", f"nl {v}")) for v in anchors
        ],
        forced_choice=code == "rq",
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
        anxiety_expected_mean=np.array([2.5]),
        avoidance_expected_mean=np.array([3.5]),
        anxiety_percentile=np.array([40.0]),
        avoidance_percentile=np.array([50.0]),
        p_secure=np.array([0.25]),
        p_anxious=np.array([0.25]),
        p_avoidant=np.array([0.25]),
        p_fearful=np.array([0.25]),
        style=np.array(["secure"]),
        security=one,
        note=np.array([""]),
    )


def fake_classical(code, responses):  # type: ignore[no-untyped-def]
    mean = np.nanmean(responses, axis=1)
    score = SimpleNamespace(mean=mean, total=mean * responses.shape[1], reason=np.array([""]))
    return {"self_esteem": score}


def fake_rq_models(ratings):  # type: ignore[no-untyped-def]
    a, b, c, d = ratings[0]
    return SimpleNamespace(
        self_model=np.array([a + d - b - c]), other_model=np.array([a + c - b - d])
    )


def fake_norm_table(name):  # type: ignore[no-untyped-def]
    return SimpleNamespace(
        percentile=lambda x: np.array(x) * 2.0, t_score=lambda x: np.array(x) + 20.0
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
        monkeypatch.setattr(engine, "_score_classical", fake_classical)
        monkeypatch.setattr(engine, "_rq_models", fake_rq_models)
        monkeypatch.setattr(engine, "_norm_table", fake_norm_table)
        from hechting.reports import report

        monkeypatch.setattr(report, "load_cuts", lambda: report.Cuts(anxiety=0.0, avoidance=0.0))
    yield
    engine.questionnaire.cache_clear()
