"""The project's own configuration of django.contrib.admin (see lcpa.accounts.admin_site)."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin whose default site signs people in through allauth and answers 404
    where Django's would answer 403."""

    default_site = "lcpa.accounts.admin_site.AdminSite"
