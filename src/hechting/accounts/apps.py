from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hechting.accounts"
    label = "accounts"
