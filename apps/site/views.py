"""The home page and the health check."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core import permissions
from apps.core.health import run_checks
from apps.documents import selectors as document_selectors
from apps.proposals import selectors as proposal_selectors
from apps.territories.forms import TerritorySearchForm
from apps.territories.selectors import residency_current

HEALTH_TOKEN_HEADER = "X-Health-Token"  # noqa: S105 (a header name, not a secret)


@require_GET
def home(request):
    """What a resident comes for first: finding their place, and what is open for their vote there."""
    territory = None
    if request.user.is_authenticated:
        verified, pending = residency_current(user=request.user)
        territory = (verified or pending).territory if (verified or pending) else None
    proposals = proposal_selectors.proposal_open_for(territory=territory)
    nearby = territory is not None and bool(proposals)
    if territory is not None and not proposals:
        proposals = proposal_selectors.proposal_open_for(territory=None)
    return render(
        request,
        "site/home.html",
        {
            "search_form": TerritorySearchForm(),
            "territory": territory,
            "nearby": nearby,
            "proposals": proposals,
            "documents": document_selectors.document_list_for_home(language=request.LANGUAGE_CODE),
        },
    )


def _may_see_health_details(request) -> bool:
    """Which backends answer (and how they fail) helps an attacker: staff or the monitor's token only."""
    token = settings.CIVIC_HEALTH_TOKEN
    given = request.headers.get(HEALTH_TOKEN_HEADER, "")
    if token and given and secrets.compare_digest(given.encode(), token.encode()):
        return True
    return permissions.can(request.user, "site.view_health_details")


@never_cache
@require_GET
def healthz(request):
    """200 when the database, cache and broker all answer, else 503; the details for staff or a token."""
    checks = run_checks()
    healthy = all(check["ok"] for check in checks.values())
    body: dict = {"status": "ok" if healthy else "fail"}
    if _may_see_health_details(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if healthy else 503)
