from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hechting.accounts.models import User
from hechting.notifications import mail


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
        # No "this address already has an account": the answer goes by e-mail to the address.
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def validate_unique(self) -> None:
        """Skipped on purpose: uniqueness is checked when the e-mailed link is used."""


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


PASSWORD_HELP = _(
    "At least 8 characters; not a common password, not only digits, and not too much "
    "like your email address."
)


class NewPasswordForm(SetPasswordForm):
    """Django's new-password form in Hechting's informal words (Django's Dutch says "uw")."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = _("New password again")
        self.fields["new_password2"].help_text = _("Type the same password again.")


class ResetForm(PasswordResetForm):
    """Django's password reset, sent through Hechting's one mail function (same sender, footer)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, object],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        mail.send(
            to=to_email,
            template="accounts/email/password_reset",
            context=context,
            language="nl" if (get_language() or "nl").startswith("nl") else "en",
        )
