"""Reads for the program pages: what each step page shows, and where a person is."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from hechting.accounts.models import User
from hechting.program import instruments, plots
from hechting.program.exercises import EXERCISES, Exercise
from hechting.program.models import (
    RiskStep,
    SelfEsteemEntry,
    SupportPerson,
    ThemeCheckin,
    TriggerEntry,
)
from hechting.web.http import StrOrPromise

STEP_KINDS = {1: "levenslijn", 2: "mensen", 3: "zelfbeeld", 4: "patronen", 5: "risicos"}
STEP_TITLES = {
    1: _("Understand your past"),
    2: _("Allow emotional support"),
    3: _("Revise your self-image"),
    4: _("Examine your patterns"),
    5: _("Take small risks with trust"),
}
# The scale midpoint of the ECR-RS (1..7): below it on both dimensions reads as "secure with".
ECRRS_MIDPOINT = 4.0


@dataclass(frozen=True)
class SectionStatus:
    exercise: Exercise
    number: int | None  # step number, None for the visualisation and the check-ins
    count: int
    last: datetime | None  # the latest change

    @property
    def title(self) -> StrOrPromise:
        return STEP_TITLES.get(self.number or 0, "")


def program_status(user: User) -> dict[str, object]:
    sections = []
    numbers = {kind: n for n, kind in STEP_KINDS.items()}
    for kind, exercise in EXERCISES.items():
        rows = exercise.model._default_manager.filter(user=user)
        agg = rows.aggregate(last=Max("updated_at"))
        sections.append(SectionStatus(exercise, numbers.get(kind), rows.count(), agg["last"]))
    steps = [s for s in sections if s.number]
    current = next((s.number for s in steps if s.count == 0), None)
    return {
        "steps": steps,
        "extras": [s for s in sections if not s.number],
        "current": current,
        "started": sum(1 for s in steps if s.count),
    }


@dataclass(frozen=True)
class PersonRow:
    person: SupportPerson
    score: instruments.EcrRsScore | None

    @property
    def secure(self) -> bool:
        return bool(
            self.score
            and self.score.avoidance < ECRRS_MIDPOINT
            and self.score.anxiety < ECRRS_MIDPOINT
        )


def support_rows(user: User) -> list[PersonRow]:
    return [
        PersonRow(p, instruments.score_ecrrs(p.responses))
        for p in SupportPerson.objects.filter(user=user)
    ]


def trigger_overview(entries: list[TriggerEntry]) -> dict[str, object]:
    """Counts that show what recurs: strategies, windows, needs, triggers (same words), by month."""
    triggers = Counter(" ".join(e.trigger.lower().split()) for e in entries)
    months: dict[str, Counter[str]] = {}
    for e in entries:
        months.setdefault(e.happened_on.strftime("%Y-%m"), Counter())[e.strategy] += 1
    strategy_labels = dict(TriggerEntry.Strategy.choices)
    used = [
        s for s, _label in TriggerEntry.Strategy.choices if any(e.strategy == s for e in entries)
    ]
    return {
        "strategies": _labelled(Counter(e.strategy for e in entries), strategy_labels),
        "windows": _labelled(Counter(e.window for e in entries), dict(TriggerEntry.Window.choices)),
        "needs": _labelled(Counter(e.needed for e in entries), dict(TriggerEntry.Need.choices)),
        "recurring": [(t, n) for t, n in triggers.most_common() if n > 1],
        "month_columns": [strategy_labels[s] for s in used],
        "month_rows": [(m, [c[s] for s in used]) for m, c in sorted(months.items())],
    }


def _labelled(
    counts: Counter[str], labels: Mapping[str, StrOrPromise]
) -> list[tuple[StrOrPromise, int]]:
    return [(labels[key], n) for key, n in counts.most_common()]


def step_context(user: User, number: int) -> dict[str, object]:
    exercise = EXERCISES[STEP_KINDS[number]]
    entries = list(exercise.model._default_manager.filter(user=user))
    context: dict[str, object] = {"exercise": exercise, "entries": entries}
    if number == 2:
        rows = support_rows(user)
        context["rows"] = rows
        context["plot"] = plots.support_map_svg(rows) if any(r.score for r in rows) else ""
    elif number == 3:
        selves = [e for e in entries if isinstance(e, SelfEsteemEntry)]
        context["rows"] = [(e, instruments.score_rses(e.responses)) for e in selves]
    elif number == 4:
        context["overview"] = trigger_overview([e for e in entries if isinstance(e, TriggerEntry)])
    elif number == 5:
        steps = [e for e in entries if isinstance(e, RiskStep)]
        done = [e for e in steps if e.done and e.actual is not None]
        context["done"] = done
        context["plot"] = plots.risk_ladder_svg(done) if done else ""
    return context


def checkin_context(user: User) -> dict[str, object]:
    entries = list(ThemeCheckin.objects.filter(user=user).order_by("created_at", "pk"))
    return {"history": entries, "plot": plots.themes_svg(entries) if len(entries) > 1 else ""}
