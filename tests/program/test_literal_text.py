"""Whatever a person types is shown as text: in the page, in the plot's SVG, never as markup.

matplotlib would read `$...$` as mathtext (`Jan $$ Piet`, `$\\x$` or `${$` used to make the
step 2 page answer 500 on every visit); HTML and SVG must escape `<b>` and `&`.
"""

import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hechting.program.models import SupportPerson
from program_factories import make_user

_emails = itertools.count()

NAMES = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x17F, exclude_categories=("Cc",)),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and "  " not in s)


def _svg_texts(html: str) -> list[str]:
    """The text of every <text> element of the first inline SVG on the page."""
    match = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert match, "no inline SVG on the page"
    root = ET.fromstring(match.group(0))  # noqa: S314 - our own SVG output
    return ["".join(el.itertext()) for el in root.iter() if el.tag.endswith("text")]


@pytest.mark.django_db
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=NAMES)
@example(name="Jan $$ Piet")
@example(name="$\\x$")
@example(name="${$")
@example(name="<b>x</b>")
@example(name="50% & more")
def test_it_shows_any_typed_name_literally_in_the_page_and_its_plot(name):
    user = make_user(f"p{next(_emails)}@example.org")
    SupportPerson.objects.create(
        user=user, role="other", name=name, responses=[2, 2, 2, 2, 3, 3, 1, 1, 2]
    )
    client = Client()
    client.force_login(user)
    response = client.get("/groei/stap/2/")
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(name) in html
    assert name in _svg_texts(html)
