"""Synthetic score rows shaped like psychometrics.attachment.AttachmentScores (one person).

The suite imports test modules with importlib, so helpers reach tests as the fixture `f`."""

import types
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from hechting.reports.report import Cuts, build_report_data

CUTS = Cuts(anxiety=0.25, avoidance=0.1)
TAKEN_AT = datetime(2026, 11, 3, 14, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    anxiety_theta: float
    anxiety_se: float
    avoidance_theta: float
    avoidance_se: float
    anxiety_mean: float
    avoidance_mean: float
    anxiety_expected_mean: float
    avoidance_expected_mean: float
    anxiety_percentile: float
    avoidance_percentile: float
    p_secure: float
    p_anxious: float
    p_avoidant: float
    p_fearful: float
    style: str
    security: float


NAN = float("nan")


def row(anx, avo, means, expected, pct, p, style, security):  # type: ignore[no-untyped-def]
    """(theta, se) per dimension; means/expected/pct as (anxiety, avoidance); p in style order."""
    return Row(*anx, *avo, *means, *expected, *pct, *p, style, security)


# Clear profiles far from the cuts, and one between anxious and fearful near the avoidance cut.
PROFILES = {
    "secure": row(
        (-1.2, 0.3),
        (-1.0, 0.3),
        (1.9, 1.8),
        (1.9, 1.8),
        (11.0, 15.0),
        (0.93, 0.03, 0.035, 0.005),
        "secure",
        84.0,
    ),
    "anxious": row(
        (1.5, 0.28),
        (-0.9, 0.3),
        (4.1, 2.0),
        (4.0, 2.0),
        (92.0, 18.0),
        (0.02, 0.91, 0.005, 0.065),
        "anxious",
        38.0,
    ),
    "avoidant": row(
        (-0.9, 0.3),
        (1.4, 0.29),
        (2.1, 3.9),
        (2.1, 3.8),
        (19.0, 90.0),
        (0.03, 0.005, 0.9, 0.065),
        "avoidant",
        41.0,
    ),
    "fearful": row(
        (1.6, 0.3),
        (1.7, 0.3),
        (4.2, 4.1),
        (4.1, 4.0),
        (94.0, 95.0),
        (0.001, 0.04, 0.03, 0.929),
        "fearful",
        9.0,
    ),
    "mixed": row(
        (0.9, 0.32),
        (0.2, 0.35),
        (NAN, NAN),
        (3.4, 2.9),
        (79.0, 57.0),
        (0.05, 0.52, 0.03, 0.40),
        "anxious",
        47.0,
    ),
}


def report_data(profile: str, language: str = "nl", **kwargs):  # type: ignore[no-untyped-def]
    options = {
        "mode": "adaptive" if profile == "mixed" else "full",
        "n_items": 14 if profile == "mixed" else 36,
    } | kwargs
    return build_report_data(
        scores=PROFILES[profile], cuts=CUTS, language=language, taken_at=TAKEN_AT, **options
    )


@pytest.fixture(scope="session")
def f() -> types.SimpleNamespace:
    return types.SimpleNamespace(
        CUTS=CUTS, PROFILES=PROFILES, TAKEN_AT=TAKEN_AT, report_data=report_data
    )
