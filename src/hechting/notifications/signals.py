"""Reschedule a subscribed person's reminders when a result or a check-in is saved."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from hechting.assessments.models import Assessment
from hechting.notifications import schedules
from hechting.program.models import ThemeCheckin


@receiver(post_save, sender=Assessment, dispatch_uid="notifications-retake")
def _retake(sender: type, instance: Assessment, **kwargs: Any) -> None:
    if instance.user is not None and instance.is_done and instance.instrument == "ecr":
        schedules.schedule_retake(instance.user)


@receiver(post_save, sender=ThemeCheckin, dispatch_uid="notifications-checkin")
def _checkin(sender: type, instance: ThemeCheckin, **kwargs: Any) -> None:
    schedules.schedule_checkin(instance.user)
