"""THE one gate for reading another person's data through a link.

Every view (and, later, every export or PDF) that shows person B's data to person A calls
`read_through_link`: it finds the active link between them, checks that B granted the scope,
runs the read, and appends an AccessLog row — all in one place, so no feature can forget one of
the three. A refused read raises NoAccess (views answer 404: nothing about B is revealed) and is
logged too, with allowed=False.

    result = read_through_link(
        viewer=request.user, link_id=pk, scope=Scope.RESULTS,
        what="latest ECR result", read=lambda subject: latest_ecr(subject),
    )
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.http import Http404

from hechting.links.models import AccessLog, Link

T = TypeVar("T")


class NoAccess(Http404):
    """No active link, or the scope is not granted. A 404 when it reaches Django."""


def active_link(*, viewer_id: int, link_id: int) -> Link:
    """The active link `link_id` of which `viewer_id` is a member, else NoAccess."""
    link = Link.objects.filter(pk=link_id, status=Link.Status.ACTIVE).first()
    if link is None or not link.has_member(viewer_id):
        raise NoAccess
    return link


def granted(*, viewer_id: int, link_id: int, scope: str) -> bool:
    """Whether the other side of this active link lets `viewer_id` see `scope` (no read, no log):
    for deciding what to offer on a page. The read itself must still go through the gate."""
    try:
        link = active_link(viewer_id=viewer_id, link_id=link_id)
    except NoAccess:
        return False
    return scope in link.scopes_of(link.other_id(viewer_id))


def _describe(value: object) -> str:
    if isinstance(value, models.Model):
        return f"{value._meta.label_lower}:{value.pk}"
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | dict):
        return ",".join(_describe(v) for v in value if isinstance(v, models.Model))
    return ""


def read_through_link(
    *,
    viewer_id: int,
    link_id: int,
    scope: str,
    what: str,
    read: Callable[[models.Model], T],
) -> T:
    """Check, read, log. `read(subject)` receives the other person (the data's owner) and runs
    only when `scope` is granted; what it returns (rows are named by label:pk) and `what` (a
    short description such as "latest ECR result") go into the log."""
    with transaction.atomic():
        # Lock the link row: a withdrawal committed before this read is always seen.
        link = Link.objects.select_for_update().filter(pk=link_id).first()
        if link is None or not link.is_active or not link.has_member(viewer_id):
            raise NoAccess
        subject_id = link.other_id(viewer_id)
        assert subject_id is not None  # an active link has two people (a check constraint)
        allowed = scope in link.scopes_of(subject_id)
        result = read(get_user_model().objects.get(pk=subject_id)) if allowed else None
        described = _describe(result)
        AccessLog.objects.create(
            viewer_id=viewer_id,
            subject_id=subject_id,
            link_id=link.pk,
            link_kind=link.kind,
            scope=scope,
            what=(f"{what} [{described}]" if described else what)[:200],
            allowed=allowed,
        )
    if not allowed:
        raise NoAccess
    return result  # type: ignore[return-value]
