from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hechting.notifications import reminders, schedules


class Command(BaseCommand):
    help = (
        "Send every reminder e-mail that is due, each at most once; safe to run from cron every "
        "few minutes and concurrently."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--release-stuck",
            action="store_true",
            help="first make reminders claimed over an hour ago by an interrupted run sendable "
            "again (only after checking the mail log that they were not delivered)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["release_stuck"]:
            self.stdout.write(f"released={reminders.release_stuck()}")
        schedules.refresh_all()
        report = reminders.send_due()
        self.stdout.write(
            f"sent={report.sent} failed={report.failed} cancelled={report.cancelled} "
            f"stuck={report.stuck}"
        )
        if report.stuck:
            self.stderr.write(
                f"{report.stuck} reminder(s) were claimed over an hour ago by a run that did "
                "not finish and are not resent automatically; check the mail server's log, then "
                "run `hechting manage send_reminders --release-stuck` for those not delivered."
            )
