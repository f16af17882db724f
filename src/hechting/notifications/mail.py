"""The one way Hechting sends e-mail: a text message rendered in the recipient's language.

Backends come from settings (HECHTING_EMAIL_URL; console when unset, locmem in tests). Every
app sends through `send`, so subject lines, sender, footer and language work the same everywhere.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation


def absolute(path: str, request: HttpRequest | None = None) -> str:
    """A full link: from the request when there is one, else from HECHTING_BASE_URL (cron)."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.BASE_URL + path


def send(
    *,
    to: str,
    template: str,
    context: Mapping[str, Any],
    language: str,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Render `<template>_subject.txt` and `<template>.txt` in `language` and send one message.

    Raises whatever the backend raises (smtplib errors), so a caller can retry or report.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", {**context, "language": language})
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=dict(headers or {})
    )
    message.send(fail_silently=False)
