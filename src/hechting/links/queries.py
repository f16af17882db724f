"""Reads about links for the person's own pages (their own links and notices)."""

from django.db.models import Q, QuerySet

from hechting.assessments.models import Assessment
from hechting.links.models import Link, Notice


def member_of(user_id: int) -> Q:
    return Q(inviter_id=user_id) | Q(invitee_id=user_id)


def links_of(user_id: int) -> "QuerySet[Link]":
    """This person's active links and open invitations they sent, newest first."""
    return Link.objects.filter(member_of(user_id)).filter(
        Q(status=Link.Status.ACTIVE) | Q(status=Link.Status.INVITED, inviter_id=user_id)
    )


def unread_notices(user_id: int) -> "QuerySet[Notice]":
    return Notice.objects.filter(recipient_id=user_id, read_at__isnull=True)


def latest_ecr(user: object) -> Assessment | None:
    """The person's most recently completed ECR (adaptive or full), or None."""
    return (
        Assessment.objects.filter(user=user, instrument="ecr", status="completed")
        .order_by("-completed", "-created")
        .first()
    )
