from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """The staff console: a composition of every area's queues, on top of the apps it shows."""

    name = "apps.staff"
    label = "staff"
    verbose_name = _("Staff console")
