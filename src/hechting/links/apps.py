from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "hechting.links"
    label = "links"
