"""The couple's repair log and check-ins, and the parents' pages."""

import uuid
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import models
from django.test import Client

from hechting.accounts import services as account_services
from hechting.links import services as link_services
from hechting.links.models import AccessLog, Link
from hechting.together import plots
from hechting.together.models import ChildReflection, CoupleCheckin, Repair, RepairPart
from program_factories import make_couple_rows, make_link, make_user

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def couple():
    anna, bram = make_user("anna@example.org"), make_user("bram@example.org")
    return anna, bram, make_link(anna, bram, scopes=("repairs", "checkins"))


def _repair_form(token: str, felt: str, **extra: str) -> dict[str, str]:
    return {
        "token": token,
        "happened_on": "2026-11-10",
        "summary": "the dishes",
        "reached_out": "invitee",
        "how": "talk",
        "hours_to_repair": "1.5",
        "felt": felt,
        "helped": "",
        **extra,
    }


def test_each_person_writes_their_own_part_of_one_repair(couple):
    anna, bram, link = couple
    token = str(uuid.uuid4())
    as_anna = _as(anna)
    for _ in range(2):  # a double submit of the same form
        r = as_anna.post(f"/samen/{link.pk}/herstel/nieuw/", _repair_form(token, "Annas kant"))
        assert r.status_code == 302
    repair = Repair.objects.get()
    assert (repair.reached_out, repair.hours_to_repair, repair.created_by) == (
        "invitee",
        Decimal("1.5"),
        anna,
    )
    as_bram = _as(bram)
    r = as_bram.post(f"/samen/{link.pk}/herstel/{repair.pk}/", _repair_form("", "Brams kant"))
    assert r.status_code == 302
    parts = {p.author.email: p.felt for p in RepairPart.objects.all()}
    assert parts == {"anna@example.org": "Annas kant", "bram@example.org": "Brams kant"}
    page = as_bram.get(f"/samen/{link.pk}/herstel/").content.decode()
    assert "Annas kant" in page and "Brams kant" in page
    assert "jij" in page  # Bram reached out ("invitee"), shown to Bram as "you"
    log = AccessLog.objects.get(viewer=bram)
    assert (log.subject, log.scope) == (anna, "repairs")


def test_the_other_part_stays_private_without_the_scope(couple):
    anna, bram, link = couple
    Link.objects.filter(pk=link.pk).update(inviter_scopes=[])
    make_couple_rows(link, anna, "Annasgeheim")
    page = _as(bram).get(f"/samen/{link.pk}/herstel/").content.decode()
    assert "Annasgeheim" not in page and "late again" in page  # the shared facts stay visible
    assert not AccessLog.objects.exists()
    page = _as(bram).get(f"/samen/{link.pk}/check-in/").content.decode()
    assert "Annasgeheim" not in page


def test_a_repair_is_reached_only_through_its_own_link(couple):
    anna, bram, link = couple
    carla = make_user("carla@example.org")
    other_link = make_link(anna, carla)
    repair = make_couple_rows(other_link, anna)["repair"]
    assert _as(bram).get(f"/samen/{link.pk}/herstel/{repair.pk}/").status_code == 404
    assert _as(anna).get(f"/samen/{link.pk}/herstel/{repair.pk}/").status_code == 404


def test_checkins_side_by_side(couple):
    anna, bram, link = couple
    data = {"trust": 5, "attunement": 3, "autonomy": 6, "connection": 4, "note": "Brams noot"}
    token = str(uuid.uuid4())
    for _ in range(2):
        assert (
            _as(bram).post(f"/samen/{link.pk}/check-in/", {**data, "token": token}).status_code
            == 302
        )
    assert CoupleCheckin.objects.filter(author=bram).count() == 1
    make_couple_rows(link, anna, "Annas noot")
    page = _as(anna).get(f"/samen/{link.pk}/check-in/").content.decode()
    assert "Brams noot" in page and "Annas noot" in page and "<svg" in page


def test_deleting_one_account_keeps_the_others_parts(couple):
    anna, bram, link = couple
    rows = make_couple_rows(link, anna, "Annas")
    RepairPart.objects.create(repair=rows["repair"], author=bram, felt="Brams deel")
    CoupleCheckin.objects.create(
        link=link, author=bram, trust=5, attunement=5, autonomy=5, connection=5
    )
    account_services.delete_account(user=anna)
    assert [p.felt for p in RepairPart.objects.all()] == ["Brams deel"]
    assert list(CoupleCheckin.objects.values_list("author", flat=True)) == [bram.pk]
    repair = Repair.objects.get()
    assert repair.created_by is None and repair.link_id == link.pk
    data = account_services.export_data(user=bram)
    assert [r["felt"] for r in data["together.repairpart"]] == ["Brams deel"]
    assert len(data["together.repair"]) == 1
    assert _as(bram).get(f"/samen/{link.pk}/herstel/").status_code == 404  # the link ended
    account_services.delete_account(user=bram)
    assert not Repair.objects.exists() and not RepairPart.objects.exists()


def test_an_export_holds_only_the_own_part(couple):
    anna, bram, link = couple
    rows = make_couple_rows(link, anna, "Annas")
    RepairPart.objects.create(repair=rows["repair"], author=bram, felt="Brams deel")
    text = str(account_services.export_data(user=anna))
    assert "Annas hurt" in text and "Brams deel" not in text


def test_repairs_per_week_counts_empty_weeks_and_takes_the_median():
    def r(day: date, hours: str | None) -> SimpleNamespace:
        return SimpleNamespace(happened_on=day, hours_to_repair=Decimal(hours) if hours else None)

    rows = plots.repairs_by_week(
        [
            r(date(2026, 11, 2), "1"),  # Monday of week 45
            r(date(2026, 11, 8), "3"),  # Sunday of week 45
            r(date(2026, 11, 4), None),  # not repaired yet: counted, not in the median
            r(date(2026, 11, 18), "24"),  # week 47; week 46 is empty
        ]
    )
    assert rows == [
        (date(2026, 11, 2), 3, 2.0),
        (date(2026, 11, 9), 0, None),
        (date(2026, 11, 16), 1, 24.0),
    ]
    svg = plots.repairs_svg(rows)
    assert svg.startswith("<svg") and 'role="img"' in svg and "style=" not in svg


def test_a_childs_reflection_has_no_number_to_score():
    numeric = (models.IntegerField, models.FloatField, models.DecimalField, models.JSONField)
    fields = [f.name for f in ChildReflection._meta.concrete_fields if isinstance(f, numeric)]
    assert fields == ["id", "user"] or fields == ["id"], fields


def test_the_parents_page_and_the_faq_answer(couple):
    anna, _bram, _link = couple
    as_anna = _as(anna)
    r = as_anna.post(
        "/groei/vier-s-kind/nieuw/", {"child": "Kim", "soothed": "Kims troost", "safe": ""}
    )
    assert r.status_code == 302 and r["Location"] == "/samen/ouders/"
    page = as_anna.get("/samen/ouders/").content.decode()
    assert "Kims troost" in page and "Getroost" in page and "goed genoeg ouderschap" in page
    faq = Client().get("/info/vragen/").content.decode()
    assert 'id="kind">Hoe weet ik of mijn kind veilig gehecht is?' in faq
    english = Client(headers={"accept-language": "en"})
    english.cookies["django_language"] = "en"
    english_faq = english.get("/info/vragen/").content.decode()
    assert "How do I know whether my child is securely attached?" in english_faq


def test_stopping_ends_the_couple_pages_at_once(couple):
    anna, bram, link = couple
    as_bram = _as(bram)
    assert as_bram.get(f"/samen/{link.pk}/check-in/").status_code == 200
    link_services.stop(link=link, user=anna)
    for suffix in ("herstel/", "herstel/nieuw/", "check-in/"):
        assert as_bram.get(f"/samen/{link.pk}/{suffix}").status_code == 404
