"""Second factor for staff.

Akimat staff and administrators act on other people's data, so a stolen
password alone must not be enough (OWASP ASVS 6.3.3). The rule: a user who
*needs* MFA may reach staff pages (and the Django admin) only when they have a
TOTP authenticator and used a second factor in the current session. Residents
may turn MFA on for themselves but are not required to.

``user_requires_mfa`` is the one place that decides who counts as staff here;
the territories app extends it to StaffRole holders.

allauth refuses a TOTP code that was already accepted (a replay) with the same
"Incorrect code." as a wrong one; the forms below (``MFA_FORMS``) say instead
that the code was used and that the next one is coming.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from allauth.account.authentication import get_authentication_records
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Further reasons a user counts as staff, registered by other apps at start-up
#: (the territories app adds "holds a StaffRole"), so accounts depends on none of them.
STAFF_CHECKS: list[Callable[[object], bool]] = []


def user_requires_mfa(user) -> bool:
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or any(check(user) for check in STAFF_CHECKS))


def user_has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_used_mfa(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def mfa_satisfied(request) -> bool:
    """True when the request's user may see staff pages as far as MFA is concerned."""
    if not settings.CIVIC_STAFF_REQUIRE_MFA or not user_requires_mfa(request.user):
        return True
    from apps.accounts.rules import has_second_factor

    # Asked through the predicate so that the answer is computed once per request.
    return has_second_factor(request.user)


def second_factor_verified(request, user) -> bool:
    """True when ``user``, signed in by ``request``, has an authenticator and used it in this session.

    What ``accounts.rules.has_second_factor`` asks (through ``SecondFactorMiddleware``).
    """
    if not getattr(user, "is_authenticated", False):
        return False
    records = get_authentication_records(request, user)
    return user_has_totp(user) and any(record.get("method") == "mfa" for record in records)


def staff_mfa_required(view_func):
    """Decorator for staff pages: signed in, staff, and second factor used.

    - anonymous → the sign-in page;
    - signed in but not staff → 403;
    - staff without an authenticator → the page to set one up, with an explanation;
    - staff with an authenticator who signed in before it existed → sign in again.
    """

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_requires_mfa(user):
            raise PermissionDenied
        if not mfa_satisfied(request):
            if not user_has_totp(user):
                # The activation page asks for the e-mailed link (apps.accounts.enrolment).
                messages.warning(
                    request,
                    _("Staff pages need two-factor authentication. Set up an authenticator app first."),
                )
                return redirect("mfa_activate_totp")
            messages.warning(request, _("Sign in again with your authenticator code to open staff pages."))
            return redirect_to_login(request.get_full_path())
        return view_func(request, *args, **kwargs)

    return wrapper


# -- the code of an authenticator app, entered twice --------------------------------


def totp_code_already_used(user, code: str) -> bool:
    """True when ``code`` is right for the user's authenticator app just now.

    Asked only after allauth refused the code: a right code is refused only
    because it was accepted once already (allauth remembers used codes for a period).
    """
    return any(
        validate_totp_code(decrypt(authenticator.data["secret"]), code)
        for authenticator in Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
    )


class _UsedCodeMessage:
    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except ValidationError as error:
            if error.code == "incorrect_code" and totp_code_already_used(self.user, self.cleaned_data["code"]):
                raise ValidationError(
                    gettext_lazy("This code has already been used. Wait for the next code in your app."),
                    code="code_used",
                ) from None
            raise


class AuthenticateForm(_UsedCodeMessage, mfa_forms.AuthenticateForm):
    """The second step of signing in."""


class ReauthenticateForm(_UsedCodeMessage, mfa_forms.ReauthenticateForm):
    """Confirming access again with the second factor (before a sensitive change)."""
