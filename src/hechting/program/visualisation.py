"""The guided visualisation of a securely attached person: one calm instruction per page."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hechting.web.http import StrOrPromise


@dataclass(frozen=True)
class Page:
    title: StrOrPromise
    paragraphs: tuple[StrOrPromise, ...]


PAGES = (
    Page(
        _("Arrive"),
        (
            _("Sit or stand in a way that feels steady. Let your feet rest on the floor."),
            _(
                "Breathe out a little longer than you breathe in, three or four times. "
                "There is no hurry; this page will wait for you."
            ),
        ),
    ),
    Page(
        _("Choose someone"),
        (
            _(
                "Think of a person who moves at ease among others: close when they want to be, "
                "free when they need to be."
            ),
            _(
                "It can be someone you know, someone from a film or a book, or someone you make "
                "up. Anyone is fine, as long as they feel secure to you."
            ),
        ),
    ),
    Page(
        _("Look at them"),
        (
            _("How do they stand or sit? What do their face and shoulders do?"),
            _(
                "Picture them saying no to something, calmly. Then picture them asking for "
                "something they need, without apology."
            ),
        ),
    ),
    Page(
        _("Stand before them"),
        (
            _("Imagine you are standing in front of this person, and they are glad to see you."),
            _(
                "What happens in your body? Notice your breath, your chest, your belly, your "
                "hands. Just notice; nothing needs to change."
            ),
        ),
    ),
    Page(
        _("Look through their eyes"),
        (
            _(
                "Now think of a situation that makes you tense: walking into a room full of "
                "strangers, or telling someone what you need."
            ),
            _(
                "Step into the secure person and look at that situation as they would. How do "
                "they walk in? What do they say? What is different from how you usually feel?"
            ),
            _(
                "The difference shows you which reaction is an old way of protecting yourself — "
                "and gives your body a glimpse of another option."
            ),
        ),
    ),
    Page(
        _("Come back"),
        (
            _("Let the image go. Feel your feet on the floor again and look around the room."),
            _("If you like, write down what you noticed below. A few words are enough."),
        ),
    ),
)
