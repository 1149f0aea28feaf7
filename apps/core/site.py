"""The site as a whole: its name, and absolute addresses of its pages for e-mails."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import pgettext


def site_name() -> str:
    """``CIVIC_SITE_NAME`` in the active language.

    "Civic" is in the catalogues with the context "site name" (the header and
    footer use it); another name set by an operator is shown as it is.
    """
    return pgettext("site name", settings.CIVIC_SITE_NAME)


def absolute_url(request, path: str) -> str:
    """``path`` on this site: the host the request came to, else ``CIVIC_SITE_URL`` (no request: a task)."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.CIVIC_SITE_URL.rstrip("/") + path


def site_host(request) -> str:
    """The host name (and port) of the site, as in its addresses."""
    return request.get_host() if request is not None else urlsplit(settings.CIVIC_SITE_URL).netloc
