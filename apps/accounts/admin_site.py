"""The Django admin, behind the same door as every staff page.

Sign-in goes through allauth (rate limits, MFA prompt), and every admin view
requires a second factor used in this session (``staff_mfa_required``).
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.accounts.mfa import staff_mfa_required


class CivicAdminSite(admin.AdminSite):
    site_header = _("Civic administration")
    site_title = _("Civic administration")

    def admin_view(self, view, cacheable=False):
        return super().admin_view(staff_mfa_required(view), cacheable)

    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)
