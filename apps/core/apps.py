from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "apps.core"
    label = "core"
    verbose_name = _("Core")


class CivicAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Civic's admin site (allauth sign-in, MFA for staff)."""

    default = False
    default_site = "apps.core.admin_site.CivicAdminSite"
