"""Reminders: opt-in, scheduled once per key, sent exactly once by `send_reminders` (also when two
runs overlap on PostgreSQL), stopped by a one-click unsubscribe."""

import datetime as dt
import re
import threading
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client

import program_factories
from hechting.notifications import reminders
from hechting.notifications.models import Reminder, Subscription
from hechting.web.settings import email_settings
from program_factories import make_ecr, make_user

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    """A frozen clock for the reminders module; `clock.now = ...` moves it."""

    class Clock:
        now = NOW

    monkeypatch.setattr(reminders, "now", lambda: Clock.now)
    return Clock


def _run() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def _due(user, key: str, *, at: dt.datetime = NOW, kind: str = "retake") -> Reminder:
    reminders.subscribe(user=user, kind=kind)
    reminder = reminders.schedule(
        user=user, kind=kind, due_at=at, key=key, payload={"path": "/test/start/ecr/adaptive/"}
    )
    assert reminder is not None
    return reminder


@pytest.mark.django_db
def test_it_schedules_only_for_people_who_opted_in_and_once_per_key(clock):
    user = make_user("a@example.org")
    assert reminders.schedule(user=user, kind="retake", due_at=NOW, key="k1") is None
    reminders.subscribe(user=user, kind="retake")
    first = reminders.schedule(user=user, kind="retake", due_at=NOW, key="k1")
    again = reminders.schedule(
        user=user, kind="retake", due_at=NOW + dt.timedelta(days=9), key="k1"
    )
    assert first is not None and again is not None and first.pk == again.pk
    assert Reminder.objects.count() == 1 and again.due_at == NOW
    with pytest.raises(ValueError, match="Unknown reminder kind"):
        reminders.schedule(user=user, kind="nonsense", due_at=NOW, key="k2")


@pytest.mark.django_db
def test_run_twice_in_a_row_sends_each_due_reminder_exactly_once(clock):
    users = [make_user(f"p{n}@example.org") for n in range(5)]
    for n, user in enumerate(users):
        _due(user, f"due-{n}", at=NOW - dt.timedelta(minutes=n))
    _due(users[0], "later", at=NOW + dt.timedelta(minutes=1))
    assert _run() == "sent=5 failed=0 cancelled=0 stuck=0"
    assert _run() == "sent=0 failed=0 cancelled=0 stuck=0"
    assert sorted(m.to[0] for m in mail.outbox) == [u.email for u in users]
    clock.now = NOW + dt.timedelta(minutes=1)
    assert _run() == "sent=1 failed=0 cancelled=0 stuck=0"
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
    assert len(mail.outbox) == 6


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_due_reminder_exactly_once(clock, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent runs are checked on PostgreSQL (set DATABASE_URL)")
    users = [make_user(f"p{n}@example.org") for n in range(40)]
    for n, user in enumerate(users):
        _due(user, f"due-{n}")
    # Both runs read the same candidates before either claims: the worst interleaving.
    barrier = threading.Barrier(2, timeout=20)
    original = reminders._candidates
    first_call: set[int] = set()
    first_reads: list[list[int]] = []

    def candidates(due, batch):
        found = original(due, batch)
        if threading.get_ident() not in first_call:
            first_call.add(threading.get_ident())
            first_reads.append(found)
            barrier.wait()
        return found

    monkeypatch.setattr(reminders, "_candidates", candidates)
    outputs: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            outputs.append(_run())
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    sent = [int(re.search(r"sent=(\d+)", out).group(1)) for out in outputs]
    assert sum(sent) == 40, outputs
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    assert all(len(found) == 40 for found in first_reads), first_reads
    monkeypatch.setattr(reminders, "_candidates", original)
    assert _run() == "sent=0 failed=0 cancelled=0 stuck=0"


@pytest.mark.django_db
def test_one_click_unsubscribe_stops_the_reminders(clock):
    user = make_user("a@example.org")
    _due(user, "one")
    _due(user, "two", at=NOW + dt.timedelta(days=1))
    _run()
    message = mail.outbox[0]
    url = re.search(r"<(http://[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    path = url.removeprefix("http://127.0.0.1:8000")
    mail_program = Client(enforce_csrf_checks=True)  # RFC 8058: a POST without our cookies
    assert mail_program.get(path).status_code == 200  # a link scanner's GET changes nothing
    assert Subscription.objects.filter(user=user).exists()
    r = mail_program.post(path, {"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200 and "geen e-mails meer" in r.content.decode()
    assert not Subscription.objects.filter(user=user).exists()
    clock.now = NOW + dt.timedelta(days=2)
    assert _run() == "sent=0 failed=0 cancelled=0 stuck=0"
    assert len(mail.outbox) == 1
    assert Client().get(path[:-5] + "xxxx/").status_code == 404


@pytest.mark.django_db
def test_a_reminder_whose_person_unsubscribed_meanwhile_is_cancelled_not_sent(clock):
    user = make_user("a@example.org")
    reminder = _due(user, "one")
    Subscription.objects.filter(user=user).delete()  # e.g. removed by another process
    assert _run() == "sent=0 failed=0 cancelled=1 stuck=0"
    reminder.refresh_from_db()
    assert reminder.cancelled_at == NOW and not mail.outbox


@pytest.mark.django_db
def test_a_refused_mail_is_retried_later_and_sent_once(clock, settings, monkeypatch):
    user = make_user("a@example.org")
    reminder = _due(user, "one")

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert _run() == "sent=0 failed=1 cancelled=0 stuck=0"
    reminder.refresh_from_db()
    assert reminder.attempts == 1 and "mail server down" in reminder.last_error
    assert reminder.due_at == NOW + reminders.RETRY_AFTER
    monkeypatch.undo()
    monkeypatch.setattr(reminders, "now", lambda: NOW + reminders.RETRY_AFTER)
    assert _run() == "sent=1 failed=0 cancelled=0 stuck=0"
    assert _run() == "sent=0 failed=0 cancelled=0 stuck=0"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_interrupted_run_is_reported_and_never_resent_by_itself(clock):
    user = make_user("a@example.org")
    reminder = _due(user, "one")
    # A run that claimed the row and died before recording the send.
    Reminder.objects.filter(pk=reminder.pk).update(claimed_at=NOW, claimed_by="dead")
    clock.now = NOW + dt.timedelta(hours=2)
    assert _run() == "sent=0 failed=0 cancelled=0 stuck=1"
    out = StringIO()
    call_command("send_reminders", "--release-stuck", stdout=out, stderr=StringIO())
    assert out.getvalue().split() == ["released=1", "sent=1", "failed=0", "cancelled=0", "stuck=0"]


@pytest.mark.django_db
def test_retake_reminders_are_opt_in_and_follow_the_latest_result(clock, client):
    user = make_user("a@example.org")
    first, _token = make_ecr(user, keyed=3)
    clock.now = first.completed + dt.timedelta(days=1)
    client.force_login(user)
    assert _run() == "sent=0 failed=0 cancelled=0 stuck=0"
    assert not Reminder.objects.exists()  # nothing without opting in
    r = client.post("/herinneringen/", {"kind": ["retake"]}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 302
    reminder = Reminder.objects.get()
    assert reminder.kind == "retake" and reminder.due_at == first.completed + dt.timedelta(weeks=6)
    second, _token = make_ecr(user, keyed=2)  # a retake moves the reminder
    _run()
    pending = Reminder.objects.filter(sent_at=None, cancelled_at=None).get()
    assert pending.due_at == second.completed + dt.timedelta(weeks=6)
    assert Reminder.objects.filter(cancelled_at__isnull=False).count() == 1
    clock.now = pending.due_at
    assert _run() == "sent=1 failed=0 cancelled=0 stuck=0"
    assert "/test/start/ecr/adaptive/" in mail.outbox[0].body
    assert client.post("/herinneringen/", {}).status_code == 302  # all boxes off
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_reminders_are_written_in_the_language_chosen_when_subscribing(clock, client):
    user = make_user("a@example.org")
    make_ecr(user, keyed=3)
    client.force_login(user)
    client.cookies["django_language"] = "en"
    client.post("/herinneringen/", {"kind": ["retake", "checkin"]})
    assert set(Subscription.objects.values_list("language", flat=True)) == {"en"}
    program_factories.make_entries(user)  # includes a check-in: the check-in reminder moves
    clock.now = NOW + dt.timedelta(weeks=60)
    assert _run() == "sent=2 failed=0 cancelled=0 stuck=0"
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Hechting: time to take the attachment test again",
        "Hechting: your weekly check-in is due",
    ]


def test_email_settings_come_from_one_url():
    assert email_settings("")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = email_settings("smtp://mailer:p%40ss@mail.example.org")
    assert smtp["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"]) == ("mail.example.org", 587)
    assert (smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"]) == ("mailer", "p@ss")
    assert (smtp["EMAIL_USE_TLS"], smtp["EMAIL_USE_SSL"]) == (True, False)
    smtps = email_settings("smtps://mail.example.org")
    assert (smtps["EMAIL_PORT"], smtps["EMAIL_USE_TLS"], smtps["EMAIL_USE_SSL"]) == (
        465,
        False,
        True,
    )
    with pytest.raises(ValueError, match="HECHTING_EMAIL_URL must look like"):
        email_settings("http://mail.example.org")
