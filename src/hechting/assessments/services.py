"""Writes that touch assessments and answers: one place for the pages and the JSON API."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hechting.assessments import engine
from hechting.assessments.models import Answer, Assessment


class AnswerError(Exception):
    """An answer that cannot be saved; `code` says why, the message says what and where."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code  # "unknown_item", "bad_value" or "completed"
        self.message = message


@dataclass(frozen=True)
class Started:
    assessment: Assessment
    token: str
    step: engine.Step


def start_assessment(
    *, instrument: str, mode: str, language: str, user_id: int | None = None
) -> Started:
    """Create an anonymous (or user-linked) assessment with a fresh private token."""
    if instrument not in engine.INSTRUMENTS:
        raise ValueError(f"unknown instrument {instrument!r}")
    if mode not in Assessment.Mode.values or (mode == "adaptive" and instrument != "ecr"):
        raise ValueError(f"mode {mode!r} is not available for {instrument!r}")
    assessment = Assessment(instrument=instrument, mode=mode, language=language, user_id=user_id)
    token = assessment.new_token()
    assessment.save(force_insert=True)
    return Started(assessment, token, engine.next_step(instrument, mode, {}))


def answers_of(assessment: Assessment) -> dict[str, int]:
    """The answers so far, in the order they were first given."""
    rows = Answer.objects.filter(assessment=assessment).values_list("item", "value")
    return dict(rows.order_by("answered_at", "id"))


def current_step(assessment: Assessment, answers: dict[str, int] | None = None) -> engine.Step:
    if answers is None:
        answers = answers_of(assessment)
    return engine.next_step(assessment.instrument, assessment.mode, answers)


def validate_answer(assessment: Assessment, item: str, value: object) -> int:
    """Return the value as an int, or raise AnswerError naming the item and the allowed values."""
    question = engine.questionnaire(assessment.instrument).get(item)
    if question is None:
        raise AnswerError(
            "unknown_item",
            str(_("Item %(item)s is not part of this questionnaire.") % {"item": item}),
        )
    allowed = sorted(question.values)
    if isinstance(value, bool) or not isinstance(value, int | str):
        number = None
    else:
        try:
            number = int(value)
        except ValueError:
            number = None
    if number is None or number not in question.values:
        raise AnswerError(
            "bad_value",
            str(
                _("The answer to %(item)s must be a whole number from %(low)d to %(high)d.")
                % {"item": item, "low": allowed[0], "high": allowed[-1]}
            ),
        )
    return number


def record_answer(*, assessment: Assessment, item: str, value: object) -> engine.Step:
    """Save one answer the moment it is given. Repeating it is harmless: one row per item.

    The write is an upsert under a row lock (Postgres) or SQLite's immediate write lock, so
    a double submit or two tabs never duplicate an answer. Once the questionnaire is complete,
    only a repeat of the same answer is accepted.
    """
    number = validate_answer(assessment, item, value)
    with transaction.atomic():
        status = (
            Assessment.objects.select_for_update()
            .filter(pk=assessment.pk)
            .values_list("status", flat=True)
            .get()
        )
        answers = answers_of(assessment)
        previous = answers.get(item)
        if status == Assessment.Status.COMPLETED and previous != number:
            raise AnswerError(
                "completed",
                str(_("This questionnaire is complete; its answers can no longer be changed.")),
            )
        if previous is None:
            # bulk_create: a plain INSERT, without the per-object save() machinery.
            Answer.objects.bulk_create(
                [Answer(assessment_id=assessment.pk, item=item, value=number)]
            )
        elif previous != number:
            Answer.objects.filter(assessment_id=assessment.pk, item=item).update(
                value=number, updated_at=timezone.now()
            )
        answers[item] = number
    # Choosing the next item can take a few milliseconds: do it after the write lock is free.
    step = current_step(assessment, answers)
    if step.done and assessment.status != Assessment.Status.COMPLETED:
        Assessment.objects.filter(pk=assessment.pk, completed__isnull=True).update(
            status=Assessment.Status.COMPLETED, completed=timezone.now()
        )
        assessment.status = Assessment.Status.COMPLETED
    return step


def export_data(assessment: Assessment) -> dict[str, object]:
    answers = Answer.objects.filter(assessment=assessment).order_by("answered_at", "id")
    return {
        "id": str(assessment.pk),
        "instrument": assessment.instrument,
        "mode": assessment.mode,
        "language": assessment.language,
        "status": assessment.status,
        "created": assessment.created.isoformat(),
        "completed": assessment.completed.isoformat() if assessment.completed else None,
        "answers": [
            {
                "item": a.item,
                "value": a.value,
                "answered_at": a.answered_at.isoformat(),
                "updated_at": a.updated_at.isoformat(),
            }
            for a in answers
        ],
    }
