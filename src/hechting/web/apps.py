from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hechting.web"
    label = "web"
