"""Writes for the couple's shared pages, each in one transaction."""

import uuid

from django.db import transaction

from hechting.accounts.models import User
from hechting.links.models import Link
from hechting.together.forms import CoupleCheckinForm, RepairForm, RepairPartForm
from hechting.together.models import CoupleCheckin, Repair


def side_of(link: Link, user: User) -> str:
    return "inviter" if link.inviter_id == user.pk else "invitee"


@transaction.atomic
def save_repair(
    *,
    link: Link,
    user: User,
    form: RepairForm,
    part_form: RepairPartForm,
    token: uuid.UUID | None = None,
) -> Repair:
    """Save the shared facts and this person's own part (both forms valid; for a resubmitted
    "new" form the view passes the row that token already made, so nothing is duplicated)."""
    repair = form.save(commit=False)
    if repair.pk is None:
        repair.link, repair.created_by, repair.token = link, user, token
    repair.save()
    part = part_form.save(commit=False)
    part.repair, part.author = repair, user
    part.save()
    return repair


@transaction.atomic
def save_checkin(
    *, link: Link, user: User, form: CoupleCheckinForm, token: uuid.UUID | None = None
) -> CoupleCheckin:
    checkin = form.save(commit=False)
    if checkin.pk is None:
        checkin.link, checkin.author, checkin.token = link, user, token
    checkin.save()
    return checkin
