"""Rights of the site as a whole."""

from django.utils.translation import gettext_lazy as _

from apps.core.permissions import define
from apps.territories.rules import is_staff_member, staff_right

define(
    "site.view_health_details",
    *staff_right(is_staff_member, _("Only akimat staff see which services answer.")),
)
