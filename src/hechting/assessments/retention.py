"""How long unfinished anonymous assessments are kept (settings.ANONYMOUS_DAYS, default 30).

An anonymous assessment belongs to whoever holds its token; one that is still unfinished
ANONYMOUS_DAYS after its last answer (or its start, without answers) is abandoned: nobody can
be shown a result from it, and keeping it only costs space (and invites filling the database).
Finished ones and anything linked to an account are never purged here.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from hechting.assessments.models import Assessment


def abandoned(*, days: int | None = None) -> list[object]:
    cutoff = timezone.now() - timedelta(days=settings.ANONYMOUS_DAYS if days is None else days)
    return list(
        Assessment.objects.filter(user__isnull=True, status=Assessment.Status.IN_PROGRESS)
        .annotate(last=Coalesce(Max("answers__updated_at"), "created"))
        .filter(last__lt=cutoff)
        .values_list("pk", flat=True)
    )


def purge_abandoned(*, days: int | None = None) -> int:
    """Delete abandoned anonymous assessments with their answers; returns how many."""
    ids = abandoned(days=days)
    for start in range(0, len(ids), 1000):  # bounded statements, also for millions of rows
        Assessment.objects.filter(pk__in=ids[start : start + 1000]).delete()
    return len(ids)
