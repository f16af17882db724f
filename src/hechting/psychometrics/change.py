"""Reliable change between two occasions (Jacobson & Truax, 1991).

With IRT scores each occasion has its own standard error:
``RC = (x2 - x1) / sqrt(se1^2 + se2^2)``. The classical variant uses one SE for both,
``SE = s1 * sqrt(1 - r_xx)`` and ``S_diff = sqrt(2 SE^2)``. |RC| > 1.96 is reliable change.

The category is about security, so the sign depends on the dimension: less anxiety, less
avoidance, more security (or more self-esteem) is ``reliably_more_secure``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from hechting.psychometrics.instruments import FloatArray

Dimension = Literal["anxiety", "avoidance", "security", "self_esteem"]
CRITERION = 1.96

MORE_SECURE = "reliably_more_secure"
NO_CHANGE = "no_reliable_change"
LESS_SECURE = "reliably_less_secure"
NOT_SCORED = "not_scored"

_LOWER_IS_MORE_SECURE = {
    "anxiety": True,
    "avoidance": True,
    "security": False,
    "self_esteem": False,
}


@dataclass(frozen=True)
class ReliableChange:
    """Per person (n,): difference x2 - x1, its SE, RC, whether reliable, and a category code."""

    difference: FloatArray
    se_difference: FloatArray
    rc: FloatArray
    reliable: npt.NDArray[np.bool_]
    category: npt.NDArray[np.str_]


def _result(diff: FloatArray, se_diff: FloatArray, dimension: Dimension) -> ReliableChange:
    if dimension not in _LOWER_IS_MORE_SECURE:
        raise ValueError(f"unknown dimension {dimension!r}")
    rc = diff / se_diff
    scored = ~np.isnan(rc)
    reliable = scored & (np.abs(np.where(scored, rc, 0.0)) > CRITERION)
    toward_security = -rc if _LOWER_IS_MORE_SECURE[dimension] else rc
    category = np.where(
        ~scored,
        NOT_SCORED,
        np.where(~reliable, NO_CHANGE, np.where(toward_security > 0, MORE_SECURE, LESS_SECURE)),
    ).astype(np.str_)
    return ReliableChange(
        difference=diff, se_difference=se_diff, rc=rc, reliable=reliable, category=category
    )


def reliable_change(
    x1: npt.ArrayLike,
    se1: npt.ArrayLike,
    x2: npt.ArrayLike,
    se2: npt.ArrayLike,
    *,
    dimension: Dimension,
) -> ReliableChange:
    """RC from two occasions' scores and their own standard errors (arrays of one shape)."""
    a1, s1, a2, s2 = (np.atleast_1d(np.asarray(v, dtype=np.float64)) for v in (x1, se1, x2, se2))
    return _result(a2 - a1, np.sqrt(s1**2 + s2**2), dimension)


def jacobson_truax(
    x1: npt.ArrayLike, x2: npt.ArrayLike, *, s1: float, r_xx: float, dimension: Dimension
) -> ReliableChange:
    """Classical RC with the pre-test SD ``s1`` and reliability ``r_xx`` of the scale."""
    if not (s1 > 0 and 0 <= r_xx < 1):
        raise ValueError("need s1 > 0 and 0 <= r_xx < 1")
    a1, a2 = (np.atleast_1d(np.asarray(v, dtype=np.float64)) for v in (x1, x2))
    se = s1 * np.sqrt(1 - r_xx)
    diff = a2 - a1
    return _result(diff, np.full_like(diff, np.sqrt(2 * se**2)), dimension)
