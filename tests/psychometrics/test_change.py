"""Reliable change: known answers and the direction of 'more secure' per dimension."""

import numpy as np
import pytest

from hechting.psychometrics.change import (
    LESS_SECURE,
    MORE_SECURE,
    NO_CHANGE,
    NOT_SCORED,
    jacobson_truax,
    reliable_change,
)


def test_it_uses_each_occasions_own_standard_error():
    # se_diff = sqrt(0.3^2 + 0.4^2) = 0.5
    r = reliable_change([1.0, 1.0, 1.0], [0.3] * 3, [0.2, 0.0, 2.1], [0.4] * 3, dimension="anxiety")
    assert r.se_difference == pytest.approx([0.5] * 3)
    assert r.rc == pytest.approx([-1.6, -2.0, 2.2])
    assert r.reliable.tolist() == [False, True, True]
    assert r.category.tolist() == [NO_CHANGE, MORE_SECURE, LESS_SECURE]


def test_it_treats_a_drop_in_avoidance_as_more_secure_and_a_rise_in_security_too():
    down = reliable_change(1.0, 0.2, 0.0, 0.2, dimension="avoidance")
    assert down.category.tolist() == [MORE_SECURE]
    up = reliable_change(40.0, 5.0, 60.0, 5.0, dimension="security")
    assert up.rc[0] == pytest.approx(20 / np.sqrt(50))
    assert up.category.tolist() == [MORE_SECURE]
    assert reliable_change(30, 2, 20, 2, dimension="self_esteem").category.tolist() == [LESS_SECURE]


def test_it_needs_more_than_1_96():
    r = reliable_change(0.0, 1.0, 1.96 * np.sqrt(2), 1.0, dimension="anxiety")
    assert r.rc[0] == pytest.approx(1.96)
    assert not r.reliable[0]


def test_it_marks_missing_scores_as_not_scored():
    r = reliable_change([np.nan, 0.0], [0.3, 0.3], [0.0, np.nan], [0.3, 0.3], dimension="anxiety")
    assert r.category.tolist() == [NOT_SCORED, NOT_SCORED]
    assert not r.reliable.any()


def test_it_computes_the_classical_jacobson_truax_index_by_hand():
    # s1 = 7.5, r_xx = .88: SE = 7.5 * sqrt(.12) = 2.598, S_diff = sqrt(2) * SE = 3.674
    r = jacobson_truax([30.0, 30.0], [22.0, 26.0], s1=7.5, r_xx=0.88, dimension="anxiety")
    assert r.se_difference[0] == pytest.approx(3.6742, abs=1e-4)
    assert r.rc == pytest.approx([-8 / 3.6742, -4 / 3.6742], abs=1e-4)
    assert r.category.tolist() == [MORE_SECURE, NO_CHANGE]


def test_it_refuses_an_impossible_reliability():
    with pytest.raises(ValueError):
        jacobson_truax([1.0], [2.0], s1=1.0, r_xx=1.0, dimension="anxiety")
