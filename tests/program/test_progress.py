import pytest

from program_factories import make_ecr, make_user


@pytest.fixture
def owner(db):
    return make_user("owner@example.org")


def test_it_states_reliable_change_between_two_tests_in_plain_words(client, owner):
    first, _ = make_ecr(owner, keyed=5)  # anxious and avoidant
    second, _ = make_ecr(owner, keyed=1)  # secure
    client.force_login(owner)
    html = client.get("/groei/voortgang/").content.decode()
    assert html.count("betrouwbaar veiliger") == 2  # both dimensions
    assert "<svg" in html and "progress-title" in html
    assert 'href="/test/start/ecr/adaptive/"' in html
    back = client.get(f"/groei/voortgang/?van={second.pk}&tot={first.pk}").content.decode()
    assert back.count("betrouwbaar minder veilig") == 2


def test_it_finds_no_reliable_change_between_two_equal_tests(client, owner):
    make_ecr(owner, keyed=3)
    make_ecr(owner, keyed=3)
    client.force_login(owner)
    r = client.get("/groei/voortgang/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.content.decode().count("no reliable change") == 2


def test_it_refuses_to_compare_with_another_persons_test(client, owner):
    make_ecr(owner, keyed=5)
    make_ecr(owner, keyed=1)
    theirs, _ = make_ecr(make_user("other@example.org"), keyed=2)
    client.force_login(owner)
    assert client.get(f"/groei/voortgang/?van={theirs.pk}").status_code == 404
    assert client.get(f"/groei/voortgang/pdf/?tot={theirs.pk}").status_code == 404


def test_it_ignores_unfinished_and_other_tests(client, owner):
    from hechting.assessments import services

    services.start_assessment(instrument="ecr", mode="full", language="nl", user_id=owner.pk)
    make_ecr(make_user("other@example.org"), keyed=2)
    client.force_login(owner)
    html = client.get("/groei/voortgang/").content.decode()
    assert "nog niet gedaan" in html


def test_it_puts_the_progress_plot_and_statement_in_the_pdf(client, owner):
    make_ecr(owner, keyed=5)
    make_ecr(owner, keyed=1)
    client.force_login(owner)
    r = client.get("/groei/voortgang/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
