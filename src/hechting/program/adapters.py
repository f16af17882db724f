"""The one place where the program meets the other apps (assessments, reports, psychometrics).

TEMPORARY until those apps land on main: no ECR occasions yet, reliable change computed here.
"""

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Occasion:
    """One completed ECR: both dimensions with their standard errors (IRT theta scale)."""

    id: int
    when: datetime
    anxiety: float
    anxiety_se: float
    avoidance: float
    avoidance_se: float


def ecr_occasions(user: Any) -> list[Occasion]:
    return []


def ecr_start_url(request: Any) -> str | None:
    return None


def reliable_change_index(x1: float, se1: float, x2: float, se2: float) -> float:
    return (x2 - x1) / math.sqrt(se1**2 + se2**2)


def timeline_svg(occasions: list[Occasion]) -> str:
    return ""
