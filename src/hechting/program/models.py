"""The program's exercises: every entry belongs to one person and is dated.

All free text is an EncryptedTextField: the database holds only ciphertext.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hechting.program.fields import EncryptedTextField


def _range(low: int, high: int) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


class Entry(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Sent with the "new entry" form: a second submit of the same form updates, never duplicates.
    token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token"], name="%(app_label)s_%(class)s_unique_token"
            )
        ]

    def __str__(self) -> str:
        # Never the text itself: __str__ ends up in logs and admin pages.
        return f"{self._meta.verbose_name} {self.pk} ({self.created_at:%Y-%m-%d})"


class LifeEvent(Entry):
    """Step 1: a key experience on the life line."""

    age = models.PositiveSmallIntegerField(_("age at the time"), validators=_range(0, 120))
    what_happened = EncryptedTextField(_("what happened"))
    concluded_then = EncryptedTextField(
        _("what I concluded then (the childhood decision)"),
        blank=True,
        help_text=_("For example: “I must not be a burden” or “I have to do it alone”."),
    )
    feel_now = EncryptedTextField(_("what I feel about it now"), blank=True)

    class Meta(Entry.Meta):
        ordering = ["age", "created_at", "pk"]


class SupportPerson(Entry):
    """Step 2: a person on the support map, with the ECR-RS answered for them."""

    class Role(models.TextChoices):
        PARTNER = "partner", _("partner")
        MOTHER = "mother", _("mother (or mother figure)")
        FATHER = "father", _("father (or father figure)")
        BEST_FRIEND = "best_friend", _("best friend")
        OTHER = "other", _("someone else")

    role = models.CharField(_("who is this"), max_length=20, choices=Role.choices)
    name = EncryptedTextField(
        _("name or description"),
        blank=True,
        help_text=_("Only you see this, for example “aunt Els” or “my therapist”."),
    )
    # ECR-RS answers, items 1..9 in order, each 1..7 (see hechting.program.instruments).
    responses = models.JSONField(_("ECR-RS answers"), default=list)

    class Meta(Entry.Meta):
        ordering = ["created_at", "pk"]

    def display_name(self) -> str:
        return self.name or str(self.get_role_display())


class SelfEsteemEntry(Entry):
    """Step 3: the Rosenberg scale plus a reflection on making oneself bigger or smaller."""

    responses = models.JSONField(_("Rosenberg answers"), default=list)  # items 1..10, each 1..4
    bigger = EncryptedTextField(
        _("where I make myself bigger (more independent, invulnerable) than I am"), blank=True
    )
    smaller = EncryptedTextField(
        _("where I make myself smaller (more dependent) than I am"), blank=True
    )


class TriggerEntry(Entry):
    """Step 4: one moment in the trigger and pattern journal."""

    class Window(models.TextChoices):
        WITHIN = "within", _("within my window of tolerance")
        ABOVE = "above", _("above it: restless, tense, overwhelmed")
        BELOW = "below", _("below it: numb, empty, shut down")

    class Strategy(models.TextChoices):
        CLING = "cling", _("holding on, seeking reassurance")
        PLEASE = "please", _("adapting, pleasing, putting my needs aside")
        WITHDRAW = "withdraw", _("withdrawing, keeping my distance")
        ALONE = "alone", _("doing it all alone, not asking for help")
        CONTROL = "control", _("controlling, checking")
        ATTACK = "attack", _("getting angry, attacking")
        FREEZE = "freeze", _("freezing, going numb")
        OTHER = "other", _("something else")

    class Need(models.TextChoices):
        CONNECT = "connect", _("to connect")
        PROTECT = "protect", _("to protect myself")
        UNSURE = "unsure", _("I don't know yet")

    happened_on = models.DateField(_("date"), default=timezone.localdate)
    situation = EncryptedTextField(_("the situation"))
    trigger = EncryptedTextField(
        _("what triggered me"), help_text=_("Use the same words each time to see it recur.")
    )
    body_signals = EncryptedTextField(_("body signals"), blank=True)
    window = models.CharField(_("window of tolerance"), max_length=10, choices=Window.choices)
    what_i_did = EncryptedTextField(_("what I did"), blank=True)
    strategy = models.CharField(_("which old strategy"), max_length=10, choices=Strategy.choices)
    needed = models.CharField(_("what I needed"), max_length=10, choices=Need.choices)
    next_time = EncryptedTextField(_("what I want to try next time"), blank=True)

    class Meta(Entry.Meta):
        ordering = ["-happened_on", "-created_at", "-pk"]


class RiskStep(Entry):
    """Step 5: a rung on the ladder of small risks."""

    step = EncryptedTextField(_("the small risk"))
    expected = models.PositiveSmallIntegerField(
        _("expected tension (0–10)"), validators=_range(0, 10)
    )
    done = models.BooleanField(_("I did it"), default=False)
    actual = models.PositiveSmallIntegerField(
        _("actual tension (0–10)"), null=True, blank=True, validators=_range(0, 10)
    )
    learned = EncryptedTextField(_("what I learned"), blank=True)

    class Meta(Entry.Meta):
        ordering = ["expected", "created_at", "pk"]


class VisualisationNote(Entry):
    """Notes after the guided visualisation of a securely attached person."""

    figure = EncryptedTextField(_("who I pictured"), blank=True)
    body = EncryptedTextField(_("what I noticed in my body and breath"), blank=True)
    notes = EncryptedTextField(_("what was different, looking through their eyes"), blank=True)


class ThemeCheckin(Entry):
    """A check-in on the four relational themes, 1 (hard) .. 7 (going well)."""

    trust = models.PositiveSmallIntegerField(_("trust"), validators=_range(1, 7))
    attunement = models.PositiveSmallIntegerField(_("attunement"), validators=_range(1, 7))
    autonomy = models.PositiveSmallIntegerField(_("autonomy"), validators=_range(1, 7))
    connection = models.PositiveSmallIntegerField(_("connection"), validators=_range(1, 7))
    note = EncryptedTextField(_("note"), blank=True)

    THEMES = ("trust", "attunement", "autonomy", "connection")
