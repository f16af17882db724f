from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "hechting.content"
    label = "content"
