"""A link between two accounts with consented scopes, and the append-only log of reads through it.

One model serves every kind of link: partners now, a therapist and a client later. Each side
chooses what the other may see (its scopes); every read of the other person's data goes through
`hechting.links.access`, which checks the scopes and writes an AccessLog row.
"""

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Letters and digits that cannot be mistaken for each other when read aloud or typed over.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def hash_secret(secret: str) -> str:
    """Only this hash is stored: a leaked database opens no invitation."""
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


class Scope(models.TextChoices):
    """What one side lets the other see. Program entries and the journal are never a scope:
    they are only ever shared one entry at a time."""

    STYLE = "style", _("my attachment style in words")
    RESULTS = "results", _("my test results: both dimensions with their uncertainty")
    REPAIRS = "repairs", _("my own part in our repair log: how it was for me")
    CHECKINS = "checkins", _("my check-ins about our relationship")


class Link(models.Model):
    """Two accounts linked by invitation; both accepted. Scopes are per direction."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("partner")

    class Status(models.TextChoices):
        INVITED = "invited", _("invited, waiting for an answer")
        ACTIVE = "active", _("active")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("invitation withdrawn")
        ENDED = "ended", _("ended")

    # Shared by two people: deleting one account forgets that person here (NULL) and ends the
    # link; the row goes once nobody is left (see hechting.accounts.ownership).
    ON_ACCOUNT_DELETION = "detach"

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PARTNER)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INVITED)
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What each side lets the other see: lists of Scope values.
    inviter_scopes = models.JSONField(default=list)
    invitee_scopes = models.JSONField(default=list)
    # NULL once the invitation is answered: unique among open ones, any number of used ones.
    token_hash = models.CharField(max_length=64, null=True, unique=True, editable=False)  # noqa: DJ001
    code_hash = models.CharField(max_length=64, null=True, unique=True, editable=False)  # noqa: DJ001
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="active")
                | models.Q(inviter__isnull=False, invitee__isnull=False),
                name="links_active_link_has_two_people",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} link {self.pk} ({self.status})"

    def new_secrets(self) -> tuple[str, str]:
        """Set a fresh private token and code; return them (only their hashes are kept)."""
        token = secrets.token_urlsafe(24)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        self.token_hash, self.code_hash = hash_secret(token), hash_secret(code)
        return token, f"{code[:4]}-{code[4:]}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def is_open_invitation(self, now: datetime | None = None) -> bool:
        return self.status == self.Status.INVITED and self.expires_at > (now or timezone.now())

    def has_member(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in (self.inviter_id, self.invitee_id)

    def other_id(self, user_id: int) -> int | None:
        return self.invitee_id if user_id == self.inviter_id else self.inviter_id

    def scopes_of(self, user_id: int | None) -> list[str]:
        """What `user_id` lets the other side see."""
        if user_id is None:
            return []
        if user_id == self.inviter_id:
            return list(self.inviter_scopes)
        if user_id == self.invitee_id:
            return list(self.invitee_scopes)
        return []


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: object) -> int:
        raise TypeError("The access log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The access log is append-only.")


class AccessLog(models.Model):
    """One read of someone's data by someone else: who, whose, what, when, through which link
    and on which scope. Append-only (on PostgreSQL a trigger refuses UPDATE and DELETE).

    The people are kept as bare ids (no database constraint): when an account is deleted its
    log rows stay, naming nobody any more, so the other person's record of who looked stays whole.
    """

    ON_ACCOUNT_DELETION = "keep"

    at = models.DateTimeField(default=timezone.now, editable=False)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    link = models.ForeignKey(
        Link, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    link_kind = models.CharField(max_length=16)
    scope = models.CharField(max_length=16)
    what = models.CharField(max_length=200)
    allowed = models.BooleanField()

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject", "at"], name="links_accesslog_subject_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.viewer_id}->{self.subject_id} {self.what}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise TypeError("The access log is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]  # passed through unchanged

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("The access log is append-only.")


class Notice(models.Model):
    """A message for one person about a link ("your partner stopped sharing"), shown until read.

    It names the link only by number, never the other person, and belongs to its recipient only.
    """

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", _("accepted your invitation")
        DECLINED = "declined", _("declined your invitation")
        ENDED = "ended", _("stopped sharing")
        DELETED = "deleted", _("deleted their account")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    link_number = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"notice {self.kind} for link {self.link_number}"
