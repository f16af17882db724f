"""The adaptive ECR: the per-person step, its storage, and the batch simulation."""

from dataclasses import replace

import numpy as np
import pytest

from hechting.psychometrics.cat import (
    DEFAULT_SETTINGS,
    default_bank,
    expected_total,
    next_step,
    simulate,
)
from hechting.psychometrics.instruments import load_instrument

ECR = load_instrument("ecr")


def run_person(answer_of, settings=DEFAULT_SETTINGS):
    """Answer every asked item with answer_of(item_id) until the CAT stops."""
    answers, steps = {}, []
    for _ in range(40):
        step = next_step(answers, settings)
        steps.append(step)
        if step.item is None:
            return answers, steps
        assert step.item not in answers
        answers[step.item] = answer_of(step.item)
    raise AssertionError("the CAT did not stop")


PATTERNS = {
    "all strongly disagree": lambda item: 1,
    "all strongly agree": lambda item: 5,
    "all neutral": lambda item: 3,
    "anxious, not avoidant": lambda item: 4 if int(item[1:]) % 2 == 0 else 2,
    "by item number": lambda item: 1 + int(item[1:]) % 5,
}


@pytest.mark.parametrize("name", PATTERNS)
def test_it_asks_new_items_until_it_stops(name):
    answers, steps = run_person(PATTERNS[name])
    settings = DEFAULT_SETTINGS
    assert settings.min_items <= len(answers) <= settings.max_items
    last = steps[-1]
    assert last.item is None and last.n_answered == len(answers) and last.progress == 1.0
    assert last.expected_total == len(answers)
    for k, step in enumerate(steps[:-1]):
        assert step.n_answered == k
        assert step.item in ECR.item_ids
        assert k < step.expected_total <= settings.max_items
        assert 0 <= step.progress < 1
    assert 0 < last.anxiety_se < 1 and 0 < last.avoidance_se < 1


def test_it_is_deterministic_and_ignores_answer_order():
    answers, steps = run_person(PATTERNS["by item number"])
    again, steps_again = run_person(PATTERNS["by item number"])
    assert steps == steps_again and answers == again
    partial = dict(list(answers.items())[:7])
    reversed_order = dict(reversed(list(partial.items())))
    assert next_step(partial) == next_step(reversed_order)


def test_it_moves_the_estimates_with_the_answers():
    low = next_step({"Q8": 1, "Q9": 1, "Q18": 1, "Q23": 1})
    high = next_step({"Q8": 5, "Q9": 5, "Q18": 5, "Q23": 5})
    assert high.anxiety_theta > low.anxiety_theta + 1
    assert high.avoidance_theta > low.avoidance_theta + 1
    # a reverse-keyed avoidance item (Q3, "comfortable being close") pulls the other way
    assert next_step({"Q3": 5}).avoidance_theta < 0 < next_step({"Q3": 1}).avoidance_theta


def test_it_honours_the_item_cap_and_the_se_stop():
    answers, _ = run_person(PATTERNS["all neutral"], replace(DEFAULT_SETTINGS, max_items=3))
    assert len(answers) == 3
    loose = replace(DEFAULT_SETTINGS, se_stop=0.9, min_items=2)
    answers, steps = run_person(PATTERNS["all neutral"], loose)
    assert len(answers) == 2
    assert steps[-1].anxiety_se <= 0.9 and steps[-1].avoidance_se <= 0.9


def test_it_rejects_answers_that_are_not_ecr_answers():
    with pytest.raises(ValueError, match="Q1"):
        next_step({"Q1": 6})
    with pytest.raises(ValueError, match="Q1"):
        next_step({"Q1": 0})
    with pytest.raises(ValueError, match="Q1"):
        next_step({"Q1": True})
    with pytest.raises(ValueError, match="Q1"):
        next_step({"Q1": "3"})  # type: ignore[dict-item]
    with pytest.raises(KeyError, match="Q37"):
        next_step({"Q37": 3})


def test_it_depends_only_on_the_answers_so_far():
    # The web app keeps the answers in the database; re-answering replaces a row.
    assert next_step({"Q8": 5, "Q9": 4}) == next_step({"Q9": 4, "Q8": 5})
    assert next_step({"Q8": 5, "Q9": 4}) != next_step({"Q8": 2, "Q9": 4})


def test_expected_total_is_between_the_answers_and_the_cap():
    s = DEFAULT_SETTINGS
    for n in range(s.max_items):
        assert n < expected_total(n, s) <= s.max_items
    assert expected_total(3, replace(s, typical_totals=())) == s.min_items


# --- on real response patterns ---------------------------------------------------------------


@pytest.fixture(scope="module")
def complete_answers(ecr_path):
    from hechting.commands.calibrate import read_ecr

    raw = read_ecr(ecr_path)
    return raw[~np.isnan(raw).any(axis=1)]


@pytest.mark.realdata
def test_the_batch_simulation_equals_next_step_person_by_person(complete_answers):
    raw = complete_answers[np.random.default_rng(7).choice(len(complete_answers), 120, False)]
    bank = default_bank()
    sim = simulate(bank, DEFAULT_SETTINGS, ECR.categories(raw))
    for p in range(raw.shape[0]):
        answers, steps = run_person(lambda item, p=p: int(raw[p, ECR.item_ids.index(item)]))
        asked = [ECR.item_ids[j] for j in sim.items[p] if j >= 0]
        assert asked == [s.item for s in steps[:-1]]
        assert sim.n_items[p] == len(answers)
        assert sim.theta[0, p] == pytest.approx(steps[-1].anxiety_theta, abs=1e-9)
        assert sim.theta[1, p] == pytest.approx(steps[-1].avoidance_theta, abs=1e-9)
        assert sim.se[0, p] == pytest.approx(steps[-1].anxiety_se, abs=1e-9)


@pytest.mark.realdata
def test_expected_total_matches_the_simulated_lengths(complete_answers):
    raw = complete_answers[np.random.default_rng(8).choice(len(complete_answers), 3000, False)]
    sim = simulate(default_bank(), DEFAULT_SETTINGS, ECR.categories(raw))
    for k in (0, 8, 10, 12):
        going = sim.n_items > k
        assert abs(sim.n_items[going].mean() - expected_total(k)) <= 1.0
