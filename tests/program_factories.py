"""One saved row of every user-owned model for a person, for access, export and deletion tests.

Loaded by tests/conftest.py before Django is set up, so models are imported inside functions.
"""

from datetime import date
from typing import Any

PASSWORD = "correct-Horse-battery-42"


def make_user(email: str = "owner@example.org") -> Any:
    from hechting.accounts.models import User

    return User.objects.create_user(email, PASSWORD)


def make_entries(user: Any, marker: str = "geheim") -> dict[str, Any]:
    """One entry per exercise kind (keys are the URL kinds); free text contains `marker`."""
    from hechting.program.models import (
        LifeEvent,
        RiskStep,
        SelfEsteemEntry,
        SupportPerson,
        ThemeCheckin,
        TriggerEntry,
        VisualisationNote,
    )
    from hechting.together.models import ChildReflection, ParentRepair

    return {
        "levenslijn": LifeEvent.objects.create(
            user=user,
            age=7,
            what_happened=f"{marker} moved house",
            concluded_then="alone",
            feel_now="sad",
        ),
        "mensen": SupportPerson.objects.create(
            user=user, role="other", name=f"{marker} aunt", responses=[2, 2, 2, 2, 3, 3, 1, 1, 2]
        ),
        "zelfbeeld": SelfEsteemEntry.objects.create(
            user=user,
            responses=[3, 3, 2, 3, 2, 3, 3, 2, 2, 2],
            bigger=f"{marker} at work",
            smaller="at home",
        ),
        "patronen": TriggerEntry.objects.create(
            user=user,
            happened_on=date(2026, 11, 1),
            situation=f"{marker} dinner",
            trigger="no reply",
            body_signals="tight chest",
            window="above",
            what_i_did="texted",
            strategy="cling",
            needed="connect",
            next_time="wait",
        ),
        "risicos": RiskStep.objects.create(
            user=user,
            step=f"{marker} ask for help",
            expected=7,
            done=True,
            actual=3,
            learned="ok",
        ),
        "visualisatie-notities": VisualisationNote.objects.create(
            user=user, figure="my teacher", body="calm", notes=f"{marker} notes"
        ),
        "check-ins": ThemeCheckin.objects.create(
            user=user, trust=3, attunement=4, autonomy=5, connection=2, note=f"{marker} note"
        ),
        "vier-s-kind": ChildReflection.objects.create(
            user=user, child="Kim", safe=f"{marker} stayed", seen="asked", soothed="held"
        ),
        "herstel-kind": ParentRepair.objects.create(
            user=user,
            happened_on=date(2026, 11, 2),
            what_happened=f"{marker} snapped at breakfast",
            noticed="her face",
            repair="said sorry",
            repaired="yes",
        ),
    }


def make_ecr(user: Any, keyed: int, mode: str = "full") -> tuple[Any, str]:
    """A completed ECR of `user` (all 36 items) whose keyed answers are all `keyed` (1..5):
    5 = as anxious and avoidant as the scale goes, 1 = as secure. Returns (assessment, token)."""
    from hechting.assessments import services
    from hechting.psychometrics.instruments import load_instrument

    started = services.start_assessment(
        instrument="ecr", mode=mode, language="nl", user_id=user.pk if user else None
    )
    for item in load_instrument("ecr").items:
        value = 6 - keyed if item.reverse else keyed
        services.record_answer(assessment=started.assessment, item=item.id, value=value)
    started.assessment.refresh_from_db()
    return started.assessment, started.token


def make_ecr_profile(user: Any, *, anxiety: int, avoidance: int, mode: str = "full") -> Any:
    """A completed ECR whose keyed answers are `anxiety` on the anxiety items and `avoidance`
    on the avoidance items (1..5): (4, 2) reads anxious, (2, 4) avoidant, (2, 2) secure."""
    from hechting.assessments import services
    from hechting.psychometrics.instruments import load_instrument

    started = services.start_assessment(instrument="ecr", mode=mode, language="nl", user_id=user.pk)
    for item in load_instrument("ecr").items:
        keyed = anxiety if item.scale == "anxiety" else avoidance
        value = 6 - keyed if item.reverse else keyed
        services.record_answer(assessment=started.assessment, item=item.id, value=value)
    started.assessment.refresh_from_db()
    return started.assessment


def make_link(user: Any, partner: Any, scopes: tuple[str, ...] = ("style", "results")) -> Any:
    """An active partner link: `user` invited `partner`, who accepted; both share `scopes`."""
    from hechting.links import services

    invitation = services.invite(inviter=user, scopes=list(scopes))
    return services.accept(link=invitation.link, invitee=partner, scopes=list(scopes))


def make_everything(user: Any, marker: str = "geheim") -> dict[str, Any]:
    """A row in every user-owned model of the project (extend when an app adds one)."""
    from hechting.links import access, queries
    from hechting.links.models import Notice

    objects = make_entries(user, marker)
    objects["assessment"], objects["assessment_token"] = make_ecr(user, keyed=4)
    # A partner of their own (an address that does not contain the person's own).
    objects["partner"] = partner = make_user(f"partner.{user.pk}@example.net")
    objects["link"] = link = make_link(user, partner)
    access.read_through_link(  # an access log row: the person looked at the partner's results
        viewer_id=user.pk, link_id=link.pk, scope="results", what="test", read=queries.latest_ecr
    )
    objects["notice"] = Notice.objects.create(recipient=user, link_number=link.pk, kind="ended")
    objects.update(make_couple_rows(link, user, marker))
    return objects


def make_couple_rows(link: Any, author: Any, marker: str = "geheim") -> dict[str, Any]:
    """A repair with the author's own part, and a check-in about the relationship."""
    from hechting.together.models import CoupleCheckin, Repair, RepairPart

    repair = Repair.objects.create(
        link=link,
        created_by=author,
        happened_on=date(2026, 11, 3),
        summary="late again",
        reached_out="both",
        how="talk",
        hours_to_repair=2,
    )
    part = RepairPart.objects.create(repair=repair, author=author, felt=f"{marker} hurt")
    checkin = CoupleCheckin.objects.create(
        link=link, author=author, trust=4, attunement=3, autonomy=5, connection=4, note=marker
    )
    return {"repair": repair, "repair_part": part, "couple_checkin": checkin}
