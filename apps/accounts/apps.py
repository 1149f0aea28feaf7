from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default = True

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from apps.accounts.enrolment import on_authenticator_added

        authenticator_added.connect(on_authenticator_added, dispatch_uid="civic-staff-enrolment-complete")


class CivicAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Civic's admin site (allauth sign-in, MFA for staff)."""

    default = False
    default_site = "apps.accounts.admin_site.CivicAdminSite"
