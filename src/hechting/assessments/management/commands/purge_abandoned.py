from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hechting.assessments.retention import purge_abandoned


class Command(BaseCommand):
    help = (
        "Delete unfinished anonymous assessments with no answer for HECHTING_ANONYMOUS_DAYS "
        "days (default 30). Run it daily (cron or a systemd timer; see docs/deploy.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=settings.ANONYMOUS_DAYS)

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if days < 1:
            raise CommandError("--days must be at least 1", returncode=2)
        count = purge_abandoned(days=days)
        self.stdout.write(f"purged {count} abandoned anonymous assessments ({days} days)")
