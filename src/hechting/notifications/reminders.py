"""Scheduling and sending reminders: the one mechanism every app uses.

    schedule(user=..., kind="retake", due_at=..., key="retake:7:<uuid>", payload={"path": ...})
        creates the reminder once (the same key again is a no-op); None if not subscribed.
    cancel(user=..., kind=...)            cancels pending reminders of a kind
    subscribe / unsubscribe(user=..., kind=...)
    send_due()                            what `hechting manage send_reminders` runs

Sending is at most once per reminder, also with several runs at the same time: a run sends only
the rows its own conditional UPDATE claimed, and a claimed row is never claimed again. A run
killed between handing a message to the mail server and recording it leaves the row claimed and
unsent; `send_due` reports such rows as stuck instead of guessing (see `release_stuck`).
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from hechting.accounts.models import User
from hechting.notifications import mail
from hechting.notifications.kinds import KINDS
from hechting.notifications.models import Reminder, Subscription

BATCH = 100
MAX_ATTEMPTS = 5
RETRY_AFTER = dt.timedelta(minutes=30)
STUCK_AFTER = dt.timedelta(hours=1)
UNSUBSCRIBE_SALT = "hechting.notifications.unsubscribe"


def now() -> dt.datetime:
    """The clock of this module (tests freeze it)."""
    return timezone.now()


def is_subscribed(*, user: User, kind: str) -> bool:
    return Subscription.objects.filter(user=user, kind=kind).exists()


def schedule(
    *,
    user: User,
    kind: str,
    due_at: dt.datetime,
    key: str,
    payload: dict[str, Any] | None = None,
    language: str | None = None,
) -> Reminder | None:
    """The reminder with this key, created if new; None when the person has not opted in.

    The language is the one the person subscribed in, unless given.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown reminder kind {kind!r}; register it in notifications.kinds")
    subscription = Subscription.objects.filter(user=user, kind=kind).first()
    if KINDS[kind].opt_in and subscription is None:
        return None
    language = language or (subscription.language if subscription else "nl")
    reminder, _created = Reminder.objects.get_or_create(
        key=key,
        defaults={
            "user": user,
            "kind": kind,
            "due_at": due_at,
            "payload": payload or {},
            "language": language,
        },
    )
    return reminder


def cancel(*, user: User, kind: str, keep_key: str | None = None) -> int:
    """Cancel the pending reminders of `kind` for `user` (all but `keep_key`); returns how many."""
    pending = Reminder.objects.filter(
        user=user, kind=kind, sent_at__isnull=True, cancelled_at__isnull=True, claimed_at=None
    )
    if keep_key is not None:
        pending = pending.exclude(key=keep_key)
    return pending.update(cancelled_at=now())


@transaction.atomic
def subscribe(*, user: User, kind: str, language: str = "nl") -> None:
    Subscription.objects.update_or_create(user=user, kind=kind, defaults={"language": language})


@transaction.atomic
def unsubscribe(*, user: User, kind: str) -> None:
    Subscription.objects.filter(user=user, kind=kind).delete()
    cancel(user=user, kind=kind)


def unsubscribe_token(*, user: User, kind: str) -> str:
    """A token for a one-click unsubscribe link; it never expires (old e-mails keep working)."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[User, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u")).first()
    if user is None or data.get("k") not in KINDS:
        return None
    return user, data["k"]


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int
    cancelled: int
    stuck: int


def _deliver(reminder: Reminder) -> None:
    kind = KINDS[reminder.kind]
    unsubscribe = mail.absolute(
        reverse(
            "notifications:unsubscribe",
            kwargs={"token": unsubscribe_token(user=reminder.user, kind=reminder.kind)},
        )
    )
    path = reminder.payload.get("path")
    mail.send(
        to=reminder.user.email,
        template=kind.template,
        context={
            "reminder": reminder,
            "payload": reminder.payload,
            "link": mail.absolute(path) if path else mail.absolute("/"),
            "unsubscribe_url": unsubscribe,
        },
        language=reminder.language,
        # RFC 8058: mail programs show an unsubscribe button that POSTs to this address.
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _still_wanted(reminder: Reminder) -> bool:
    user = reminder.user
    if not user.is_active or reminder.kind not in KINDS:
        return False
    return not KINDS[reminder.kind].opt_in or is_subscribed(user=user, kind=reminder.kind)


def send_due(*, batch: int = BATCH) -> SendReport:
    """Send every reminder due now that no run has claimed; returns what happened."""
    run = uuid.uuid4().hex
    sent = failed = cancelled = 0
    while True:
        started = now()
        due = Reminder.objects.filter(
            due_at__lte=started, sent_at=None, cancelled_at=None, claimed_at=None
        )
        candidates = _candidates(due, batch)
        if not candidates:
            break
        # The claim: one conditional UPDATE. A row another run claimed first no longer matches
        # (PostgreSQL re-checks the condition after waiting for that run's row lock).
        due.filter(pk__in=candidates).update(claimed_at=started, claimed_by=run)
        mine = Reminder.objects.filter(pk__in=candidates, claimed_by=run, sent_at=None)
        for reminder in mine.select_related("user"):
            if not _still_wanted(reminder):
                Reminder.objects.filter(pk=reminder.pk).update(cancelled_at=now())
                cancelled += 1
                continue
            try:
                _deliver(reminder)
            except Exception as exc:  # noqa: BLE001  (any backend error: retry later)
                failed += 1
                _release_after_failure(reminder, exc)
                continue
            Reminder.objects.filter(pk=reminder.pk).update(sent_at=now())
            sent += 1
    stuck = Reminder.objects.filter(
        sent_at=None, cancelled_at=None, claimed_at__lt=now() - STUCK_AFTER
    ).count()
    return SendReport(sent=sent, failed=failed, cancelled=cancelled, stuck=stuck)


def _candidates(due: "QuerySet[Reminder]", batch: int) -> list[int]:
    return list(due.values_list("pk", flat=True)[:batch])


def _release_after_failure(reminder: Reminder, exc: Exception) -> None:
    """The mail server refused: nothing was sent, so try again later (a few times)."""
    attempts = reminder.attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:200]
    changes: dict[str, Any] = {"attempts": attempts, "last_error": error}
    if attempts >= MAX_ATTEMPTS:
        changes["cancelled_at"] = now()
    else:
        changes.update(claimed_at=None, claimed_by="", due_at=now() + RETRY_AFTER * attempts)
    Reminder.objects.filter(pk=reminder.pk).update(**changes)


def release_stuck() -> int:
    """Make stuck reminders (claimed over an hour ago, not recorded as sent) sendable again.

    Only after checking the mail server's log that they were not delivered: otherwise a
    person gets the same e-mail twice.
    """
    return Reminder.objects.filter(
        sent_at=None, cancelled_at=None, claimed_at__lt=now() - STUCK_AFTER
    ).update(claimed_at=None, claimed_by="")
