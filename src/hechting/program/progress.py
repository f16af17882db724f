"""Progress: ECR occasions over time and the reliable change between two of them, in words."""

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from hechting.program import adapters

# The core's categories (hechting.psychometrics.change): |RC| > 1.96, Jacobson & Truax (1991).
VERDICTS = {
    "reliably_more_secure": ("more", _("reliably more secure")),
    "no_reliable_change": ("none", _("no reliable change")),
    "reliably_less_secure": ("less", _("reliably less secure")),
}
DIMENSIONS = {"anxiety": _("Attachment anxiety"), "avoidance": _("Attachment avoidance")}


@dataclass(frozen=True)
class Change:
    dimension: str
    label: Any
    before: float
    after: float
    rci: float
    category: str

    @property
    def direction(self) -> str:
        return VERDICTS[self.category][0]

    @property
    def verdict(self) -> Any:
        return VERDICTS[self.category][1]


def compare(first: adapters.Occasion, second: adapters.Occasion) -> list[Change]:
    changes = []
    for dim, label in DIMENSIONS.items():
        x1, se1 = getattr(first, dim), getattr(first, f"{dim}_se")
        x2, se2 = getattr(second, dim), getattr(second, f"{dim}_se")
        rci, category = adapters.reliable_change(x1, se1, x2, se2, dimension=dim)
        changes.append(Change(dim, label, x1, x2, rci, category))
    return changes


def _pick(occasions: list[adapters.Occasion], raw: str | None, default: int) -> adapters.Occasion:
    if raw is None or raw == "":
        return occasions[default]
    for occasion in occasions:
        if str(occasion.id) == raw:
            return occasion
    raise Http404("not one of your occasions")


def progress_context(user: Any, params: Any) -> dict[str, Any]:
    occasions = adapters.ecr_occasions(user)
    context: dict[str, Any] = {"occasions": occasions, "changes": None}
    if len(occasions) >= 2:
        first = _pick(occasions, params.get("van"), 0)
        second = _pick(occasions, params.get("tot"), -1)
        context.update(first=first, second=second)
        if first.id != second.id:
            context["changes"] = compare(first, second)
    if occasions:
        context["timeline"] = adapters.timeline_svg(occasions)
    return context
