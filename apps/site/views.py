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

HEALTH_TOKEN_HEADER = "X-Health-Token"  # noqa: S105 (a header name, not a secret)


@require_GET
def home(request):
    return render(
        request,
        "site/home.html",
        {"documents": document_selectors.document_list_for_home(language=request.LANGUAGE_CODE)},
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
