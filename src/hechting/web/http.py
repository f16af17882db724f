"""Request types for the type checker."""

from django.http import HttpRequest
from django.utils.functional import Promise

from hechting.accounts.models import User

# Text that may still be lazy (gettext_lazy), as django-stubs' StrOrPromise.
StrOrPromise = str | Promise


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind ``@login_required``: its user is signed in."""

    user: User
