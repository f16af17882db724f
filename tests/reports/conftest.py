"""Synthetic stored ECR results (psychometrics.results.EcrResult) for one person.

The suite imports test modules with importlib, so helpers reach tests as the fixture `f`."""

import types
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from hechting.psychometrics.results import (
    Dimension,
    EcrResult,
    ScoredWith,
    StyleProbabilities,
    t_score,
)
from hechting.reports.report import build_report_data

CUTS = {"anxiety": 0.25, "avoidance": 0.1}
TAKEN_AT = datetime(2026, 11, 3, 14, 30, tzinfo=UTC)
SCORED_WITH = ScoredWith(parameters="ecr-grm@sha256:000000000001", norms="ecr-norms@sha256:02")
NORM_N = 30812


def dimension(scale, theta, se, mean, expected, pct):  # type: ignore[no-untyped-def]
    return Dimension(
        scale=scale,
        theta=theta,
        se=se,
        mean=mean,
        expected_mean=expected,
        percentile=pct,
        t=t_score(theta),
        cut_theta=CUTS[scale],
    )


def row(anx, avo, means, expected, pct, p, style, security, n=36):  # type: ignore[no-untyped-def]
    """(theta, se) per dimension; means/expected/pct as (anxiety, avoidance); p in style order."""
    return EcrResult(
        instrument="ecr",
        anxiety=dimension("anxiety", *anx, means[0], expected[0], pct[0]),
        avoidance=dimension("avoidance", *avo, means[1], expected[1], pct[1]),
        styles=StyleProbabilities(*p),
        style=style,
        security=security,
        n_answered=n,
        norm_n=NORM_N,
        note="",
        scored_with=SCORED_WITH,
    )


def changed(result, **changes):  # type: ignore[no-untyped-def]
    """A copy with e.g. anxiety_theta=0.3 or p=(secure, anxious, avoidant, fearful) changed."""
    if "p" in changes:
        result = replace(result, styles=StyleProbabilities(*changes.pop("p")))
    for key, value in changes.items():
        scale, _, name = key.partition("_")
        if scale in ("anxiety", "avoidance") and name:
            dim = replace(getattr(result, scale), **{name: value})
            if name == "theta":
                dim = replace(dim, t=t_score(value))
            result = replace(result, **{scale: dim})
        else:
            result = replace(result, **{key: value})
    return result


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
        (None, None),
        (3.4, 2.9),
        (79.0, 57.0),
        (0.05, 0.52, 0.03, 0.40),
        "anxious",
        47.0,
        n=14,
    ),
}


def report_data(profile: str, language: str = "nl", **kwargs):  # type: ignore[no-untyped-def]
    options = {"mode": "adaptive" if profile == "mixed" else "full"} | kwargs
    return build_report_data(
        result=PROFILES[profile], language=language, taken_at=TAKEN_AT, **options
    )


@pytest.fixture(scope="session")
def f() -> types.SimpleNamespace:
    return types.SimpleNamespace(
        CUTS=CUTS,
        PROFILES=PROFILES,
        TAKEN_AT=TAKEN_AT,
        NORM_N=NORM_N,
        report_data=report_data,
        changed=changed,
    )
