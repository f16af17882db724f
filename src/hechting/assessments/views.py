import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hechting.assessments import access, engine, services
from hechting.assessments.forms import LinkMailForm
from hechting.assessments.models import Assessment, hash_token
from hechting.notifications import mail
from hechting.psychometrics import results
from hechting.reports import report as reports
from hechting.web import throttle
from hechting.web.language import current_language as _language

# What a person can start from the home page, with the honest length of each.
OFFERS = {
    ("ecr", "adaptive"): {
        "title": _("Attachment in relationships — short adaptive test"),
        "length": _("About 2 minutes: around 10 questions, chosen one by one for you."),
    },
    ("ecr", "full"): {
        "title": _("Attachment in relationships — all 36 questions"),
        "length": _("About 6 minutes: all 36 questions of the ECR."),
    },
    ("rq", "full"): {
        "title": _("Four descriptions of relationships (RQ)"),
        "length": _("About 2 minutes: four short descriptions, then one choice."),
    },
    ("rses", "full"): {
        "title": _("Self-esteem (Rosenberg)"),
        "length": _("About 2 minutes: 10 questions."),
    },
}


RQ_PROMPT = _("How well does this description fit you?")


def _htmx(request: HttpRequest) -> bool:
    """An htmx swap wants a fragment; its history restore (the Back button) a full page."""
    headers = request.headers
    return bool(headers.get("HX-Request")) and not headers.get("HX-History-Restore-Request")


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, instrument: str, mode: str) -> HttpResponse:
    offer = OFFERS.get((instrument, mode))
    if offer is None:
        raise Http404
    if request.method == "POST":
        verdict = throttle.hit(throttle.rule("create-ip"), throttle.client_ip(request))
        if not verdict.allowed:
            return throttle.too_many(request, verdict)
        user_id = request.user.pk if request.user.is_authenticated else None
        started = services.start_assessment(
            instrument=instrument, mode=mode, language=_language(), user_id=user_id
        )
        access.remember(request, started.assessment, started.token)
        return redirect("assessments:current", pk=started.assessment.pk)
    ctx = {"offer": offer, "instrument": instrument, "mode": mode}
    return render(request, "assessments/start.html", ctx)


@require_GET
def resume(request: HttpRequest, token: str) -> HttpResponse:
    assessment = Assessment.objects.filter(token_hash=hash_token(token)).first()
    if assessment is None:
        raise Http404
    access.remember(request, assessment, token)
    # Redirect at once, so the secret link does not stay in the address bar.
    return redirect("assessments:current", pk=assessment.pk)


@require_GET
def current(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    assessment = access.get_owned(request, pk)
    answers = services.answers_of(assessment)
    step = services.current_step(assessment, answers)
    if step.done:
        return redirect("assessments:report", pk=pk)
    assert step.item is not None
    return _render_question(request, assessment, step.item, answers, step)


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, pk: uuid.UUID, item: str) -> HttpResponse:
    assessment = access.get_owned(request, pk)
    if engine.questionnaire(assessment.instrument).get(item) is None:
        raise Http404
    if assessment.is_done:
        return redirect("assessments:report", pk=pk)
    error = ""
    if request.method == "POST":
        try:
            step = services.record_answer(
                assessment=assessment, item=item, value=request.POST.get("value", "")
            )
        except services.AnswerError as exc:
            if exc.code == "completed":
                return redirect("assessments:report", pk=pk)
            error = str(_("Choose one of the answers to continue."))
        else:
            if step.done:
                url = reverse("assessments:report", kwargs={"pk": pk})
                if _htmx(request):
                    return HttpResponse(status=204, headers={"HX-Redirect": url})
                return redirect(url)
            if _htmx(request):
                answers = services.answers_of(assessment)
                assert step.item is not None
                response = _render_question(request, assessment, step.item, answers, step)
                # The address bar follows the question, so Back and reload work as expected.
                url = reverse("assessments:question", kwargs={"pk": pk, "item": step.item})
                response["HX-Push-Url"] = url
                return response
            return redirect("assessments:current", pk=pk)
    answers = services.answers_of(assessment)
    step = services.current_step(assessment, answers)
    if item not in answers and item != step.item:
        # Only answered items and the one being asked now can be shown.
        return redirect("assessments:current", pk=pk)
    status = 400 if error and not _htmx(request) else 200
    return _render_question(request, assessment, item, answers, step, error=error, status=status)


def _render_question(
    request: HttpRequest,
    assessment: Assessment,
    item: str,
    answers: dict[str, int],
    step: engine.Step,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    questionnaire = engine.questionnaire(assessment.instrument)
    question = questionnaire.get(item)
    assert question is not None
    order = list(answers)
    if item in answers:
        number = order.index(item) + 1
        back = order[number - 2] if number > 1 else None
    else:
        number = step.number
        back = order[-1] if order else None
    language = _language()
    token = access.resume_token(request, assessment)
    resume_url = (
        request.build_absolute_uri(reverse("assessments:resume", kwargs={"token": token}))
        if token
        else ""
    )
    ctx = {
        "assessment": assessment,
        "question": question,
        "text": question.text(language),
        "prompt": RQ_PROMPT if assessment.instrument == "rq" and question.kind == "rating" else "",
        "options": [(o.value, o.label(language)) for o in question.options],
        "selected": answers.get(item),
        "language": language,
        "number": number,
        "total": max(step.expected_total, number),
        "adaptive": assessment.mode == Assessment.Mode.ADAPTIVE,
        "percent": round(100 * step.progress),
        "back": back,
        "is_current": item == step.item,
        "first": not answers,
        "resume_url": resume_url,
        "error": error,
    }
    ctx["htmx"] = _htmx(request)
    template = "assessments/_question.html" if ctx["htmx"] else "assessments/question.html"
    return render(request, template, ctx, status=status)


def _finished(request: HttpRequest, pk: uuid.UUID) -> Assessment | None:
    assessment = access.get_owned(request, pk)
    return assessment if services.finish_if_done(assessment) else None


def _report_data(request: HttpRequest, assessment: Assessment) -> reports.ReportData:
    """The report of a stored ECR result, with this person's latest RQ and RSES if taken."""
    latest = access.owned(request).filter(status=Assessment.Status.COMPLETED)
    rq = rses = None
    if other := latest.filter(instrument="rq").order_by("-completed").first():
        rq = services.result_of(other)
    if other := latest.filter(instrument="rses").order_by("-completed").first():
        rses = services.result_of(other)
    return reports.build_report_data(
        result=services.ecr_result_of(assessment),
        language=_language(),
        taken_at=assessment.completed or assessment.created,
        mode="adaptive" if assessment.mode == Assessment.Mode.ADAPTIVE else "full",
        rq=rq if isinstance(rq, results.RqResult) else None,
        rses=rses if isinstance(rses, results.RsesResult) else None,
    )


@require_GET
def report(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    assessment = _finished(request, pk)
    if assessment is None:
        return redirect("assessments:current", pk=pk)
    if assessment.instrument == "ecr":
        pdf_url = reverse("assessments:report_pdf", kwargs={"pk": pk})
        return reports.render_report(request, _report_data(request, assessment), pdf_url=pdf_url)
    start_url = reverse("assessments:start", kwargs={"instrument": "ecr", "mode": "adaptive"})
    ctx: dict[str, object] = {
        "assessment": assessment,
        "start_url": start_url,
        "step3_url": reverse("program:step", kwargs={"number": 3}),
    }
    result = services.result_of(assessment)
    if isinstance(result, results.RqResult):
        ctx["rq"] = result
        chosen = engine.questionnaire("rq").get(result.choice or "")
        ctx["rq_choice_text"] = chosen.text(_language()) if chosen else ""
        if result.choice_style:
            from hechting.reports.plots import style_names

            ctx["rq_style_name"] = style_names()[result.choice_style]
    else:
        ctx["rses"] = result
    return render(request, "assessments/result.html", ctx)


@require_GET
def report_pdf(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    assessment = _finished(request, pk)
    if assessment is None or assessment.instrument != "ecr":
        raise Http404
    verdict = throttle.hit(throttle.rule("pdf"), throttle.person(request))
    if not verdict.allowed:  # each PDF costs the server about half a second
        return throttle.too_many(request, verdict)
    return reports.render_report_pdf(request, _report_data(request, assessment))


@require_GET
def export(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """All stored data of this assessment as a JSON download (the token hash excepted)."""
    assessment = access.get_owned(request, pk)
    response = JsonResponse(services.export_data(assessment), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="hechting-{pk}.json"'
    return response


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    assessment = access.get_owned(request, pk)
    if request.method == "GET":  # asks first: deleting cannot be undone
        return render(request, "assessments/delete_confirm.html", {"assessment": assessment})
    assessment.delete()
    access.forget(request, pk)
    messages.success(request, _("Your answers have been deleted."))
    return redirect("home")


def _private_url(request: HttpRequest, assessment: Assessment) -> str | None:
    """The private link of an anonymous result, if this browser holds it."""
    token = access.resume_token(request, assessment)
    if assessment.user_id is not None or token is None:
        return None
    return request.build_absolute_uri(reverse("assessments:resume", kwargs={"token": token}))


@require_POST
def mail_link(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """E-mail the private link to an address given for this once; the address is not kept."""
    assessment = access.get_owned(request, pk)
    url = _private_url(request, assessment)
    if url is None:
        raise Http404
    if not (verdict := throttle.hit(throttle.rule("mail-ip"), throttle.client_ip(request))).allowed:
        return throttle.too_many(request, verdict)
    form = LinkMailForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That is not an e-mail address; the link was not sent."))
        return redirect(reverse("assessments:report", kwargs={"pk": pk}) + "#private-link")
    email = form.cleaned_data["email"]
    if throttle.hit(throttle.rule("link-email"), email.strip().lower()).allowed:
        mail.send(
            to=email,
            template="assessments/email/private_link",
            context={"link": url},
            language=_language(),
        )
    # The address is not repeated here: messages travel in a cookie or the session.
    messages.success(
        request, _("The link is on its way. Hechting has not kept your e-mail address.")
    )
    return redirect(reverse("assessments:report", kwargs={"pk": pk}) + "#private-link")


@require_POST
def revoke_link(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Replace the private link: the old one (and every browser it opened) loses access."""
    assessment = access.get_owned(request, pk)
    if assessment.user_id is not None:
        raise Http404
    token = assessment.new_token()
    assessment.save(update_fields=["token_hash"])
    access.remember(request, assessment, token)
    messages.success(
        request, _("The old link no longer works. Your new private link is shown below.")
    )
    return redirect(reverse("assessments:report", kwargs={"pk": pk}) + "#private-link")
