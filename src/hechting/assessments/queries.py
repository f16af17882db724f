"""Reads of stored results for other apps (the program's progress page, reports)."""

from django.contrib.auth.base_user import AbstractBaseUser

from hechting.assessments import services
from hechting.assessments.models import Assessment
from hechting.psychometrics.results import EcrResult, Occasion


def ecr_occasions(user: AbstractBaseUser) -> list[Occasion]:
    """Every completed ECR of this person with its stored result, oldest first."""
    done = Assessment.objects.filter(
        user=user, instrument=Assessment.Instrument.ECR, status=Assessment.Status.COMPLETED
    ).order_by("completed", "created")
    occasions = []
    for assessment in done:
        result = services.result_of(assessment)
        if isinstance(result, EcrResult):
            when = assessment.completed or assessment.created
            occasions.append(Occasion(str(assessment.pk), when, result))
    return occasions
