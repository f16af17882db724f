"""The consented link: invitation once and expiring, both accept, scopes per direction, stop at
once with a notice, the one read gate that checks and logs, and account deletion."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.utils import timezone

from hechting.accounts import services as account_services
from hechting.links import access, queries, services
from hechting.links.models import AccessLog, Link, Notice
from program_factories import make_ecr, make_entries, make_link, make_user

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anna():
    return make_user("anna@example.org")


@pytest.fixture
def bram():
    return make_user("bram@example.org")


def test_it_links_two_people_by_private_link(anna, bram):
    r = _as(anna).post("/samen/uitnodigen/", {"scopes": ["style"]})
    link = Link.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/samen/{link.pk}/"
    page = _as(anna)
    page.post("/samen/uitnodigen/", {"scopes": ["style"]})
    shown = page.get(f"/samen/{Link.objects.first().pk}/").content.decode()
    assert "/samen/uitnodiging/" in shown and "-" in shown
    invitation = services.invite(inviter=anna, scopes=["style"])
    url = f"/samen/uitnodiging/{invitation.token}/"
    as_bram = _as(bram)
    assert b"anna@example.org" in as_bram.get(url).content
    r = as_bram.post(url, {"token": invitation.token, "action": "accept", "scopes": ["results"]})
    link = Link.objects.get(pk=invitation.link.pk)
    assert r.status_code == 302 and link.is_active and link.invitee == bram
    assert link.inviter_scopes == ["style"] and link.invitee_scopes == ["results"]
    assert Notice.objects.filter(recipient=anna, kind="accepted", link_number=link.pk).exists()
    # Works once: the same link again is a 404 page, for Bram and for anyone else.
    assert as_bram.get(url).status_code == 404
    assert _as(make_user("carla@example.org")).get(url).status_code == 404


def test_it_links_by_code_typed_in_any_case(anna, bram):
    invitation = services.invite(inviter=anna, scopes=["style", "results"])
    typed = invitation.code.lower().replace("-", " ")
    as_bram = _as(bram)
    r = as_bram.post("/samen/code/", {"code": typed})
    assert r.status_code == 200 and b"anna@example.org" in r.content
    as_bram.post("/samen/code/", {"code": typed, "action": "accept", "scopes": ["style"]})
    assert Link.objects.get().is_active
    r = as_bram.post("/samen/code/", {"code": typed})
    assert b"anna@example.org" not in r.content  # used


def test_it_refuses_an_expired_invitation(anna, bram):
    invitation = services.invite(inviter=anna, scopes=["style"])
    Link.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    url = f"/samen/uitnodiging/{invitation.token}/"
    r = _as(bram).post(url, {"token": invitation.token, "action": "accept", "scopes": []})
    assert r.status_code == 404 and not Link.objects.get().is_active
    assert services.find_invitation(code=invitation.code) is None


def test_it_limits_wrong_codes(bram):
    as_bram = _as(bram)
    for _ in range(10):
        assert as_bram.post("/samen/code/", {"code": "AAAA-AAAA"}).status_code == 200
    assert as_bram.post("/samen/code/", {"code": "AAAA-AAAA"}).status_code == 429


def test_it_does_not_let_you_accept_your_own_invitation(anna):
    invitation = services.invite(inviter=anna, scopes=["style"])
    with pytest.raises(services.LinkError):
        services.accept(link=invitation.link, invitee=anna, scopes=[])
    assert Link.objects.get().status == Link.Status.INVITED


def test_it_records_a_decline_and_tells_the_inviter(anna, bram):
    invitation = services.invite(inviter=anna, scopes=["style"])
    url = f"/samen/uitnodiging/{invitation.token}/"
    _as(bram).post(url, {"token": invitation.token, "action": "decline"})
    link = Link.objects.get()
    assert link.status == Link.Status.DECLINED and link.invitee is None
    assert Notice.objects.filter(recipient=anna, kind="declined").exists()


def test_it_reads_through_the_gate_only_with_the_scope_and_logs_each_read(anna, bram):
    make_ecr(anna, keyed=4)
    link = make_link(anna, bram, scopes=("style",))

    def read(subject):
        return queries.latest_ecr(subject)

    got = access.read_through_link(
        viewer_id=bram.pk, link_id=link.pk, scope="style", what="latest ECR result", read=read
    )
    assert got is not None and got.user == anna
    row = AccessLog.objects.get()
    assert (row.viewer_id, row.subject_id, row.link_id, row.scope, row.allowed) == (
        bram.pk,
        anna.pk,
        link.pk,
        "style",
        True,
    )
    assert row.what == f"latest ECR result [assessments.assessment:{got.pk}]"
    with pytest.raises(access.NoAccess):
        access.read_through_link(
            viewer_id=bram.pk, link_id=link.pk, scope="results", what="x", read=read
        )
    assert AccessLog.objects.filter(allowed=False, scope="results").count() == 1
    stranger = make_user("carla@example.org")
    with pytest.raises(access.NoAccess):
        access.read_through_link(
            viewer_id=stranger.pk, link_id=link.pk, scope="style", what="x", read=read
        )
    assert AccessLog.objects.count() == 2  # a stranger's attempt names no link of theirs


def test_it_ends_sharing_at_once_and_tells_the_other(anna, bram):
    make_ecr(anna, keyed=4)
    link = make_link(anna, bram)
    as_bram = _as(bram)
    assert as_bram.get(f"/samen/{link.pk}/partner/").status_code == 200
    r = _as(anna).post(f"/samen/{link.pk}/stoppen/")
    assert r.status_code == 302
    r = as_bram.get(f"/samen/{link.pk}/partner/")
    assert r.status_code == 404 and b"anna@example.org" not in r.content
    page = as_bram.get("/samen/").content.decode()
    assert "anna@example.org" in page  # the notice names who stopped
    assert not queries.unread_notices(bram.pk).exists()  # shown once
    assert Link.objects.get().ended_by == anna


def test_it_changes_scopes_with_immediate_effect(anna, bram):
    make_ecr(anna, keyed=4)
    link = make_link(anna, bram)
    as_bram = _as(bram)
    assert b'id="results-title"' in as_bram.get(f"/samen/{link.pk}/partner/").content
    _as(anna).post(f"/samen/{link.pk}/", {"scopes": ["style"]})
    r = as_bram.get(f"/samen/{link.pk}/partner/")
    assert b'id="results-title"' not in r.content and b'id="style-title"' in r.content


def test_it_never_offers_program_entries_or_journal_as_a_scope(anna, bram):
    link = services.invite(inviter=anna, scopes=["style", "journal", "program"]).link
    assert link.inviter_scopes == ["style"]


def test_the_access_log_is_append_only(anna, bram):
    link = make_link(anna, bram)
    access.read_through_link(
        viewer_id=bram.pk, link_id=link.pk, scope="style", what="x", read=queries.latest_ecr
    )
    row = AccessLog.objects.get()
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        AccessLog.objects.all().update(what="y")
    with pytest.raises(TypeError):
        AccessLog.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_on_the_access_log(anna, bram):
    link = make_link(anna, bram)
    access.read_through_link(
        viewer_id=bram.pk, link_id=link.pk, scope="style", what="x", read=queries.latest_ecr
    )
    for sql in ("UPDATE links_accesslog SET what = 'y'", "DELETE FROM links_accesslog"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AccessLog.objects.get().what == "x"


def test_deleting_one_account_ends_the_link_and_keeps_the_others_data(anna, bram):
    make_ecr(anna, keyed=4)
    bram_ecr, _token = make_ecr(bram, keyed=2)
    make_entries(bram, marker="Bramswoord")
    link = make_link(anna, bram)
    account_services.delete_account(user=anna)
    link.refresh_from_db()
    assert link.status == Link.Status.ENDED and link.inviter is None and link.invitee == bram
    assert Notice.objects.filter(recipient=bram, kind="deleted").exists()
    assert bram_ecr.__class__.objects.filter(pk=bram_ecr.pk).exists()
    assert _as(bram).get(f"/samen/{link.pk}/partner/").status_code == 404
    # When Bram goes too, nobody is left in the link and the row goes.
    account_services.delete_account(user=bram)
    assert not Link.objects.exists()


def test_the_export_holds_the_link_and_the_access_log_of_both_people(anna, bram):
    link = make_link(anna, bram)
    access.read_through_link(
        viewer_id=bram.pk, link_id=link.pk, scope="style", what="x", read=queries.latest_ecr
    )
    for person in (anna, bram):
        data = account_services.export_data(user=person)
        assert [row["id"] for row in data["links.link"]] == [link.pk]
        assert len(data["links.accesslog"]) == 1
