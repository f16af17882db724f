from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hechting.reports"
    label = "reports"
