from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from hechting.assessments.models import Answer, Assessment
from program_factories import make_user

pytestmark = pytest.mark.django_db


def _assessment(*, days_ago: int, user=None, status="in_progress", answered_days_ago=None):
    a = Assessment(instrument="ecr", mode="full", user=user, status=status)
    a.new_token()
    a.save()
    Assessment.objects.filter(pk=a.pk).update(created=timezone.now() - timedelta(days=days_ago))
    if answered_days_ago is not None:
        answer = Answer.objects.create(assessment=a, item="Q1", value=3)
        when = timezone.now() - timedelta(days=answered_days_ago)
        Answer.objects.filter(pk=answer.pk).update(updated_at=when, answered_at=when)
    return a


def test_it_purges_only_abandoned_anonymous_assessments(capsys):
    old = _assessment(days_ago=40, answered_days_ago=35)
    never_answered = _assessment(days_ago=31)
    recent_answer = _assessment(days_ago=40, answered_days_ago=2)
    young = _assessment(days_ago=3)
    finished = _assessment(days_ago=40, status="completed")
    owned = _assessment(days_ago=40, user=make_user())
    call_command("purge_abandoned")
    kept = set(Assessment.objects.values_list("pk", flat=True))
    assert kept == {recent_answer.pk, young.pk, finished.pk, owned.pk}
    assert old.pk not in kept and never_answered.pk not in kept
    assert not Answer.objects.filter(assessment_id=old.pk).exists()
    assert "purged 2 " in capsys.readouterr().out


def test_it_takes_the_period_from_the_command_line():
    a = _assessment(days_ago=8)
    call_command("purge_abandoned", "--days", "10")
    assert Assessment.objects.filter(pk=a.pk).exists()
    call_command("purge_abandoned", "--days", "7")
    assert not Assessment.objects.filter(pk=a.pk).exists()
