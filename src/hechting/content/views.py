from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hechting.content.pages import BY_SLUG, CHECKLIST, PAGES
from hechting.psychometrics.instruments import INSTRUMENT_CODES, load_instrument


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "content/index.html", {"pages": PAGES})


def page(request: HttpRequest, slug: str) -> HttpResponse:
    current = BY_SLUG.get(slug)
    if current is None:
        raise Http404
    position = PAGES.index(current)
    context = {
        "page": current,
        "previous": PAGES[position - 1] if position > 0 else None,
        "next": PAGES[position + 1] if position + 1 < len(PAGES) else None,
        # The sources page cites the questionnaires from their own files, so it cannot drift.
        "citations": sorted({load_instrument(code).citation for code in INSTRUMENT_CODES}),
        **CHECKLIST,
    }
    return render(request, current.template, context)
