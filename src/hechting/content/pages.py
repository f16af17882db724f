"""The information pages: one registry, so the index, the URLs and the tests agree."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Page:
    slug: str  # Dutch, the default language
    title: Promise
    summary: Promise

    @property
    def template(self) -> str:
        return f"content/pages/{self.slug}.html"


PAGES = (
    Page(
        "wat-is-hechting",
        _("What attachment is"),
        _("Why every person attaches, and why the question is how."),
    ),
    Page(
        "veilige-basis-en-veilige-haven",
        _("Secure base and safe haven"),
        _("The two things a caregiver offers: a base to explore from and a place to return to."),
    ),
    Page(
        "hechtingsstijlen",
        _("The four attachment styles"),
        _(
            "Secure, anxious-preoccupied, avoidant and fearful — and why security is"
            " a sliding scale."
        ),
    ),
    Page(
        "innerlijk-werkmodel",
        _("The inner working model"),
        _("The expectations about yourself and others that you carry with you."),
    ),
    Page(
        "moderne-hechtingstheorie",
        _("Modern attachment theory"),
        _("Resonance, responsiveness, the window of tolerance, agency and co-regulation."),
    ),
    Page(
        "blauwdruk",
        _("The blueprint in your body"),
        _("How early care is stored in body and nervous system, with a reflection exercise."),
    ),
    Page(
        "mismatch-en-herstel",
        _("Mismatch and repair"),
        _("Why a bond grows stronger from repairing a rupture, not from never having one."),
    ),
    Page(
        "goed-genoeg-ouderschap",
        _("Good-enough parenting"),
        _("Parents do not need to be perfect; they need to repair."),
    ),
    Page(
        "de-vier-s-en",
        _("The four S's"),
        _("Safe, seen, soothed and secure: a shared language for parents and partners."),
    ),
    Page(
        "vier-relatiethemas",
        _("Four themes in relationships"),
        _("Trust, attunement, autonomy and connection: where does a relationship struggle?"),
    ),
    Page(
        "herkennen",
        _("Do you recognise this?"),
        _("Signals, causes and consequences of insecure attachment: a checklist for yourself."),
    ),
    Page(
        "verworven-veilige-hechting",
        _("Earned secure attachment"),
        _("Becoming more secure at any age, in five steps."),
    ),
    Page(
        "zelf-aan-de-slag",
        _("What you can do yourself"),
        _("Self-help tips in one place: small things that help you grow towards more security."),
    ),
    Page(
        "tot-rust-komen",
        _("Calming down: grounding and breathing"),
        _("Two simple exercises for when tension or memories become too much, and when to stop."),
    ),
    Page(
        "therapie",
        _("Therapy and help"),
        _("Which kinds of therapy work with attachment, and how to begin."),
    ),
    Page(
        "vragen",
        _("Frequently asked questions"),
        _("Diagnosis, privacy, the norm group, and questions about change and children."),
    ),
    Page(
        "bronnen",
        _("Sources"),
        _("The research and the facts these pages and the report rely on."),
    ),
)
BY_SLUG = {page.slug: page for page in PAGES}

# The self-reflection checklist (page "herkennen"). Ticks are never submitted or stored.
CHECKLIST = {
    "signals": (
        _("I am afraid of being left, or of getting too close."),
        _("I doubt myself in contact with others."),
        _("I find it hard to set boundaries, or I quickly feel responsible for others."),
        _("I am easily hurt, or I withdraw when there is conflict."),
        _("In relationships I often feel empty, dependent or distant."),
        _("I find it hard to ask for help, or to accept it."),
    ),
    "causes": (
        _("My parents were emotionally unavailable or overburdened."),
        _("I experienced rejection, neglect or inconsistency."),
        _("I went through loss, illness, abuse or another trauma."),
        _("I did not always feel physically or emotionally safe."),
        _("There were high expectations or much criticism."),
        _("As a child I had to take care of a parent or of the family."),
        _("Someone was there, but not really present."),
    ),
    "consequences": (
        _("I notice that I repeat old patterns in new relationships."),
        _("I often end up in conflicts, or feel restless inside."),
        _("My relationships are under strain."),
        _("I find it hard to handle stress."),
        _("My self-image is fragile."),
        _("I struggle with gloomy or anxious feelings."),
    ),
}
