"""The one place where the program meets the other apps (assessments, reports, psychometrics)."""

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hechting.psychometrics import change


@dataclass(frozen=True)
class Occasion:
    """One completed ECR: both dimensions with their standard errors (IRT theta scale)."""

    id: str
    when: datetime
    anxiety: float
    anxiety_se: float
    avoidance: float
    avoidance_se: float

    # The T scale of the plot and the report: reference group mean 50, SD 10.
    @property
    def anxiety_t(self) -> float:
        return 50 + 10 * self.anxiety

    @property
    def avoidance_t(self) -> float:
        return 50 + 10 * self.avoidance

    @property
    def anxiety_t_se(self) -> float:
        return 10 * self.anxiety_se

    @property
    def avoidance_t_se(self) -> float:
        return 10 * self.avoidance_se


def ecr_occasions(user: Any) -> list[Occasion]:
    """Every completed ECR of this person, oldest first, scored by the core (EAP and SE)."""
    from hechting.assessments import engine, services
    from hechting.assessments.models import Assessment

    done = Assessment.objects.filter(
        user=user, instrument=Assessment.Instrument.ECR, status=Assessment.Status.COMPLETED
    ).order_by("completed", "created")
    occasions = []
    for assessment in done:
        scores = engine.ecr_scores(services.answers_of(assessment))
        values = [
            float(getattr(scores, name)[0])
            for name in ("anxiety_theta", "anxiety_se", "avoidance_theta", "avoidance_se")
        ]
        if not any(math.isnan(v) for v in values):
            occasions.append(
                Occasion(str(assessment.pk), assessment.completed or assessment.created, *values)
            )
    return occasions


def ecr_start_url(request: Any) -> str:
    """The adaptive ECR; started while signed in, it belongs to the account at once."""
    return reverse("assessments:start", args=["ecr", "adaptive"])


def reliable_change(
    x1: float, se1: float, x2: float, se2: float, *, dimension: str
) -> tuple[float, str]:
    """The RC index and the core's category code (reliably_more_secure, ...)."""
    result = change.reliable_change(x1, se1, x2, se2, dimension=dimension)  # type: ignore[arg-type]
    return float(result.rc[0]), str(result.category[0])


def timeline_svg(occasions: list[Occasion]) -> str:
    """Both dimensions over time with 95 % bands: the report helper's plot (T scale)."""
    from hechting.reports import plots, report

    language = "nl" if (get_language() or "nl").startswith("nl") else "en"
    return plots.timeline_svg(
        [
            plots.Occasion(o.when, o.anxiety, o.anxiety_se, o.avoidance, o.avoidance_se)
            for o in occasions
        ],
        language=language,
        title=str(_("Attachment anxiety and avoidance over time")),
        description=str(
            _("Each point is one time you took the test, with a band for its uncertainty.")
        ),
        cuts=report.load_cuts(),
        id_prefix="progress",
    )
