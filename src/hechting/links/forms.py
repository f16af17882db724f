from django import forms
from django.utils.translation import gettext_lazy as _

from hechting.links.models import Scope
from hechting.links.services import DEFAULT_SCOPES, KIND_SCOPES


class ScopesForm(forms.Form):
    """What I let the other person see. Program entries and the journal are not on this list:
    they are never shared as a category, only one entry at a time."""

    scopes = forms.MultipleChoiceField(
        label=_("What the other person may see"),
        choices=[(s, Scope(s).label) for s in KIND_SCOPES["partner"]],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=list(DEFAULT_SCOPES["partner"]),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("Eight letters and digits, for example K7QM-3XPA."),
    )
