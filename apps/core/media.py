"""Sending a stored file (a photo) to someone a view has already allowed to see it.

With ``CIVIC_MEDIA_ACCEL_REDIRECT`` set, nginx sends the file itself from an
``internal`` location (docs/deployment.md); otherwise Django streams it from
the storage. A missing file is a 404, never a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse


def file_response(field, *, cache_control: str) -> HttpResponse:
    if settings.CIVIC_MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type="image/png" if field.name.endswith(".png") else "image/jpeg")
        response["X-Accel-Redirect"] = settings.CIVIC_MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + field.name
    else:
        try:
            response = FileResponse(field.open("rb"))
        except FileNotFoundError:
            raise Http404("No such photo") from None
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response
