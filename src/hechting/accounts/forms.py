from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from hechting.accounts.models import User


class SignupForm(BaseUserCreationForm):
    """Email and password; the email is the login name."""

    class Meta:
        model = User
        fields = ("email",)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email", autofocus=True)
        # Our own words, informal like the rest of Hechting (Django's Dutch says "uw").
        self.fields["password1"].help_text = _(
            "At least 8 characters; not a common password, not only digits, and not too much "
            "like your email address."
        )
        self.fields["password2"].help_text = _("Type the same password again.")

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("There is already an account with this email address."))
        return email


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    remember = forms.BooleanField(
        label=_("Keep me signed in on this device"),
        required=False,
        help_text=_("Without this, you are signed out when you close the browser."),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, data: QueryDict | None = None) -> None:
        self.user = user
        super().__init__(data)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."))
        return password
