from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "apps.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from apps.discussions.models import register_discussable

        # A proposal owns the thread residents discuss it in; its territory's moderators look after it.
        register_discussable(
            "proposal", territory_lookup="proposal__territory", select_related=("proposal__territory",)
        )
