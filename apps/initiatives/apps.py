from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "apps.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from apps.discussions.models import register_discussable
        from apps.initiatives import selectors
        from apps.proposals.followups import register_followups, register_staff_action
        from apps.territories.panels import register_panel

        # Residents discuss the work; the territory's moderators look after the discussion.
        register_discussable(
            "initiative", territory_lookup="initiative__territory", select_related=("initiative__territory",)
        )
        # The territory page shows the work under way there and links to its ledger.
        register_panel(
            "initiatives",
            template="initiatives/includes/territory_panel.html",
            context=lambda request, territory: selectors.territory_panel(territory=territory),
            order=10,
        )
        # A proposal's pages say which initiative carries it out, and officials get "accept and open".
        register_followups(selectors.proposal_followups)
        register_staff_action(selectors.proposal_staff_action)
