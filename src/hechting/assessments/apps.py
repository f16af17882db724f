from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "hechting.assessments"
    label = "assessments"
