"""What two linked partners keep together: a repair log and check-ins about their relationship.

Each person's own words are their own rows (OWNED_THROUGH the author): exported and deleted
with that person alone. The other person reads them only through hechting.links.access.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hechting.links.models import Link
from hechting.program.fields import EncryptedTextField
from hechting.program.models import Entry


class Repair(models.Model):
    """One rupture and its repair, shared by the two people of a link (either may add one).

    The shared facts: when, briefly what, who reached out, how, and how long it took. How it
    felt is each person's own RepairPart.
    """

    class Side(models.TextChoices):
        INVITER = "inviter", _("the one who sent the invitation")
        INVITEE = "invitee", _("the one who accepted it")
        BOTH = "both", _("both of us")
        NOT_YET = "", _("not yet")

    class How(models.TextChoices):
        TALK = "talk", _("we talked it through")
        MESSAGE = "message", _("a message")
        TOUCH = "touch", _("a hug or a touch")
        GESTURE = "gesture", _("a small gesture")
        APOLOGY = "apology", _("an apology")
        HUMOUR = "humour", _("humour, a light moment")
        OTHER = "other", _("something else")

    # Shared: losing one person keeps the row for the other (see accounts.ownership).
    ON_ACCOUNT_DELETION = "detach"

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    happened_on = models.DateField(_("when did it happen"), default=timezone.localdate)
    summary = EncryptedTextField(
        _("what happened, briefly"),
        help_text=_("A few neutral words you can both recognise, without blame."),
    )
    reached_out = models.CharField(
        _("who reached out first"), max_length=8, choices=Side.choices, blank=True
    )
    how = models.CharField(_("how"), max_length=8, choices=How.choices, blank=True)
    hours_to_repair = models.DecimalField(
        _("how long until you felt connected again (hours)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24 * 90)],
        help_text=_("For example 0.5 for half an hour, 24 for a day. Empty: not repaired yet."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Sent with the "new" form: a second submit of the same form updates, never duplicates.
    token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-happened_on", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["link", "token"], name="together_repair_token")
        ]

    def __str__(self) -> str:
        return f"repair {self.pk} ({self.happened_on})"

    @property
    def repaired(self) -> bool:
        return self.hours_to_repair is not None


class RepairPart(models.Model):
    """How one person experienced one rupture and its repair: theirs alone, encrypted."""

    OWNED_THROUGH = ("author",)

    repair = models.ForeignKey(Repair, on_delete=models.CASCADE, related_name="parts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    felt = EncryptedTextField(_("how it was for me"), blank=True)
    helped = EncryptedTextField(_("what helped me to reconnect"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["repair", "author"], name="together_one_part_each")
        ]

    def __str__(self) -> str:
        return f"part of repair {self.repair_id}"


def _scale() -> list:
    return [MinValueValidator(1), MaxValueValidator(7)]


class CoupleCheckin(models.Model):
    """One person's check-in on the four relational themes about this relationship, 1..7."""

    OWNED_THROUGH = ("author",)
    THEMES = ("trust", "attunement", "autonomy", "connection")

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    trust = models.PositiveSmallIntegerField(_("trust"), validators=_scale())
    attunement = models.PositiveSmallIntegerField(_("attunement"), validators=_scale())
    autonomy = models.PositiveSmallIntegerField(_("autonomy"), validators=_scale())
    connection = models.PositiveSmallIntegerField(_("connection"), validators=_scale())
    note = EncryptedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["author", "token"], name="together_checkin_token")
        ]

    def __str__(self) -> str:
        return f"couple check-in {self.pk} ({self.created_at:%Y-%m-%d})"


class ChildReflection(Entry):
    """A parent's reflection on the four S's with one child: words only, never a score.

    Hechting computes nothing about a child: a parent's questionnaire cannot tell how securely
    a child is attached, so there are no numbers here to add up.
    """

    child = EncryptedTextField(
        _("which child"),
        blank=True,
        help_text=_("A name or nickname; only you see it."),
    )
    safe = EncryptedTextField(
        _("Safe: a moment my child could count on me, or when I repaired after a rupture"),
        blank=True,
    )
    seen = EncryptedTextField(
        _("Seen: a moment I understood what was going on behind my child's behaviour"),
        blank=True,
    )
    soothed = EncryptedTextField(
        _("Soothed: a moment I helped my child calm down"),
        blank=True,
    )
    secure = EncryptedTextField(
        _("Secure: what my child can predict about me, day after day"),
        blank=True,
    )
    next_step = EncryptedTextField(_("one small thing I want to try this week"), blank=True)


class ParentRepair(Entry):
    """The mismatch-and-repair diary: a moment of missing each other, and finding each other."""

    class Repaired(models.TextChoices):
        YES = "yes", _("yes, we found each other again")
        PARTLY = "partly", _("partly")
        NOT_YET = "not_yet", _("not yet — I can still come back to it")

    happened_on = models.DateField(_("date"), default=timezone.localdate)
    what_happened = EncryptedTextField(_("the mismatch: what happened between us"))
    noticed = EncryptedTextField(_("how I noticed it, in my child or in myself"), blank=True)
    repair = EncryptedTextField(_("how I reconnected, or how I want to"), blank=True)
    repaired = models.CharField(_("repaired?"), max_length=8, choices=Repaired.choices)

    class Meta(Entry.Meta):
        ordering = ["-happened_on", "-created_at", "-pk"]
