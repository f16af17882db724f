from django import forms
from django.utils.translation import gettext_lazy as _


class LinkMailForm(forms.Form):
    """An address used once, to send the private link; never stored."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
