from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hechting.api"
    label = "api"
