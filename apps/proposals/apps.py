from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "apps.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from apps.discussions.models import register_discussable
        from apps.proposals.selectors import proposal_top
        from apps.territories.panels import register_panel

        # A proposal owns the thread residents discuss it in; its territory's moderators look after it.
        register_discussable(
            "proposal", territory_lookup="proposal__territory", select_related=("proposal__territory",)
        )
        # The territory page shows the most supported proposals still open for votes.
        register_panel(
            "proposals",
            template="proposals/includes/territory_panel.html",
            context=lambda request, territory: {"proposals": proposal_top(territory=territory)},
        )
