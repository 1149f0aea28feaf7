"""The contact page: who runs Civic, and which akimat answers for the visitor's territory.

Kept apart from ``views`` (the home page and the health check) only to keep the module small.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.territories.forms import TerritorySearchForm
from apps.territories.selectors import residency_current, territory_ancestors


@require_GET
def contact(request):
    """The operator (settings), and for a signed-in resident the akim's office and akimat of their home.

    A resident's home is their verified residency, else the declaration waiting for verification.
    At most two queries beyond the session: the residencies, then the home's ancestors.
    """
    residency = None
    executives = []
    if request.user.is_authenticated:
        verified, pending = residency_current(user=request.user)
        residency = verified or pending
        if residency is not None:
            home = residency.territory
            executives = home.executives(territory_ancestors(territory=home))
    return render(
        request,
        "site/contact.html",
        {
            "operator_name": settings.CIVIC_OPERATOR_NAME,
            "operator_email": settings.CIVIC_OPERATOR_EMAIL,
            "operator_address": settings.CIVIC_OPERATOR_ADDRESS,
            "residency": residency,
            "executives": executives,
            "search_form": TerritorySearchForm(),
            "breadcrumbs": [(_("Home"), reverse("home")), (_("Contact"), None)],
        },
    )
