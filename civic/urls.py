from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from apps.accounts import views as account_views
from apps.moderation import views as moderation_views
from apps.notifications import views as notification_views
from apps.site import contact as site_contact
from apps.site import views as site_views
from apps.territories import views as territory_views

urlpatterns = [
    path("healthz", site_views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", site_views.home, name="home"),
    path("contact/", site_contact.contact, name="contact"),
    # Before allauth's own: a staff member's first authenticator needs the e-mailed link.
    path("accounts/2fa/totp/activate/", account_views.totp_activate, name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("apps.accounts.urls")),
    path("account/notifications/", notification_views.notification_list, name="notifications"),
    path("account/residency/", territory_views.residency, name="residency"),
    path("account/residency/<int:pk>/end/", territory_views.residency_end, name="residency-end"),
    path("territories/", include("apps.territories.urls")),
    path("staff/", include("apps.staff.urls")),
    path("staff/moderation/", include("apps.moderation.urls")),
    path("discussions/comments/<int:pk>/report/", moderation_views.comment_report, name="comment-report"),
    path("documents/", include("apps.documents.urls")),
    path("proposals/", include("apps.proposals.urls")),
    path("initiatives/", include("apps.initiatives.urls")),
    path("discussions/", include("apps.discussions.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    prefix_default_language=True,
)
