"""A result is scored once, when its assessment completes, and stored with the model's ids.

Completion is atomic (the last answer, the result and the status commit together), concurrent
final answers complete once, a recalibration never changes what a person has read, and
`hechting manage rescore` keeps both results.
"""

import csv
import gzip
import importlib
import io
import json
import re
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from hechting.assessments import engine, services
from hechting.assessments.models import Answer, Assessment
from hechting.psychometrics import attachment, results
from program_factories import make_ecr, make_user

pytestmark = pytest.mark.django_db


def csrf_free(html: str) -> str:
    """The page without its per-request CSRF token (everything else must be identical)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_it_stores_the_result_with_the_ids_of_the_model_that_scored_it():
    a, _token = make_ecr(make_user(), keyed=4)
    model = attachment.load_attachment_model()
    stored = results.result_from_json(a.result)
    assert isinstance(stored, results.EcrResult)
    assert stored == results.ecr_result(services.answers_of(a))
    assert stored.scored_with.parameters == model.parameters_id
    assert stored.scored_with.norms == results.norms_id(model.norms)
    assert services.export_data(a)["result"] == a.result


def test_it_commits_the_last_answer_the_result_and_the_status_together(monkeypatch):
    a = services.start_assessment(instrument="rses", mode="full", language="nl").assessment
    for item in engine.questionnaire("rses").order()[:-1]:
        services.record_answer(assessment=a, item=item, value=3)

    def crash(instrument, answers):  # type: ignore[no-untyped-def]
        raise RuntimeError("scoring failed half-way")

    monkeypatch.setattr(results, "score_answers", crash)
    with pytest.raises(RuntimeError):
        services.record_answer(assessment=a, item="Q10", value=3)
    a.refresh_from_db()
    # Nothing of the final step is left behind: no answer without its completion.
    assert not Answer.objects.filter(assessment=a, item="Q10").exists()
    assert a.status == Assessment.Status.IN_PROGRESS and a.result is None and a.completed is None

    monkeypatch.undo()
    step = services.record_answer(assessment=a, item="Q10", value=3)
    a.refresh_from_db()
    assert step.done and a.is_done and a.completed is not None
    assert Answer.objects.filter(assessment=a).count() == 10
    assert a.result == results.rses_result(services.answers_of(a)).to_json()


def test_it_completes_once_when_many_final_answers_arrive_at_once(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a file or server database (runs on PostgreSQL)")
    a = services.start_assessment(instrument="rses", mode="full", language="nl").assessment
    for item in engine.questionnaire("rses").order()[:-1]:
        services.record_answer(assessment=a, item=item, value=2)
    n = 30
    start = threading.Barrier(n)
    outcomes: dict[int, object] = {}

    def submit(i: int) -> None:
        value = 1 + i % 4
        try:
            start.wait()
            step = services.record_answer(assessment=a, item="Q10", value=value)
            outcomes[i] = ("done" if step.done else "open", value)
        except services.AnswerError as exc:
            outcomes[i] = (exc.code, value)
        except BaseException as exc:  # collected and asserted below
            outcomes[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a.refresh_from_db()
    final = Answer.objects.get(assessment=a, item="Q10").value
    assert a.is_done and Answer.objects.filter(assessment=a, item="Q10").count() == 1
    # Every request with the winning value sees "done"; every other one is refused as late.
    for kind, value in outcomes.values():
        assert (kind, value) == (("done", final) if value == final else ("completed", value))
    assert a.result == results.rses_result(services.answers_of(a)).to_json()


def _subset_csv(source: Path, target: Path, rows: range) -> Path:
    """Rows `rows` of the shared ECR data as a new gzipped CSV (header kept)."""
    with gzip.open(source, "rt", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        kept = [row for i, row in enumerate(reader) if i in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(kept)
    target.write_bytes(gzip.compress(buffer.getvalue().encode()))
    return target


@pytest.fixture
def recalibrated(ecr_path, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Install parameters and norms calibrated on 1,000 other people of the shared data."""
    from hechting.commands.calibrate import calibrate_ecr

    subset = _subset_csv(ecr_path, tmp_path / "subset.csv.gz", range(20_000, 21_000))
    doc, norms = calibrate_ecr(subset, date="2026-12-02", max_iter=200)
    model = attachment.AttachmentModel(
        scales=attachment.scales_from_dict(doc), norms=norms, provenance=doc["provenance"]
    )
    monkeypatch.setattr(attachment, "load_attachment_model", lambda: model)
    return model


def test_it_never_changes_a_stored_result_when_parameters_are_recalibrated(
    client, recalibrated, monkeypatch
):
    # Taken and read under the committed model.
    monkeypatch.undo()
    client.post("/test/start/ecr/full/")
    a = Assessment.objects.get()
    reverse = {3, 15, 19, 22, 25, 27, 29, 31, 33, 35}
    for item in range(1, 37):
        value = 4 if item % 2 == 0 else 2
        value = 6 - value if item in reverse else value
        assert client.post(f"/test/{a.pk}/vraag/Q{item}/", {"value": value}).status_code == 302
    before = csrf_free(client.get(f"/test/{a.pk}/rapport/").content.decode())
    a.refresh_from_db()
    api_before = json.dumps(a.result, sort_keys=True)

    # Now the recalibrated model is installed: it scores the same answers differently ...
    monkeypatch.setattr(attachment, "load_attachment_model", lambda: recalibrated)
    answers = services.answers_of(a)
    fresh = results.ecr_result(answers)
    assert fresh.scored_with.parameters == recalibrated.parameters_id
    assert fresh.scored_with != results.result_from_json(a.result).scored_with
    assert fresh.anxiety.theta != results.result_from_json(a.result).anxiety.theta

    # ... yet the report a person has read stays byte for byte the same.
    after = csrf_free(client.get(f"/test/{a.pk}/rapport/").content.decode())
    assert after == before
    shown = results.result_from_json(a.result).scored_with.parameters
    assert "scored-with" in after and shown and shown in after
    assert json.dumps(Assessment.objects.get().result, sort_keys=True) == api_before

    # Rescoring is explicit and keeps both: the new result beside the old, the old still shown.
    out = io.StringIO()
    call_command("rescore", str(a.pk), stdout=out)
    a.refresh_from_db()
    assert json.dumps(a.result, sort_keys=True) == api_before
    assert [entry["kind"] for entry in a.rescores] == ["rescored"]
    assert a.rescores[0]["result"] == fresh.to_json()
    assert "1 different" in out.getvalue()
    assert csrf_free(client.get(f"/test/{a.pk}/rapport/").content.decode()) == before

    # With --adopt the new result is shown and the old one moves beside it.
    call_command("rescore", str(a.pk), "--adopt", stdout=io.StringIO())
    a.refresh_from_db()
    assert a.result == fresh.to_json()
    assert json.dumps(a.rescores[-1]["result"], sort_keys=True) == api_before
    assert [entry["kind"] for entry in a.rescores] == ["rescored", "replaced"]
    assert recalibrated.parameters_id in client.get(f"/test/{a.pk}/rapport/").content.decode()


def test_it_names_an_unknown_assessment_to_rescore():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no completed assessment"):
        call_command("rescore", "00000000-0000-0000-0000-000000000000", stdout=io.StringIO())
    with pytest.raises(CommandError, match="not an assessment id"):
        call_command("rescore", "nope", stdout=io.StringIO())


def test_it_backfills_results_of_assessments_completed_before_they_were_stored():
    a, _token = make_ecr(make_user(), keyed=2)
    expected = a.result
    Assessment.objects.filter(pk=a.pk).update(result=None)
    migration = importlib.import_module(
        "hechting.assessments.migrations.0003_backfill_stored_results"
    )
    migration.backfill(apps, None)
    a.refresh_from_db()
    assert a.result == expected


def test_it_scores_and_stores_a_missed_result_on_first_read():
    a, _token = make_ecr(make_user(), keyed=2)
    expected = a.result
    Assessment.objects.filter(pk=a.pk).update(result=None)
    a.refresh_from_db()
    assert services.result_of(a) == results.result_from_json(expected)
    assert Assessment.objects.get(pk=a.pk).result == expected


def test_it_completes_an_assessment_left_open_by_a_crash_on_first_view(client):
    client.post("/test/start/rses/full/")
    a = Assessment.objects.get()
    Answer.objects.bulk_create(
        [Answer(assessment=a, item=item, value=3) for item in engine.questionnaire("rses").order()]
    )
    r = client.get(f"/test/{a.pk}/rapport/")
    assert r.status_code == 200
    a.refresh_from_db()
    assert a.is_done and a.result == results.rses_result(services.answers_of(a)).to_json()
