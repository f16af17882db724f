"""The couple report: two people's positions, what their combination tends to do, and the four
S's each can give this particular other. Texts are per combination of the two most probable
styles; near a boundary the neighbouring combination is named too (never a verdict).

The texts follow docs/framework.md §5 and docs/glossary.md: no combination is doomed and no
partner is to blame; each text names the pattern, the way out, and what each can do.
"""

from dataclasses import dataclass
from itertools import combinations_with_replacement

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hechting.reports.report import ReportData

STYLES = ("secure", "anxious", "avoidant", "fearful")


def key(a: str, b: str) -> tuple[str, str]:
    """The combination as an unordered pair, in STYLES order."""
    return tuple(sorted((a, b), key=STYLES.index))  # type: ignore[return-value]


COMBINATIONS: dict[tuple[str, str], Promise] = {
    ("secure", "secure"): _(
        "Both of you tend to trust that the other is there, and to say what you need. That does "
        "not mean you never miss each other; it means a rupture is usually followed by finding "
        "each other again. Keep doing what works: name it when something is off, and keep your "
        "agreements, also the small ones."
    ),
    ("secure", "anxious"): _(
        "One of you tends to trust that closeness holds; the other tends to watch for signs that "
        "it might not, and to seek reassurance. A secure partner can make the relationship a "
        "place for a corrective experience: keeping agreements, answering a worried message, "
        "staying in the room during a conflict. Over time that can quiet the fear of being "
        "left. It asks patience of both: reassurance that is given, and reassurance that is "
        "allowed to land."
    ),
    ("secure", "avoidant"): _(
        "One of you tends to move towards closeness easily; the other tends to value "
        "independence and to step back when things get close or tense. A secure partner can "
        "offer closeness without pressure: room to withdraw for a while, and a calm welcome "
        "back. That can make it safer to come a little closer each time. It asks of both to say "
        "what you need — space, or contact — instead of guessing."
    ),
    ("secure", "fearful"): _(
        "One of you tends to trust closeness; the other tends to long for it and fear it at the "
        "same time, so that approach and withdrawal can alternate quickly. Steadiness helps "
        "most here: being predictable, not taking a withdrawal as a final answer, and coming "
        "back to the conversation calmly. The relationship can become a place where closeness "
        "slowly turns out to be safe."
    ),
    ("anxious", "anxious"): _(
        "Both of you tend to feel the bond strongly and to notice quickly when the other seems "
        "further away. That can give much warmth and also a spiral: one worries, the other "
        "worries back, and tension rises for both. What helps is slowing down together: naming "
        "the worry (\"I'm afraid you're pulling away\") instead of testing, and reassuring each "
        "other in small, concrete ways."
    ),
    ("anxious", "avoidant"): _(
        "This combination often gets into a well-known dance: the one who fears being left "
        "seeks contact more strongly when the other seems distant, and the one who fears losing "
        "themselves in closeness steps back when the pressure rises — which makes the first "
        "seek even harder. Couples therapists call it the pursue–withdraw (protest–withdraw) "
        "cycle. Neither of you is the cause: the cycle is the common enemy. Many couples learn "
        "to recognise it and to step out of it: one by saying the need behind the protest, the "
        'other by saying "I need a moment, and I will come back" — and coming back.'
    ),
    ("anxious", "fearful"): _(
        "Both of you tend to long for closeness and to be alert to rejection; one of you may "
        "also pull back when it gets close. Moments of intense contact and moments of distance "
        "can follow each other quickly. What helps is predictability and gentleness: agreeing "
        "how you reach each other after a quarrel, and repairing soon — a short message, a "
        'touch, "we\'ll talk tonight".'
    ),
    ("avoidant", "avoidant"): _(
        "Both of you tend to value your independence and to solve things on your own. That can "
        "give a calm, respectful relationship with much room — and also a growing distance in "
        "which feelings stay unspoken. What helps is choosing small moments of closeness on "
        "purpose: sharing something of your day that mattered, asking for help once, staying "
        "with a difficult topic a little longer than feels natural."
    ),
    ("avoidant", "fearful"): _(
        "Both of you tend to protect yourselves by keeping some distance, although one of you "
        "also longs for more closeness. The risk is that both wait for the other to take the "
        "first step. What helps is taking small, safe steps towards each other — and noticing, "
        "out loud, when a step is taken."
    ),
    ("fearful", "fearful"): _(
        "Both of you tend to want closeness and to fear it, so that the relationship can feel "
        "intense: very close one moment, far apart the next. That is tiring for both, and it "
        "says nothing about how much you mean to each other. Predictability and calm help most: "
        "fixed moments of contact, agreements on how to pause a quarrel and come back to it, "
        "and, if it keeps swinging, support from a couples therapist."
    ),
}

# What helps a partner with this style: the four S's (Siegel), as things the other can do.
FOUR_S: dict[str, dict[str, Promise]] = {
    "secure": {
        "safe": _("Keep your agreements too; steadiness is not only their job."),
        "seen": _("Notice and name what their calm gives you."),
        "soothed": _("Offer comfort when they are upset; secure people need it too."),
        "secure": _("Share your own worries, so trust goes both ways."),
    },
    "anxious": {
        "safe": _("Say when you will be back or call, and do it; if you can't, let them know."),
        "seen": _("Hear the worry behind a question or reproach, and say that you hear it."),
        "soothed": _(
            "A short reassurance, a touch or a message during the day calms more than a long "
            "explanation."
        ),
        "secure": _("Do this often enough and the fear of being left gets less to go on."),
    },
    "avoidant": {
        "safe": _("Respect their need for space, and trust that they come back."),
        "seen": _("Notice how they show care — often in practical ways — and name it."),
        "soothed": _(
            "Closeness side by side (a walk, doing something together) is often easier than "
            "face to face."
        ),
        "secure": _(
            "Predictable room to withdraw and a warm welcome back make closeness less risky."
        ),
    },
    "fearful": {
        "safe": _("Be steady and calm; avoid sudden withdrawals or ultimatums."),
        "seen": _("Wanting closeness and fearing it can both be true; accept both."),
        "soothed": _(
            "Slow things down when feelings run high, and help find calm before talking further."
        ),
        "secure": _("Consistency over weeks and months counts more than any single talk."),
    },
}


@dataclass(frozen=True)
class Alternative:
    """Another combination worth reading because one person sits near a boundary."""

    who: str  # "me" or "them": whose position is the close call
    style: str  # that person's runner-up style
    text: Promise


@dataclass(frozen=True)
class CoupleReading:
    me: ReportData
    them: ReportData
    combination: tuple[str, str]
    text: Promise
    alternatives: tuple[Alternative, ...]
    for_them: dict[str, Promise]  # the four S's I can give them (from their style)
    for_me: dict[str, Promise]  # the four S's they can give me (from my style)


def _runner_up(data: ReportData) -> str | None:
    described = data.described
    return described[1] if data.mixed and len(described) > 1 else None


def read_couple(me: ReportData, them: ReportData) -> CoupleReading:
    """The combination of the two most probable styles, plus the neighbouring combination for
    each person whose position is a close call or near a boundary (ReportData.mixed)."""
    mine, theirs = me.style, them.style
    alternatives = []
    if (alt := _runner_up(me)) is not None:
        alternatives.append(Alternative("me", alt, COMBINATIONS[key(alt, theirs)]))
    if (alt := _runner_up(them)) is not None:
        alternatives.append(Alternative("them", alt, COMBINATIONS[key(mine, alt)]))
    return CoupleReading(
        me=me,
        them=them,
        combination=key(mine, theirs),
        text=COMBINATIONS[key(mine, theirs)],
        alternatives=tuple(a for a in alternatives if a.text != COMBINATIONS[key(mine, theirs)]),
        for_them=FOUR_S[theirs],
        for_me=FOUR_S[mine],
    )


def all_combinations() -> list[tuple[str, str]]:
    return [key(a, b) for a, b in combinations_with_replacement(STYLES, 2)]
