"""Writes that touch assessments and answers: one place for the pages and the JSON API."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hechting.assessments import engine
from hechting.assessments.models import Answer, Assessment
from hechting.psychometrics import results


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
    a double submit or two tabs never duplicate an answer. The answer that finishes the
    questionnaire, its scored result and the completed status commit in one transaction: a
    crash leaves either all three or none, and of concurrent final answers exactly one
    completes (the others wait for the lock, then see the completed status). Once complete,
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
        if status == Assessment.Status.COMPLETED:
            if previous != number:
                raise AnswerError(
                    "completed",
                    str(_("This questionnaire is complete; its answers can no longer be changed.")),
                )
            assessment.status = status
            return current_step(assessment, answers)
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
        # Inside the lock (a few ms for the adaptive test, for this one assessment only): the
        # decision "finished" and the completion must see the same answers.
        step = current_step(assessment, answers)
        if step.done:
            _complete(assessment, answers)
    return step


def _complete(assessment: Assessment, answers: dict[str, int]) -> None:
    """Score and mark complete; called inside record_answer's transaction, under its lock."""
    result = results.score_answers(assessment.instrument, answers).to_json()
    now = timezone.now()
    updated = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.IN_PROGRESS)
    updated.update(status=Assessment.Status.COMPLETED, completed=now, result=result)
    assessment.status = Assessment.Status.COMPLETED
    assessment.completed = now
    assessment.result = result


def finish_if_done(assessment: Assessment) -> bool:
    """Complete an assessment whose answers are all in but whose status is not (one left by a
    crash before completion was atomic); True when it is complete."""
    if assessment.status == Assessment.Status.COMPLETED:
        return True
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        answers = answers_of(locked)
        if locked.status != Assessment.Status.COMPLETED:
            if not current_step(locked, answers).done:
                return False
            _complete(locked, answers)
        assessment.status, assessment.completed = locked.status, locked.completed
        assessment.result = locked.result
    return True


def result_of(assessment: Assessment) -> results.Result | None:
    """The stored result of a completed assessment (None while in progress).

    An assessment completed before results were stored (and missed by the backfill migration)
    is scored once now and stored, under the same lock as record_answer.
    """
    if assessment.status != Assessment.Status.COMPLETED:
        return None
    if assessment.result is None:
        with transaction.atomic():
            locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
            if locked.result is None:
                locked.result = results.score_answers(
                    locked.instrument, answers_of(locked)
                ).to_json()
                locked.save(update_fields=["result"])
            assessment.result = locked.result
    return results.result_from_json(assessment.result)


def ecr_result_of(assessment: Assessment) -> results.EcrResult:
    result = result_of(assessment)
    if not isinstance(result, results.EcrResult):
        raise ValueError(f"assessment {assessment.pk} has no ECR result")
    return result


@dataclass(frozen=True)
class Rescored:
    assessment: Assessment
    before: results.Result
    after: results.Result
    adopted: bool


def rescore(*, assessment: Assessment, adopt: bool = False) -> Rescored:
    """Score a completed assessment again with the installed parameters and norms.

    Nothing is lost: without ``adopt`` the new result is kept beside the stored one (in
    ``rescores``) and the reports keep showing the stored one; with ``adopt`` the new result
    becomes the shown one and the old one moves to ``rescores``.
    """
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        before = result_of(locked)
        if before is None:
            raise ValueError(f"assessment {locked.pk} is not completed")
        after = results.score_answers(locked.instrument, answers_of(locked))
        kept, shown = (before, after) if adopt else (after, before)
        entry = {
            "at": timezone.now().isoformat(),
            # "rescored": a new scoring kept beside; "replaced": the earlier shown result.
            "kind": "replaced" if adopt else "rescored",
            "result": kept.to_json(),
        }
        locked.rescores = [*locked.rescores, entry]
        locked.result = shown.to_json()
        locked.save(update_fields=["result", "rescores"])
    return Rescored(locked, before, after, adopt)


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
        "result": assessment.result,
        "rescores": assessment.rescores,
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
