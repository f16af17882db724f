"""Writes on links: invite, answer, change scopes, stop. Keyword-only, one transaction each."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from hechting.accounts.models import User
from hechting.links.models import Link, Notice, Scope, hash_secret, normalise_code
from hechting.links.queries import member_of

INVITATION_DAYS = 7

# Which scopes each kind of link offers, and which are on unless the person turns them off.
PARTNER_SCOPES = (Scope.STYLE, Scope.RESULTS, Scope.REPAIRS, Scope.CHECKINS)
KIND_SCOPES: dict[str, tuple[str, ...]] = {Link.Kind.PARTNER: PARTNER_SCOPES}
# A couple's repair log and check-ins exist to be seen by both, so they start shared too.
DEFAULT_SCOPES: dict[str, tuple[str, ...]] = {Link.Kind.PARTNER: PARTNER_SCOPES}


class LinkError(Exception):
    """A request that cannot be done; `code` for tests, the view words it."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Invitation:
    link: Link
    token: str  # for the private link
    code: str  # the same invitation as a short code, e.g. "K7QM-3XPA"


def _clean_scopes(kind: str, scopes: list[str]) -> list[str]:
    allowed = KIND_SCOPES[kind]
    return [s for s in allowed if s in set(scopes)]


@transaction.atomic
def invite(*, inviter: User, scopes: list[str], kind: str = Link.Kind.PARTNER) -> Invitation:
    link = Link(
        kind=kind,
        inviter=inviter,
        inviter_scopes=_clean_scopes(kind, scopes),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    token, code = link.new_secrets()
    link.save()
    return Invitation(link, token, code)


def find_invitation(*, token: str = "", code: str = "") -> Link | None:
    """The open (unanswered, unexpired) invitation with this token or code, else None."""
    if token:
        link = Link.objects.filter(token_hash=hash_secret(token)).first()
    elif normalise_code(code):
        link = Link.objects.filter(code_hash=hash_secret(normalise_code(code))).first()
    else:
        return None
    return link if link is not None and link.is_open_invitation() else None


def _lock_open(link_id: int) -> Link:
    link = Link.objects.select_for_update().get(pk=link_id)
    if not link.is_open_invitation():
        raise LinkError("used_or_expired")
    return link


def _burn(link: Link) -> None:
    """An invitation works once: its secrets go the moment it is answered or withdrawn."""
    link.token_hash = link.code_hash = None
    link.answered_at = timezone.now()


@transaction.atomic
def accept(*, link: Link, invitee: User, scopes: list[str]) -> Link:
    link = _lock_open(link.pk)
    if link.inviter_id == invitee.pk:
        raise LinkError("own_invitation")
    if (
        Link.objects.filter(
            kind=link.kind, status=Link.Status.ACTIVE, inviter=link.inviter_id, invitee=invitee.pk
        ).exists()
        or Link.objects.filter(
            kind=link.kind, status=Link.Status.ACTIVE, inviter=invitee.pk, invitee=link.inviter_id
        ).exists()
    ):
        raise LinkError("already_linked")
    _burn(link)
    link.invitee = invitee
    link.invitee_scopes = _clean_scopes(link.kind, scopes)
    link.status = Link.Status.ACTIVE
    link.save()
    if link.inviter_id is not None:  # None only once the inviter has deleted their account
        Notice.objects.create(recipient_id=link.inviter_id, link_number=link.pk, kind="accepted")
    return link


@transaction.atomic
def decline(*, link: Link, invitee: User) -> Link:
    link = _lock_open(link.pk)
    if link.inviter_id == invitee.pk:
        raise LinkError("own_invitation")
    _burn(link)
    link.status = Link.Status.DECLINED
    link.save()
    if link.inviter_id is not None:
        Notice.objects.create(recipient_id=link.inviter_id, link_number=link.pk, kind="declined")
    return link


@transaction.atomic
def set_scopes(*, link: Link, user: User, scopes: list[str]) -> Link:
    link = Link.objects.select_for_update().get(pk=link.pk)
    if link.status not in (Link.Status.ACTIVE, Link.Status.INVITED):
        raise LinkError("not_active")
    cleaned = _clean_scopes(link.kind, scopes)
    if user.pk == link.inviter_id:
        link.inviter_scopes = cleaned
    elif user.pk == link.invitee_id:
        link.invitee_scopes = cleaned
    else:
        raise LinkError("not_a_member")
    link.save(update_fields=["inviter_scopes", "invitee_scopes"])
    return link


@transaction.atomic
def stop(*, link: Link, user: User, deleted: bool = False) -> Link:
    """End the link (or withdraw an open invitation) at once; the other person is told."""
    link = Link.objects.select_for_update().get(pk=link.pk)
    if not link.has_member(user.pk):
        raise LinkError("not_a_member")
    if link.status == Link.Status.INVITED:
        _burn(link)
        link.status = Link.Status.CANCELLED
    elif link.status == Link.Status.ACTIVE:
        link.status = Link.Status.ENDED
        other = link.other_id(user.pk)
        if other is not None:
            kind = Notice.Kind.DELETED if deleted else Notice.Kind.ENDED
            Notice.objects.create(recipient_id=other, link_number=link.pk, kind=kind)
    else:
        return link
    link.ended_at = timezone.now()
    link.ended_by = None if deleted else user
    link.save()
    return link


def end_all(*, user: User) -> int:
    """Before an account is deleted: end each of its links, telling the other people."""
    links = Link.objects.filter(status__in=[Link.Status.INVITED, Link.Status.ACTIVE]).filter(
        member_of(user.pk)
    )
    count = 0
    for link in links:
        stop(link=link, user=user, deleted=True)
        count += 1
    return count
