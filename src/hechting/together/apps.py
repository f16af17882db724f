from django.apps import AppConfig


class TogetherConfig(AppConfig):
    name = "hechting.together"
    label = "together"
