from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "apps.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from apps.discussions.models import register_discussable
        from apps.documents import handlers  # noqa: F401  (registers the outbox handlers)

        # A provision owns the thread of its discussion; its act's territory moderates it.
        register_discussable(
            "provision", territory_lookup="provision__document__territory", select_related=("provision__document",)
        )
