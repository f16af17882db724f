"""Who may see an assessment: the browser session that started or resumed it, or its user."""

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from hechting.assessments.models import Assessment, hash_token
from hechting.program import crypto

SESSION_KEY = "assessments"


def remember(request: HttpRequest, assessment: Assessment, token: str) -> None:
    """Give this browser session access, keeping the token to show the resume link again.

    Sessions live in the database, readable to anyone with a copy of it: the token is kept
    encrypted (with the journal key, which is never in the database), so that, as promised,
    the database holds only its hash.
    """
    owned = dict(request.session.get(SESSION_KEY, {}))
    owned[str(assessment.pk)] = crypto.encrypt(token)
    request.session[SESSION_KEY] = owned


def forget(request: HttpRequest, pk: uuid.UUID) -> None:
    owned = dict(request.session.get(SESSION_KEY, {}))
    owned.pop(str(pk), None)
    request.session[SESSION_KEY] = owned


def _decrypted(stored: object) -> str | None:
    if not isinstance(stored, str):
        return None
    try:
        return crypto.decrypt(stored)
    except crypto.JournalKeyError:  # a retired key (or an old plain entry): no link, no error
        return None


def resume_token(request: HttpRequest, assessment: Assessment) -> str | None:
    return _decrypted(request.session.get(SESSION_KEY, {}).get(str(assessment.pk)))


def get_owned(request: HttpRequest, pk: uuid.UUID) -> Assessment:
    """The assessment if this request may see it, otherwise 404 (never a hint that it exists)."""
    assessment = Assessment.objects.filter(pk=pk).first()
    if assessment is None:
        raise Http404
    token = resume_token(request, assessment)
    # A session holds the link it came with; once that link is replaced, the session's access ends.
    if token is not None and assessment.has_token(token):
        return assessment
    user = getattr(request, "user", None)
    if assessment.user_id is not None and user is not None and user.pk == assessment.user_id:
        return assessment
    raise Http404


def owned(request: HttpRequest) -> "QuerySet[Assessment]":
    """Every assessment this request may see: its session's, and its user's."""
    held = {pk: _decrypted(stored) for pk, stored in request.session.get(SESSION_KEY, {}).items()}
    # Only links still valid: a replaced link no longer opens anything, here as in get_owned.
    mine = Q(
        pk__in=list(held),
        token_hash__in=[hash_token(t) for t in held.values() if t is not None],
    )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        mine |= Q(user_id=user.pk)
    return Assessment.objects.filter(mine)
