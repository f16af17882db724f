"""The human-readable part of the account export: one HTML page with the person's results,
program entries and notes, in their language, readable in any browser without Hechting."""

from typing import Any

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hechting.accounts.models import User
from hechting.assessments import services as assessment_services
from hechting.assessments.models import Assessment
from hechting.psychometrics.results import EcrResult, RqResult, RsesResult

EXTRA_TITLES = {"visualisatie-notities": _("Visualisation notes"), "check-ins": _("Check-ins")}
# Bookkeeping, not content: left out of the readable page (all of it is in data.json).
HIDDEN = {"id", "user", "token", "updated_at", "created_at"}


def _result_lines(assessment: Assessment) -> dict[str, Any]:
    from hechting.assessments.views import OFFERS
    from hechting.reports.plots import style_names

    result = assessment_services.result_of(assessment)
    row: dict[str, Any] = {
        "title": OFFERS[(assessment.instrument, assessment.mode)]["title"],
        "when": assessment.completed,
        "ecr": result if isinstance(result, EcrResult) else None,
        "rq": result if isinstance(result, RqResult) else None,
        "rses": result if isinstance(result, RsesResult) else None,
    }
    if isinstance(result, EcrResult):
        row["style"] = style_names()[result.style]
    return row


def _shown(obj: models.Model, field: models.Field) -> Any:
    """The value as a person reads it: a choice by its label, text as written."""
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    return obj.__dict__.get(field.attname)


def _entries(user: User) -> list[dict[str, Any]]:
    from hechting.program.exercises import EXERCISES
    from hechting.program.queries import STEP_KINDS, STEP_TITLES

    steps = {kind: number for number, kind in STEP_KINDS.items()}
    sections = []
    for kind, exercise in EXERCISES.items():
        model: type[models.Model] = exercise.model
        fields = [f for f in model._meta.concrete_fields if f.name not in HIDDEN]
        rows = [
            {
                "when": getattr(obj, "created_at", None),
                "fields": [
                    (f.verbose_name, _shown(obj, f))
                    for f in fields
                    if obj.__dict__.get(f.attname) not in (None, "", [])
                ],
            }
            for obj in model._default_manager.filter(user=user).order_by("created_at", "pk")
        ]
        if rows:
            number = steps.get(kind)
            title = (
                _("Step %(n)s: %(title)s") % {"n": number, "title": STEP_TITLES[number]}
                if number
                else EXTRA_TITLES.get(kind, kind)
            )
            sections.append({"title": title, "rows": rows})
    return sections


def readable_html(*, user: User, language: str) -> str:
    with translation.override(language):
        done = Assessment.objects.filter(user=user, status=Assessment.Status.COMPLETED).order_by(
            "completed"
        )
        return render_to_string(
            "accounts/export_readable.html",
            {
                "person": user,
                "language": language,
                "exported_at": timezone.now(),
                "results": [_result_lines(a) for a in done],
                "sections": _entries(user),
            },
        )
