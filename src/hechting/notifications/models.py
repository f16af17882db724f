from django.conf import settings
from django.db import models


class Reminder(models.Model):
    """One e-mail due at a time, sent at most once.

    `key` makes scheduling idempotent (scheduling the same reminder twice keeps one row);
    `claimed_at`/`claimed_by` make sending exactly-once between concurrent runs of
    `send_reminders` (a run sends only rows its own conditional UPDATE claimed).
    """

    kind = models.CharField(max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    due_at = models.DateTimeField()
    language = models.CharField(max_length=8, default="nl")
    payload = models.JSONField(default=dict, blank=True)  # e.g. {"path": "/test/start/..."}
    key = models.CharField(max_length=200, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=models.Q(sent_at__isnull=True, cancelled_at__isnull=True),
                name="reminder_pending_by_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return self.sent_at is None and self.cancelled_at is None


class Subscription(models.Model):
    """A person's opt-in to one kind of reminder; unsubscribing deletes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(max_length=32)
    language = models.CharField(max_length=8, default="nl")  # of the page where it was chosen
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_subscription_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"
