from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.health import run_checks
from apps.documents import selectors as document_selectors


@require_GET
def home(request):
    return render(
        request,
        "core/home.html",
        {"documents": document_selectors.document_list_for_home(language=request.LANGUAGE_CODE)},
    )


@never_cache
@require_GET
def healthz(request):
    """Machine-readable health: 200 when the database, cache and broker all answer, else 503."""
    checks = run_checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503)
