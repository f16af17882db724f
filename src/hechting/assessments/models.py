import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_token(token: str) -> str:
    """Only this hash is stored: a leaked database does not open anyone's answers."""
    return hashlib.sha256(token.encode()).hexdigest()


class Assessment(models.Model):
    """One sitting of one questionnaire. Anonymous unless linked to a user later."""

    class Instrument(models.TextChoices):
        ECR = "ecr", _("Experiences in Close Relationships (ECR)")
        RQ = "rq", _("Relationship Questionnaire (RQ)")
        RSES = "rses", _("Rosenberg Self-Esteem Scale (RSES)")

    class Mode(models.TextChoices):
        ADAPTIVE = "adaptive", _("adaptive")
        FULL = "full", _("all questions")

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    instrument = models.CharField(max_length=8, choices=Instrument.choices)
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.FULL)
    language = models.CharField(max_length=8, default="nl")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    created = models.DateTimeField(auto_now_add=True)
    completed = models.DateTimeField(null=True, blank=True)
    # The result as scored at completion (psychometrics.results ... .to_json()), written in the
    # same transaction as the last answer and the status; a recalibration never changes it.
    result = models.JSONField(null=True, blank=True, editable=False)
    # Results kept beside it by `hechting manage rescore`, oldest first: {"at", "kind", "result"}.
    rescores = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(instrument__in=["ecr", "rq", "rses"]),
                name="assessment_known_instrument",
            ),
            models.CheckConstraint(
                condition=models.Q(mode="full") | models.Q(instrument="ecr"),
                name="assessment_adaptive_only_for_ecr",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}/{self.mode} {self.id}"

    def new_token(self) -> str:
        """Set a fresh secret token and return it; only its hash is kept."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token

    def has_token(self, token: str) -> bool:
        return secrets.compare_digest(self.token_hash, hash_token(token))

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.COMPLETED


class Answer(models.Model):
    """One answer to one item. Re-answering updates this row, never adds another."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=16)
    value = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_answer_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item}={self.value}"
