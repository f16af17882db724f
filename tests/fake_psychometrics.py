"""TEMPORARY stand-in for hechting.psychometrics.cat until it lands on main (then deleted).

Only the adaptive item choice is faked (a fixed order of ten items); instruments and scoring
are the real core. No test asserts the fake's choices.
"""

from types import SimpleNamespace

import pytest

from hechting.assessments import engine

ORDER = ["Q6", "Q11", "Q16", "Q13", "Q18", "Q17", "Q22", "Q27", "Q26", "Q33"]


def fake_cat_step(answers):  # type: ignore[no-untyped-def]
    todo = [i for i in ORDER if i not in answers]
    n = len(answers)
    return SimpleNamespace(
        item=todo[0] if todo else None,
        n_answered=n,
        expected_total=10,
        progress=min(n / 10, 1.0),
    )


@pytest.fixture(autouse=True)
def fake_core(monkeypatch):  # type: ignore[no-untyped-def]
    try:
        import hechting.psychometrics.cat  # noqa: F401
    except ImportError:
        monkeypatch.setattr(engine, "_cat_step", fake_cat_step)
    yield
