"""Store the result of every assessment completed before results were stored.

Scored with the parameters and norms installed when this migration runs (the same ones its
reports showed until now); the ids in ``scored_with`` say which.
"""

from django.db import migrations


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    from hechting.psychometrics import results

    Assessment = apps.get_model("assessments", "Assessment")
    Answer = apps.get_model("assessments", "Answer")
    todo = Assessment.objects.filter(status="completed", result__isnull=True)
    for assessment in todo.iterator():
        rows = Answer.objects.filter(assessment_id=assessment.pk).order_by("answered_at", "id")
        answers = dict(rows.values_list("item", "value"))
        try:
            result = results.score_answers(assessment.instrument, answers)
        except ValueError as exc:
            # Left without a result: it is scored on first view (services.result_of), and an
            # unscorable one shows an error there rather than stopping every upgrade here.
            print(f"assessment {assessment.pk}: not scored ({exc})")
            continue
        assessment.result = result.to_json()
        assessment.save(update_fields=["result"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_assessment_stored_result")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
