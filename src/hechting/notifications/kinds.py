"""The kinds of reminder e-mail. An app adds its own with `register` (in its AppConfig.ready)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    name: str  # stored in Reminder.kind and Subscription.kind; never rename
    label: str | Promise  # what a person subscribes to, e.g. on the account page
    template: str  # e-mail templates: `<template>_subject.txt` and `<template>.txt`
    opt_in: bool = True  # sent only while the person has a Subscription of this kind


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if KINDS.get(kind.name, kind) != kind:
        raise ValueError(f"Reminder kind {kind.name!r} is already registered differently")
    KINDS[kind.name] = kind
    return kind


RETAKE = register(
    Kind(
        "retake",
        _("Remind me by e-mail to take the attachment test again, 6 weeks after my last one"),
        "notifications/email/retake",
    )
)
CHECKIN = register(
    Kind(
        "checkin",
        _("Remind me by e-mail when my weekly check-in is due"),
        "notifications/email/checkin",
    )
)
