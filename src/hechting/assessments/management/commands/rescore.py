import uuid

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hechting.assessments import services
from hechting.assessments.models import Assessment


class Command(BaseCommand):
    help = (
        "Score completed assessments again with the installed parameters and norms. Nothing is "
        "lost: the new result is stored beside the one people have seen (field `rescores`); "
        "with --adopt the new result becomes the one shown and the old one is kept beside it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", help="assessment ids (default: all completed)")
        parser.add_argument(
            "--instrument", choices=Assessment.Instrument.values, help="only this instrument"
        )
        parser.add_argument("--adopt", action="store_true", help="show the new result from now on")

    def handle(self, *args: object, **options: object) -> None:
        todo = Assessment.objects.filter(status=Assessment.Status.COMPLETED).order_by("created")
        ids = options["ids"]
        assert isinstance(ids, list)
        if ids:
            try:
                todo = todo.filter(pk__in=[uuid.UUID(str(i)) for i in ids])
            except ValueError as exc:
                raise CommandError(f"not an assessment id: {exc}") from exc
            missing = {str(uuid.UUID(str(i))) for i in ids} - {str(a.pk) for a in todo}
            if missing:
                raise CommandError(f"no completed assessment with id {', '.join(sorted(missing))}")
        if options["instrument"]:
            todo = todo.filter(instrument=options["instrument"])
        changed = same = failed = 0
        for assessment in todo.iterator():
            try:
                done = services.rescore(assessment=assessment, adopt=bool(options["adopt"]))
            except ValueError as exc:
                failed += 1
                self.stderr.write(f"{assessment.pk}: not rescored: {exc}")
                continue
            if done.after == done.before:
                same += 1
            else:
                changed += 1
                old, new = done.before.scored_with, done.after.scored_with
                self.stdout.write(
                    f"{assessment.pk}: {old.parameters}/{old.norms} -> {new.parameters}/{new.norms}"
                )
        verb = "now shown" if options["adopt"] else "kept beside the stored results"
        self.stdout.write(
            f"Rescored {changed + same} assessments ({changed} different, {same} the same); "
            f"the new results are {verb}."
        )
        if failed:
            raise CommandError(f"{failed} assessments could not be rescored (see above)")
