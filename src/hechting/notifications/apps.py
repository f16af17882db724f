from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hechting.notifications"
    label = "notifications"

    def ready(self) -> None:
        from hechting.notifications import signals  # noqa: F401  (connects the receivers)
