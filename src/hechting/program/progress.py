"""Progress: ECR occasions over time and the reliable change between two of them, in words."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from hechting.assessments.queries import ecr_occasions
from hechting.psychometrics import change
from hechting.psychometrics.results import Occasion
from hechting.reports import plots

# The core's categories (hechting.psychometrics.change): |RC| > 1.96, Jacobson & Truax (1991).
VERDICTS = {
    change.MORE_SECURE: ("more", gettext_lazy("reliably more secure")),
    change.NO_CHANGE: ("none", gettext_lazy("no reliable change")),
    change.LESS_SECURE: ("less", gettext_lazy("reliably less secure")),
}
Scale = Literal["anxiety", "avoidance"]
DIMENSIONS: dict[Scale, Promise] = {
    "anxiety": gettext_lazy("Attachment anxiety"),
    "avoidance": gettext_lazy("Attachment avoidance"),
}


@dataclass(frozen=True)
class Change:
    dimension: str
    label: Promise
    before: float
    after: float
    rci: float
    category: str

    @property
    def direction(self) -> str:
        return VERDICTS[self.category][0]

    @property
    def verdict(self) -> Promise:
        return VERDICTS[self.category][1]


def compare(first: Occasion, second: Occasion) -> list[Change]:
    """The reliable change per dimension between two stored results."""
    changes = []
    for dim, label in DIMENSIONS.items():
        a = getattr(first.result, dim)
        b = getattr(second.result, dim)
        rc = change.reliable_change(a.theta, a.se, b.theta, b.se, dimension=dim)
        changes.append(Change(dim, label, a.theta, b.theta, float(rc.rc[0]), str(rc.category[0])))
    return changes


def _pick(occasions: list[Occasion], raw: str | None, default: int) -> Occasion:
    if raw is None or raw == "":
        return occasions[default]
    for occasion in occasions:
        if occasion.id == raw:
            return occasion
    raise Http404("not one of your occasions")


def timeline_svg(occasions: list[Occasion]) -> str:
    """Both dimensions over time with 95 % bands (T scale), as in the report."""
    language = "nl" if (get_language() or "nl").startswith("nl") else "en"
    return plots.timeline_svg(
        occasions,
        language=language,
        title=_("Attachment anxiety and avoidance over time"),
        description=_("Each point is one time you took the test, with a band for its uncertainty."),
        show_cuts=True,
        id_prefix="progress",
    )


def progress_context(user: AbstractBaseUser, params: Mapping[str, str]) -> dict[str, object]:
    occasions = ecr_occasions(user)
    context: dict[str, object] = {"occasions": occasions, "changes": None}
    if len(occasions) >= 2:
        first = _pick(occasions, params.get("van"), 0)
        second = _pick(occasions, params.get("tot"), -1)
        context.update(first=first, second=second)
        if first.id != second.id:
            context["changes"] = compare(first, second)
    if occasions:
        context["timeline"] = timeline_svg(occasions)
    return context
