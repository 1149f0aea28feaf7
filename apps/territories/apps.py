from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "apps.territories"
    label = "territories"
    verbose_name = _("Territories")

    def ready(self):
        from apps.accounts.mfa import STAFF_CHECKS
        from apps.territories.rules import has_any_staff_role

        # Akimat staff need a second factor for staff pages, like Django staff.
        STAFF_CHECKS.append(has_any_staff_role)
