"""Who may see an assessment: the browser session that started or resumed it, or its user."""

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from hechting.assessments.models import Assessment, hash_token

SESSION_KEY = "assessments"


def remember(request: HttpRequest, assessment: Assessment, token: str) -> None:
    """Give this browser session access. The token is kept (server-side) to show the link again."""
    owned = dict(request.session.get(SESSION_KEY, {}))
    owned[str(assessment.pk)] = token
    request.session[SESSION_KEY] = owned


def forget(request: HttpRequest, pk: uuid.UUID) -> None:
    owned = dict(request.session.get(SESSION_KEY, {}))
    owned.pop(str(pk), None)
    request.session[SESSION_KEY] = owned


def resume_token(request: HttpRequest, assessment: Assessment) -> str | None:
    token = request.session.get(SESSION_KEY, {}).get(str(assessment.pk))
    return token if isinstance(token, str) else None


def get_owned(request: HttpRequest, pk: uuid.UUID) -> Assessment:
    """The assessment if this request may see it, otherwise 404 (never a hint that it exists)."""
    assessment = Assessment.objects.filter(pk=pk).first()
    if assessment is None:
        raise Http404
    token = request.session.get(SESSION_KEY, {}).get(str(pk))
    # A session holds the link it came with; once that link is replaced, the session's access ends.
    if isinstance(token, str) and assessment.has_token(token):
        return assessment
    user = getattr(request, "user", None)
    if assessment.user_id is not None and user is not None and user.pk == assessment.user_id:
        return assessment
    raise Http404


def owned(request: HttpRequest) -> "QuerySet[Assessment]":
    """Every assessment this request may see: its session's, and its user's."""
    held = request.session.get(SESSION_KEY, {})
    # Only links still valid: a replaced link no longer opens anything, here as in get_owned.
    mine = Q(
        pk__in=list(held),
        token_hash__in=[hash_token(t) for t in held.values() if isinstance(t, str)],
    )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        mine |= Q(user_id=user.pk)
    return Assessment.objects.filter(mine)
