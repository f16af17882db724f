"""A retake's report opens with the change since last time; answers that are all the same get a
gentle note instead of a style; the RSES result explains itself; progress rows open reports."""

import pytest
from django.test import Client

from hechting.assessments.models import Assessment
from hechting.psychometrics.instruments import load_instrument
from program_factories import make_ecr, make_user

pytestmark = pytest.mark.django_db
NOTE = "Daarom noemt dit rapport geen stijl voor jou"


def _ecr(client: Client, keyed: int) -> Assessment:
    """The full ECR answered through the pages, keyed answers all `keyed` (not flat raw)."""
    r = client.post("/test/start/ecr/full/")
    a = Assessment.objects.get(pk=r["Location"].split("/")[2])
    for item in load_instrument("ecr").items:
        client.post(
            f"/test/{a.pk}/vraag/{item.id}/", {"value": 6 - keyed if item.reverse else keyed}
        )
    return a


def test_a_retake_opens_with_the_reliable_change_in_words(client):
    first = _ecr(client, keyed=2)
    html = client.get(f"/test/{first.pk}/rapport/").content.decode()
    assert "Sinds de vorige keer" not in html
    second = _ecr(client, keyed=4)
    html = client.get(f"/test/{second.pk}/rapport/").content.decode()
    assert "Sinds de vorige keer" in html
    assert html.index("Sinds de vorige keer") < html.index('id="summary"')  # at the top
    assert html.count("betrouwbaar minder veilig") == 2  # both dimensions, in words
    assert "betrouwbare-veranderingsindex" in html
    # Another browser does not see (or compare with) this person's earlier result.
    assert Client().get(f"/test/{second.pk}/rapport/").status_code == 404


def test_a_replaced_link_is_not_compared_with(client):
    first = _ecr(client, keyed=2)
    elsewhere = Client()
    token = client.session["assessments"][str(first.pk)]
    elsewhere.get(f"/test/hervat/{token}/")
    client.post(f"/test/{first.pk}/link/vernieuwen/")
    second = _ecr(elsewhere, keyed=4)
    assert (
        "Sinds de vorige keer" not in elsewhere.get(f"/test/{second.pk}/rapport/").content.decode()
    )


def test_all_the_same_answers_get_a_note_instead_of_a_style(client):
    r = client.post("/test/start/ecr/full/")
    a = Assessment.objects.get(pk=r["Location"].split("/")[2])
    for i in range(1, 37):
        client.post(f"/test/{a.pk}/vraag/Q{i}/", {"value": 4})
    html = client.get(f"/test/{a.pk}/rapport/").content.decode()
    summary = html.split('id="summary-title"')[1].split("</section>")[0]
    assert NOTE in summary and "% kans" not in summary  # no style named with a probability
    varied = _ecr(client, keyed=2)
    html = client.get(f"/test/{varied.pk}/rapport/").content.decode()
    summary = html.split('id="summary-title"')[1].split("</section>")[0]
    assert NOTE not in summary and "% kans" in summary
    r = client.post("/test/start/rses/full/")
    rses = Assessment.objects.get(pk=r["Location"].split("/")[2])
    for i in range(1, 11):
        client.post(f"/test/{rses.pk}/vraag/Q{i}/", {"value": 2})
    assert (
        "patroon is moeilijk te duiden, dus lees"
        in client.get(f"/test/{rses.pk}/rapport/").content.decode()
    )


def test_the_rses_result_says_what_it_means_and_leads_to_step_3(client):
    r = client.post("/test/start/rses/full/")
    a = Assessment.objects.get(pk=r["Location"].split("/")[2])
    for i, value in enumerate([3, 2, 3, 4, 1, 3, 2, 3, 2, 4], start=1):
        client.post(f"/test/{a.pk}/vraag/Q{i}/", {"value": value})
    html = client.get(f"/test/{a.pk}/rapport/").content.decode()
    assert "Wat deze score betekent" in html and 'href="/groei/stap/3/"' in html
    assert "patroon is moeilijk te duiden" not in html


def test_progress_rows_open_their_reports(client):
    user = make_user("a@example.org")
    first, _t = make_ecr(user, keyed=2)
    second, _t = make_ecr(user, keyed=4)
    client.force_login(user)
    html = client.get("/groei/voortgang/").content.decode()
    assert f'href="/test/{first.pk}/rapport/"' in html
    assert f'href="/test/{second.pk}/rapport/"' in html
    assert client.get(f"/test/{first.pk}/rapport/").status_code == 200


def test_the_rq_result_names_the_closest_pattern_in_words(client):
    r = client.post("/test/start/rq/full/")
    a = Assessment.objects.get(pk=r["Location"].split("/")[2])
    for item, value in (("A", 6), ("B", 2), ("C", 3), ("D", 5), ("choice", 1)):
        client.post(f"/test/{a.pk}/vraag/{item}/", {"value": value})
    html = client.get(f"/test/{a.pk}/rapport/").content.decode()
    assert "Het patroon dat het dichtst bij de beschrijving ligt" in html
    assert "<strong>Veilig</strong>" in html  # paragraph A is the secure prototype


def test_the_security_scale_is_explained_where_it_appears(client):
    a = _ecr(client, keyed=2)
    html = client.get(f"/test/{a.pk}/rapport/").content.decode()
    summary = html.split('id="summary-title"')[1].split("</section>")[0]
    assert "glijdende schaal" in summary and "voegt je twee scores hieronder" in summary
