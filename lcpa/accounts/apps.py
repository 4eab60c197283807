from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lcpa.accounts"
    label = "accounts"
