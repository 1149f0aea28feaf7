"""The language of the page a person opens is the one they chose, and it sticks.

The switcher is plain links to the same page in each language
(``core.templatetags.languages``). Opening a page under a language prefix sets
the language cookie (what Django's LocaleMiddleware reads for addresses without
a prefix, such as ``/``), so a choice made on one page holds on the next.
Nothing is ever *forced* on a page: its address decides its language.

A signed-in person's saved preference (the language of their e-mails and
notifications) follows a *switch*: a page opened in another language than the
one this browser had. A browser with no cookie yet (a new phone opening a
shared ``/kk/`` link) changes nothing saved; signing in saves the language of
the sign-in page (``AccountAdapter.login``).
"""

from django.conf import settings
from django.utils.translation import get_language_from_path

from apps.accounts.services import user_set_preferred_language


class PageLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = get_language_from_path(request.path_info)
        # Only a page that was read: not an error, not a form being posted.
        if language is None or request.method not in ("GET", "HEAD") or response.status_code >= 400:
            return response
        had = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if had != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
            user = getattr(request, "user", None)
            if had and user is not None and user.is_authenticated and user.preferred_language != language:
                user_set_preferred_language(user=user, language=language)
        return response


class SecondFactorMiddleware:
    """Tell the permission predicates whether the request's user passed the second factor.

    The answer is computed lazily (only when a staff right is asked) and once
    per request; it is attached to the user object, which is what predicates see.
    Goes after allauth's AccountMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.functional import SimpleLazyObject, empty

        from apps.accounts.rules import CHECK_ATTRIBUTE

        original = request.user

        def load():
            user = original
            if isinstance(original, SimpleLazyObject):
                if original._wrapped is empty:
                    original._setup()
                user = original._wrapped
            if getattr(user, "is_authenticated", False):
                from apps.accounts.mfa import second_factor_verified

                setattr(user, CHECK_ATTRIBUTE, lambda: second_factor_verified(request, user))
            return user

        request.user = SimpleLazyObject(load)
        return self.get_response(request)
