from django import forms
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from hechting.program import instruments
from hechting.program.models import (
    LifeEvent,
    RiskStep,
    SelfEsteemEntry,
    SupportPerson,
    ThemeCheckin,
    TriggerEntry,
    VisualisationNote,
)


class EntryForm(forms.ModelForm):
    """Short text areas; a hidden token makes a double submit update instead of duplicate."""

    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        instance: models.Model | None = None,
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, instance=instance, initial=initial)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.update(rows=3, cols=30)
            if isinstance(field.widget, forms.RadioSelect) and hasattr(field, "choices"):
                # Radios need no "---------" choice: nothing ticked is already "no answer".
                field.choices = [(k, v) for k, v in field.choices if k != ""]


class ItemsForm(EntryForm):
    """Adds one radio question per instrument item; answers are stored as a list on `responses`."""

    instrument: str

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        instance: models.Model | None = None,
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, instance=instance, initial=initial)
        items = instruments.items(self.instrument)
        previous = list(getattr(self.instance, "responses", None) or [])
        self.translation_note = instruments.translation_note(self.instrument)
        # Scales with words at the ends only (ECR-RS 1..7) are a row of numbers with the
        # anchors above; fully labelled scales (RSES) list their words.
        compact = not instruments.fully_labelled(self.instrument)
        for number, item in enumerate(items, start=1):
            name = f"item_{number}"
            self.fields[name] = forms.TypedChoiceField(
                label=f"{number}. {item.text}",
                help_text=instruments.anchors(self.instrument) if compact else "",
                choices=item.choices,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale"} if compact else {}),
            )
            if number <= len(previous) and previous[number - 1] is not None:
                self.initial[name] = previous[number - 1]
        self.item_count = len(items)

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{n}"] for n in range(1, self.item_count + 1)]

    def other_fields(self) -> list[forms.BoundField]:
        return [bf for bf in self.visible_fields() if not bf.name.startswith("item_")]

    def save_items(self) -> None:
        answers = [self.cleaned_data[f"item_{n}"] for n in range(1, self.item_count + 1)]
        self.instance.responses = answers


class LifeEventForm(EntryForm):
    class Meta:
        model = LifeEvent
        fields = ["age", "what_happened", "concluded_then", "feel_now"]
        widgets = {"age": forms.NumberInput(attrs={"min": 0, "max": 120, "inputmode": "numeric"})}


class SupportPersonForm(ItemsForm):
    instrument = "ecr-rs"

    class Meta:
        model = SupportPerson
        fields = ["role", "name"]
        widgets = {
            "role": forms.RadioSelect,
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("role") == SupportPerson.Role.OTHER and not data.get("name", "").strip():
            self.add_error("name", _("Write down who this is, so you can recognise them."))
        return data

    def save(self, commit: bool = True) -> SupportPerson:
        self.save_items()
        return super().save(commit)


class SelfEsteemForm(ItemsForm):
    instrument = "rses"

    class Meta:
        model = SelfEsteemEntry
        fields = ["bigger", "smaller"]

    def save(self, commit: bool = True) -> SelfEsteemEntry:
        self.save_items()
        return super().save(commit)


class TriggerForm(EntryForm):
    class Meta:
        model = TriggerEntry
        fields = [
            "happened_on",
            "situation",
            "trigger",
            "body_signals",
            "window",
            "what_i_did",
            "strategy",
            "needed",
            "next_time",
        ]
        widgets = {
            "happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "trigger": forms.TextInput(attrs={"autocomplete": "off"}),
            "window": forms.RadioSelect,
            "strategy": forms.RadioSelect,
            "needed": forms.RadioSelect,
        }


class RiskStepForm(EntryForm):
    class Meta:
        model = RiskStep
        fields = ["step", "expected", "done", "actual", "learned"]
        widgets = {
            "expected": forms.NumberInput(attrs={"min": 0, "max": 10, "inputmode": "numeric"}),
            "actual": forms.NumberInput(attrs={"min": 0, "max": 10, "inputmode": "numeric"}),
        }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("done") and data.get("actual") is None:
            self.add_error("actual", _("You did it: how tense was it, from 0 to 10?"))
        if not data.get("done") and data.get("actual") is not None:
            self.add_error("done", _("Tick “I did it” to record how tense it actually was."))
        return data


class VisualisationNoteForm(EntryForm):
    class Meta:
        model = VisualisationNote
        fields = ["figure", "body", "notes"]


THEME_CHOICES = [(n, str(n)) for n in range(1, 8)]


class ThemeCheckinForm(EntryForm):
    class Meta:
        model = ThemeCheckin
        fields = ["trust", "attunement", "autonomy", "connection", "note"]
        widgets = {
            theme: forms.RadioSelect(choices=THEME_CHOICES, attrs={"class": "scale"})
            for theme in ThemeCheckin.THEMES
        }
        help_texts = {
            theme: _("1 = hard right now, 7 = going well") for theme in ThemeCheckin.THEMES
        }
