"""Writes and exports that span many models: export everything of a person, delete everything."""

import csv
import datetime as dt
import io
import json
import secrets
import uuid
import zipfile
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from hechting.accounts.models import PendingSignup, User
from hechting.accounts.ownership import DETACH, KEEP, owned_models
from hechting.assessments.access import SESSION_KEY
from hechting.assessments.models import Assessment
from hechting.notifications import mail

SIGNUP_LINK_AGE = dt.timedelta(days=3)

# Never exported: a password hash or a token hash is no use to its owner and a risk in a
# downloaded file.
SECRET_FIELDS = {"password", "token_hash"}


def _row(obj: models.Model) -> dict[str, Any]:
    return {
        field.attname: field.value_from_object(obj)
        for field in obj._meta.concrete_fields
        if field.name not in SECRET_FIELDS
    }


def export_data(*, user: User) -> dict[str, list[dict[str, Any]]]:
    """Every row of every user-owned model, decrypted, keyed by model label."""
    return {owned.label: [_row(obj) for obj in owned.rows(user)] for owned in owned_models()}


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    key: json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
                    if isinstance(value, dict | list)
                    else value
                    for key, value in row.items()
                }
            )
    return out.getvalue()


def export_zip(*, user: User, language: str = "nl") -> bytes:
    """A zip with data.json (everything), one CSV per model, and hechting.html: the person's
    results, notes and plans as a page anyone can read, in their language."""
    from hechting.accounts.readable import readable_html

    data = export_data(user=user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(
                {"exported_at": timezone.now(), "models": data},
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
                indent=2,
            ),
        )
        for label, rows in data.items():
            archive.writestr(f"csv/{label}.csv", _csv(rows))
        archive.writestr("hechting.html", readable_html(user=user, language=language))
    return buffer.getvalue()


def _sessions_of(user: User) -> list[str]:
    keys = []
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            keys.append(session.session_key)
    return keys


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Delete the person and every row that belongs to them, the farthest rows first.

    Rows are deleted explicitly rather than trusting on_delete, because a nullable foreign key
    with SET_NULL would otherwise leave a person's answers behind, unlinked but still there.
    Rows shared with someone else (DETACH) lose only this person; the access log (KEEP) stays.
    Links end first, so the other people are told.
    """
    from hechting.links.services import end_all

    end_all(user=user)
    for owned in sorted(owned_models(), key=lambda o: -o.depth):
        if owned.on_deletion == KEEP:
            continue
        if owned.on_deletion == DETACH:
            manager = owned.model._default_manager
            for name in owned.user_fields():
                manager.filter(**{name: user.pk}).update(**{name: None})
            owned.orphans().delete()
            continue
        if owned.depth > 0:
            owned.model._default_manager.filter(
                pk__in=list(owned.rows(user).values_list("pk", flat=True))
            ).delete()
    Session.objects.filter(session_key__in=_sessions_of(user)).delete()
    user.delete()


@transaction.atomic
def claim_anonymous_assessments(*, user: User, session: SessionBase) -> int:
    """Attach the questionnaires this browser took anonymously to `user`; returns how many.

    The assessments app keeps {assessment id: resume token} in the session. Only assessments
    that belong to nobody yet are taken: never someone else's.
    """
    ids = []
    for key in session.get(SESSION_KEY) or {}:
        try:
            ids.append(uuid.UUID(str(key)))
        except ValueError:
            continue
    if not ids:
        return 0
    return Assessment.objects.filter(pk__in=ids, user__isnull=True).update(user=user)


def request_signup(
    *, email: str, password: str, next_url: str, language: str, request: HttpRequest
) -> None:
    """E-mail a confirmation link, or, for an address that has an account, a note saying so.

    Both paths hash a password and send one e-mail, so neither the page nor its timing tells
    whether the address has an account.
    """
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        make_password(password)  # the same work as a new sign-up
        context = {
            "login_url": mail.absolute(reverse("accounts:login"), request),
            "reset_url": mail.absolute(reverse("accounts:password_reset"), request),
        }
        mail.send(
            to=email, template="accounts/email/signup_exists", context=context, language=language
        )
        return
    token = secrets.token_urlsafe(32)
    PendingSignup.objects.create(
        email=email,
        password=make_password(password),
        token_hash=PendingSignup.hash(token),
        next_url=next_url,
    )
    link = mail.absolute(reverse("accounts:signup_confirm", kwargs={"token": token}), request)
    mail.send(
        to=email,
        template="accounts/email/signup_confirm",
        context={"link": link, "days": SIGNUP_LINK_AGE.days},
        language=language,
    )


def pending_signup(token: str) -> PendingSignup | None:
    cutoff = timezone.now() - SIGNUP_LINK_AGE
    return PendingSignup.objects.filter(
        token_hash=PendingSignup.hash(token), created__gte=cutoff
    ).first()


@transaction.atomic
def confirm_signup(*, token: str) -> tuple[User | None, str]:
    """Create the account of a valid link; (None, "") when the link is unknown, used or old,
    or when the address got an account in the meantime. Each link works once."""
    PendingSignup.objects.filter(created__lt=timezone.now() - SIGNUP_LINK_AGE).delete()
    pending = (
        PendingSignup.objects.select_for_update()
        .filter(token_hash=PendingSignup.hash(token))
        .first()
    )
    if pending is None:
        return None, ""
    PendingSignup.objects.filter(email__iexact=pending.email).delete()
    user = User(email=pending.email, password=pending.password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the address has an account already
        return None, ""
    return user, pending.next_url
