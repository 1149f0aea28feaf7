from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site itself: the home page, the health check, ``setup_site`` and the demo data.

    It composes every area, so it sits on top of the layers (docs/architecture.md).
    """

    name = "apps.site"
    label = "civic_site"  # "site" reads like django.contrib.sites' label
    verbose_name = _("Site")
