"""When the built-in reminders fall due: six weeks after the latest ECR, a week after a check-in.

Each function (re)schedules the one next reminder of its kind for a person and cancels the
older pending one; it is called when a result or check-in is saved and when the person
subscribes. Nothing happens for a person who has not opted in.
"""

import datetime as dt

from django.urls import reverse

from hechting.accounts.models import User
from hechting.notifications import reminders
from hechting.notifications.kinds import CHECKIN, RETAKE
from hechting.notifications.models import Reminder

RETAKE_AFTER = dt.timedelta(weeks=6)
CHECKIN_AFTER = dt.timedelta(days=7)


def schedule_retake(user: User) -> Reminder | None:
    from hechting.assessments.models import Assessment

    if not reminders.is_subscribed(user=user, kind=RETAKE.name):
        return None
    latest = (
        Assessment.objects.filter(
            user=user, instrument="ecr", status="completed", completed__isnull=False
        )
        .order_by("-completed")
        .first()
    )
    if latest is None or latest.completed is None:
        return None
    key = f"retake:{user.pk}:{latest.pk}"
    reminders.cancel(user=user, kind=RETAKE.name, keep_key=key)
    return reminders.schedule(
        user=user,
        kind=RETAKE.name,
        due_at=latest.completed + RETAKE_AFTER,
        key=key,
        payload={
            "path": reverse("assessments:start", args=["ecr", "adaptive"]),
            "previous_date": latest.completed.date().isoformat(),
        },
    )


def schedule_checkin(user: User) -> Reminder | None:
    from hechting.program.models import ThemeCheckin

    if not reminders.is_subscribed(user=user, kind=CHECKIN.name):
        return None
    latest = ThemeCheckin.objects.filter(user=user).order_by("-created_at").first()
    if latest is None:
        since, key = reminders.now(), f"checkin:{user.pk}:first"
    else:
        since, key = latest.created_at, f"checkin:{user.pk}:{latest.pk}"
    reminders.cancel(user=user, kind=CHECKIN.name, keep_key=key)
    return reminders.schedule(
        user=user,
        kind=CHECKIN.name,
        due_at=since + CHECKIN_AFTER,
        key=key,
        payload={"path": reverse("program:entry_new", args=["check-ins"])},
    )


SCHEDULERS = {RETAKE.name: schedule_retake, CHECKIN.name: schedule_checkin}


def refresh_all() -> int:
    """Reschedule every subscriber's reminders (before each send run); returns how many.

    This catches results stored without a model save (a bulk UPDATE sends no signal) and keeps
    the schedule right even when an app forgets to call its scheduler.
    """
    from hechting.notifications.models import Subscription

    count = 0
    for subscription in Subscription.objects.select_related("user").order_by("pk"):
        scheduler = SCHEDULERS.get(subscription.kind)
        if scheduler is not None and scheduler(subscription.user) is not None:
            count += 1
    return count
