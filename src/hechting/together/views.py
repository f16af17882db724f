"""The couple's pages under /samen/<link>/: only for the two people of an active link; the
other person's own words are read through hechting.links.access (checked and logged)."""

import contextlib
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hechting.assessments import services as assessment_services
from hechting.links import access
from hechting.links import queries as link_queries
from hechting.links.models import Link, Scope
from hechting.program.exercises import EXERCISES
from hechting.reports.plots import style_names
from hechting.reports.report import ReportData, build_report_data
from hechting.together import couple, plots, services
from hechting.together.forms import CoupleCheckinForm, RepairForm, RepairPartForm
from hechting.together.models import (
    ChildReflection,
    CoupleCheckin,
    ParentRepair,
    Repair,
    RepairPart,
)
from hechting.web.http import AuthenticatedRequest


def _token(request: AuthenticatedRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return None


def _other_email(link: Link, me: int) -> str:
    return link_queries.email_of(link.other_id(me)) or ""


def _their(link: Link, me: int, scope: str, what: str, read: Any) -> Any:
    """The other person's rows for this page, through the gate; None when not shared."""
    if not access.granted(viewer_id=me, link_id=link.pk, scope=scope):
        return None
    return access.read_through_link(
        viewer_id=me, link_id=link.pk, scope=scope, what=what, read=read
    )


@login_required
def repairs(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    me = request.user.pk
    link = access.active_link(viewer_id=me, link_id=pk)
    rows = list(Repair.objects.filter(link=link))
    mine = {p.repair_id: p for p in RepairPart.objects.filter(repair__link=link, author_id=me)}
    theirs = _their(
        link,
        me,
        Scope.REPAIRS,
        "repair log parts",
        lambda subject: list(RepairPart.objects.filter(repair__link=link, author=subject)),
    )
    their_parts = {p.repair_id: p for p in theirs or []}
    my_side = services.side_of(link, request.user)
    weeks = plots.repairs_by_week(rows)
    context = {
        "link": link,
        "other": _other_email(link, me),
        "rows": [
            {
                "repair": r,
                "mine": mine.get(r.pk),
                "theirs": their_parts.get(r.pk),
                "reached_out": _reached_out(r.reached_out, my_side),
            }
            for r in rows
        ],
        "shared": theirs is not None,
        "weeks": weeks,
        "plot": plots.repairs_svg(weeks) if rows else "",
    }
    return render(request, "together/repairs.html", context)


def _reached_out(value: str, my_side: str) -> str:
    if value == my_side:
        return _("you")
    if value == "both":
        return _("both of you")
    if value:
        return _("your partner")
    return _("nobody yet")


@login_required
def repair_edit(request: AuthenticatedRequest, pk: int, rid: int | None = None) -> HttpResponse:
    me = request.user.pk
    link = access.active_link(viewer_id=me, link_id=pk)
    token = _token(request) if rid is None else None
    if rid is not None:
        repair = Repair.objects.filter(link=link, pk=rid).first()
        if repair is None:
            raise Http404
    else:
        repair = Repair.objects.filter(link=link, token=token).first() if token else None
    part = RepairPart.objects.filter(repair=repair, author_id=me).first() if repair else None
    data = request.POST if request.method == "POST" else None
    side = services.side_of(link, request.user)
    form = RepairForm(data, instance=repair, my_side=side, initial={"token": uuid.uuid4()})
    part_form = RepairPartForm(data, instance=part)
    if data is not None and form.is_valid() and part_form.is_valid():
        # The same "new" form twice at the same moment: the first one is kept.
        with contextlib.suppress(IntegrityError):
            services.save_repair(
                link=link, user=request.user, form=form, part_form=part_form, token=token
            )
        messages.success(request, _("Saved."))
        return redirect("together:repairs", pk=pk)
    context = {"link": link, "form": form, "part_form": part_form, "repair": repair}
    return render(request, "together/repair_form.html", context)


@login_required
def checkins(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    me = request.user.pk
    link = access.active_link(viewer_id=me, link_id=pk)
    token = _token(request)
    existing = CoupleCheckin.objects.filter(author_id=me, token=token).first() if token else None
    form = CoupleCheckinForm(
        request.POST if request.method == "POST" else None,
        instance=existing,
        initial={"token": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        with contextlib.suppress(IntegrityError):
            services.save_checkin(link=link, user=request.user, form=form, token=token)
        messages.success(request, _("Saved."))
        return redirect("together:checkins", pk=pk)
    mine = list(CoupleCheckin.objects.filter(link=link, author_id=me))
    theirs = _their(
        link,
        me,
        Scope.CHECKINS,
        "couple check-ins",
        lambda subject: list(CoupleCheckin.objects.filter(link=link, author=subject)),
    )
    labels = {
        t: str(getattr(CoupleCheckin._meta.get_field(t), "verbose_name", t))
        for t in CoupleCheckin.THEMES
    }
    timeline = sorted(
        [("you", c) for c in mine] + [("partner", c) for c in theirs or []],
        key=lambda pair: pair[1].created_at,
    )
    context = {
        "link": link,
        "other": _other_email(link, me),
        "form": form,
        "timeline": timeline,
        "shared": theirs is not None,
        "plot": plots.checkins_svg(mine, theirs or [], labels) if mine or theirs else "",
    }
    return render(request, "together/checkins.html", context)


@login_required
def parents(request: AuthenticatedRequest) -> HttpResponse:
    """For parents: the four S's with a child, and the mismatch-and-repair diary (private)."""
    context = {
        "reflections": ChildReflection.objects.filter(user=request.user),
        "repairs": ParentRepair.objects.filter(user=request.user),
        "reflection_exercise": EXERCISES["vier-s-kind"],
        "repair_exercise": EXERCISES["herstel-kind"],
    }
    return render(request, "together/parents.html", context)


def _report_data(assessment: Any) -> ReportData:
    return build_report_data(
        result=assessment_services.ecr_result_of(assessment),
        language=translation.get_language() or "nl",
        taken_at=assessment.completed or assessment.created,
        mode="full" if assessment.mode == "full" else "adaptive",
    )


def _couple_context(request: AuthenticatedRequest, pk: int) -> dict[str, Any]:
    """Both positions: mine directly, the other's through the gate (scope: results)."""
    me = request.user.pk
    link = access.active_link(viewer_id=me, link_id=pk)
    mine = link_queries.latest_ecr(request.user)
    theirs = _their(
        link, me, Scope.RESULTS, "latest ECR result (couple report)", link_queries.latest_ecr
    )
    other = _other_email(link, me)
    context: dict[str, Any] = {
        "link": link,
        "other": other,
        "mine": mine,
        "shared": theirs is not None
        or access.granted(viewer_id=me, link_id=pk, scope=Scope.RESULTS),
        "theirs": theirs,
        "start_url": reverse("assessments:start", kwargs={"instrument": "ecr", "mode": "adaptive"}),
        "names": style_names(),
    }
    if mine and theirs:
        reading = couple.read_couple(_report_data(mine), _report_data(theirs))
        people = [
            (_("you"), reading.me.anxiety, reading.me.avoidance),
            (other.split("@")[0], reading.them.anxiety, reading.them.avoidance),
        ]
        context["reading"] = reading
        context["plot"] = plots.couple_quadrant_svg(
            [(label, an.theta, an.se, av.theta, av.se) for label, an, av in people],
            anxiety_cut=reading.me.anxiety.cut_theta,
            avoidance_cut=reading.me.avoidance.cut_theta,
            title=_("Both of you on the two dimensions"),
            description=_(
                "Attachment avoidance from left to right, attachment anxiety from bottom to "
                "top; each dot is one of you, each ellipse the uncertainty of that position "
                "(95 per cent)."
            ),
        )
    return context


@login_required
def couple_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return render(request, "together/couple.html", _couple_context(request, pk))


@login_required
def couple_report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML

    context = _couple_context(request, pk)
    if "reading" not in context:
        raise Http404
    html = render_to_string("together/couple_pdf.html", context, request=request)
    # No base_url: the PDF never fetches anything over the network; the CSS is read from disk.
    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find("program/print.css"))])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="hechting-samen.pdf"'
    return response
