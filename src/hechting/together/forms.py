from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hechting.program.forms import EntryForm
from hechting.together.models import (
    ChildReflection,
    CoupleCheckin,
    ParentRepair,
    Repair,
    RepairPart,
)

SCALE = [(n, str(n)) for n in range(1, 8)]


class RepairForm(forms.ModelForm):
    """The shared facts of a repair. `reached_out` is offered relative to the person filling in
    ("I did", "my partner did") and stored as the link side."""

    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Repair
        fields = ["happened_on", "summary", "reached_out", "how", "hours_to_repair"]
        widgets = {
            "happened_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 2, "cols": 30}),
            "reached_out": forms.RadioSelect,
            "how": forms.RadioSelect,
        }

    def __init__(self, *args: Any, my_side: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        other = "invitee" if my_side == "inviter" else "inviter"
        reached_out, how = self.fields["reached_out"], self.fields["how"]
        assert isinstance(reached_out, forms.ChoiceField) and isinstance(how, forms.ChoiceField)
        reached_out.choices = [
            (my_side, _("I did")),
            (other, _("my partner did")),
            ("both", _("both of us, at about the same time")),
            ("", _("nobody yet")),
        ]
        how.choices = [c for c in Repair.How.choices if c[0] != ""]


class RepairPartForm(forms.ModelForm):
    class Meta:
        model = RepairPart
        fields = ["felt", "helped"]
        widgets = {
            "felt": forms.Textarea(attrs={"rows": 3, "cols": 30}),
            "helped": forms.Textarea(attrs={"rows": 2, "cols": 30}),
        }


class CoupleCheckinForm(forms.ModelForm):
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CoupleCheckin
        fields = ["trust", "attunement", "autonomy", "connection", "note"]
        widgets = {
            theme: forms.RadioSelect(choices=SCALE, attrs={"class": "scale"})
            for theme in CoupleCheckin.THEMES
        } | {"note": forms.Textarea(attrs={"rows": 2, "cols": 30})}
        help_texts = dict.fromkeys(CoupleCheckin.THEMES, _("1 = hard right now, 7 = going well"))


class ChildReflectionForm(EntryForm):
    class Meta:
        model = ChildReflection
        fields = ["child", "safe", "seen", "soothed", "secure", "next_step"]


class ParentRepairForm(EntryForm):
    class Meta:
        model = ParentRepair
        fields = ["happened_on", "what_happened", "noticed", "repair", "repaired"]
        widgets = {
            "happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "repaired": forms.RadioSelect,
        }
