"""Keep the language cookie in step with a signed-in user's saved preference.

A user who chose Russian on their phone gets Russian on a new computer as
soon as they sign in: the cookie (what Django's LocaleMiddleware reads for
URLs without a language prefix) follows ``User.preferred_language``.
"""

from django.conf import settings


class PreferredLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.preferred_language
            if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
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
