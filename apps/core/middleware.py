"""Keep characters that no database text can hold away from the views.

No form, URL, search or cookie of Civic ever needs U+0000, yet it reaches views
through paths (``%00`` is decoded into ``request.path``), query strings, form
fields and cookies (``"\\000"`` in a quoted cookie value). PostgreSQL cannot
store it in text and refuses it even in a lookup (``DataError``: an HTTP 500),
and SQLite compares it oddly. Lone surrogates (U+D800 to U+DFFF) cannot be
encoded in UTF-8 at all, so the database driver fails on them too. Django
already turns bytes that are not UTF-8 into ``%XX`` in the path and into U+FFFD
in query strings and forms, so these are the only characters to watch for.
Checking each view would leave the next one open, so it is done here, once for
all.
"""

from __future__ import annotations

import re

from django.core.exceptions import BadRequest
from django.http import QueryDict

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _unstorable(text: str) -> bool:
    return UNSTORABLE.search(text) is not None


def _has_unstorable(data: QueryDict) -> bool:
    return any(_unstorable(key) or any(map(_unstorable, values)) for key, values in data.lists())


class RejectNulMiddleware:
    """Answer 400 when the path, the query string or the posted form holds NUL (or a lone surrogate).

    Raising ``BadRequest`` lets Django's handler render templates/400.html and
    log a warning (not an error: this is bad input, not a fault of the site).
    Goes after LocaleMiddleware, so that the page speaks the request's language,
    and before every middleware and view that reads the request's data.

    A cookie holding such a character is ignored instead, as Django ignores a
    malformed session key: a 400 would not help, since the browser would send
    the cookie again with every request (and the 400 page itself, showing who is
    signed in, would read the session).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # request.POST is parsed only for POST, as Django does; CsrfViewMiddleware
        # would parse it right after anyway.
        if (
            _unstorable(request.path)
            or _has_unstorable(request.GET)
            or (request.method == "POST" and _has_unstorable(request.POST))
        ):
            raise BadRequest("NUL or a lone surrogate in the path, query string or form data.")
        self._drop_unstorable_cookies(request)
        return self.get_response(request)

    @staticmethod
    def _drop_unstorable_cookies(request):
        bad = [name for name, value in request.COOKIES.items() if _unstorable(name) or _unstorable(value)]
        if not bad:
            return
        request.COOKIES = {name: value for name, value in request.COOKIES.items() if name not in bad}
        session = getattr(request, "session", None)
        if session is not None and session.session_key is not None and _unstorable(session.session_key):
            # SessionMiddleware has already made the store from the cookie; loading it
            # would send the NUL to the database. A fresh one is an anonymous visit.
            request.session = type(session)()
