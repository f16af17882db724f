"""The exercises of the program, each an entry model with its form and the page it lives on."""

from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hechting.program import forms
from hechting.program.models import (
    LifeEvent,
    RiskStep,
    SelfEsteemEntry,
    SupportPerson,
    ThemeCheckin,
    TriggerEntry,
    VisualisationNote,
)
from hechting.together.forms import ChildReflectionForm, ParentRepairForm
from hechting.together.models import ChildReflection, ParentRepair
from hechting.web.http import StrOrPromise


@dataclass(frozen=True)
class Exercise:
    kind: str  # in the URL: /groei/<kind>/nieuw/
    model: type[models.Model]
    form: type[forms.EntryForm]
    noun: StrOrPromise  # "a life event"
    page: tuple[str, dict[str, int]]  # the page that lists these entries

    def page_url(self) -> str:
        name, kwargs = self.page
        return reverse(name, kwargs=kwargs)


EXERCISES = {
    ex.kind: ex
    for ex in [
        Exercise(
            "levenslijn",
            LifeEvent,
            forms.LifeEventForm,
            _("an experience"),
            ("program:step", {"number": 1}),
        ),
        Exercise(
            "mensen",
            SupportPerson,
            forms.SupportPersonForm,
            _("a person"),
            ("program:step", {"number": 2}),
        ),
        Exercise(
            "zelfbeeld",
            SelfEsteemEntry,
            forms.SelfEsteemForm,
            _("a self-image entry"),
            ("program:step", {"number": 3}),
        ),
        Exercise(
            "patronen",
            TriggerEntry,
            forms.TriggerForm,
            _("a journal entry"),
            ("program:step", {"number": 4}),
        ),
        Exercise(
            "risicos",
            RiskStep,
            forms.RiskStepForm,
            _("a small risk"),
            ("program:step", {"number": 5}),
        ),
        Exercise(
            "visualisatie-notities",
            VisualisationNote,
            forms.VisualisationNoteForm,
            _("notes"),
            ("program:visualisation", {}),
        ),
        Exercise(
            "check-ins",
            ThemeCheckin,
            forms.ThemeCheckinForm,
            _("a check-in"),
            ("program:checkins", {}),
        ),
        # For parents (hechting.together): private entries like the rest of the program.
        Exercise(
            "vier-s-kind",
            ChildReflection,
            ChildReflectionForm,
            _("a four S reflection"),
            ("together:parents", {}),
        ),
        Exercise(
            "herstel-kind",
            ParentRepair,
            ParentRepairForm,
            _("a mismatch and repair"),
            ("together:parents", {}),
        ),
    ]
}


def get_exercise(kind: str) -> Exercise:
    try:
        return EXERCISES[kind]
    except KeyError:
        raise Http404(kind) from None
