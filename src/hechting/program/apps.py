from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "hechting.program"
    label = "program"
