import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hechting.program import queries
from hechting.program.exercises import get_exercise
from hechting.program.models import ThemeCheckin, VisualisationNote
from hechting.program.visualisation import PAGES
from hechting.web import throttle
from hechting.web.http import AuthenticatedRequest


@login_required
def overview(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "program/overview.html", {"status": queries.program_status(request.user)}
    )


@login_required
def step(request: AuthenticatedRequest, number: int) -> HttpResponse:
    if number not in queries.STEP_KINDS:
        raise Http404
    context = queries.step_context(request.user, number)
    return render(request, f"program/step_{number}.html", {"number": number, **context})


@login_required
def entry_new(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    exercise = get_exercise(kind)
    existing = None
    if request.method == "POST":
        try:
            token = uuid.UUID(request.POST.get("token", ""))
        except ValueError:
            token = None
        if token:
            existing = exercise.model._default_manager.filter(
                user=request.user, token=token
            ).first()
    form = exercise.form(request.POST or None, instance=existing, initial={"token": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.user = request.user
        entry.token = form.cleaned_data.get("token")
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:  # the same form submitted twice at the same moment
            pass
        messages.success(request, _("Saved."))
        return redirect(exercise.page_url())
    return render(request, "program/entry_form.html", {"form": form, "exercise": exercise})


@login_required
def entry_edit(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    exercise = get_exercise(kind)
    entry = get_object_or_404(exercise.model, pk=pk, user=request.user)
    form = exercise.form(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes are saved."))
        return redirect(exercise.page_url())
    context = {"form": form, "exercise": exercise, "entry": entry}
    return render(request, "program/entry_form.html", context)


@login_required
def entry_delete(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    exercise = get_exercise(kind)
    entry = get_object_or_404(exercise.model, pk=pk, user=request.user)
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("Deleted."))
        return redirect(exercise.page_url())
    return render(request, "program/entry_delete.html", {"exercise": exercise, "entry": entry})


@login_required
def visualisation(request: AuthenticatedRequest, page: int = 0) -> HttpResponse:
    if not 0 <= page <= len(PAGES):
        raise Http404
    notes = VisualisationNote.objects.filter(user=request.user) if page in (0, len(PAGES)) else []
    context = {"page": page, "pages": PAGES, "count": len(PAGES), "notes": notes}
    if 1 <= page <= len(PAGES):
        context["current"] = PAGES[page - 1]
    return render(request, "program/visualisation.html", context)


@login_required
def checkins(request: AuthenticatedRequest) -> HttpResponse:
    entries = ThemeCheckin.objects.filter(user=request.user)
    context = {"entries": entries, **queries.checkin_context(request.user)}
    return render(request, "program/checkins.html", context)


def _progress(request: AuthenticatedRequest) -> dict[str, object]:
    from hechting.program import progress

    return {
        **progress.progress_context(request.user, request.GET),
        **queries.checkin_context(request.user),
        "status": queries.program_status(request.user),
        # The adaptive ECR; started while signed in, it belongs to the account at once.
        "start_url": reverse("assessments:start", args=["ecr", "adaptive"]),
    }


@login_required
def progress_page(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "program/progress.html", _progress(request))


@login_required
def progress_pdf(request: AuthenticatedRequest) -> HttpResponse:
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML

    verdict = throttle.hit(throttle.rule("pdf"), throttle.person(request))
    if not verdict.allowed:  # each PDF costs the server about half a second
        return throttle.too_many(request, verdict)
    context = {**_progress(request), "for_pdf": True}
    html = render_to_string("program/progress_pdf.html", context, request=request)
    # No base_url: the PDF never fetches anything over the network; the CSS is read from disk.
    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find("program/print.css"))])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="hechting-voortgang.pdf"'
    return response
