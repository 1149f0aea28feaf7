"""allauth hooks: e-mails, the language saved at sign-in, and a per-account login limit that cannot lock the owner out.

allauth's e-mails are written in the recipient's saved language, greet from the
site's name (``CIVIC_SITE_NAME``; allauth would take the request's host, as
``django.contrib.sites`` is not installed) and end with the site's address and
its contact page (``templates/account/email``).

allauth limits failed sign-ins per IP and per account (``login_failed`` in
``ACCOUNT_RATE_LIMITS``). The per-account budget is shared by everyone who
types that e-mail address, so a stranger who knows an official's address can
keep them locked out. Civic follows OWASP's "device cookie" scheme:

- after a complete sign-in (every stage, the second factor included) the browser
  gets a signed, HttpOnly cookie naming the account(s) signed in on it;
- a failed attempt presenting a valid device cookie for that account counts
  against that device's own bucket (key ``<account>:device:<id>``), not the
  shared one, so strangers spending the shared budget do not lock out the
  owner's known browser (a device spending its own budget locks only itself);
- an account with a second factor is not locked by its per-account bucket at
  all: when the bucket is spent the password is still checked; a wrong one is
  refused as before (same message, counted against the IP), a right one leads
  to allauth's MFA stage, which has its own rate limit;
- the per-IP limits apply to everyone, before anything else.

The cookie authenticates nothing; it only decides which failure bucket counts.
"""

from __future__ import annotations

import secrets
from types import SimpleNamespace
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from apps.accounts.services import LANGUAGE_CODES, user_set_preferred_language
from apps.core.site import absolute_url, site_host, site_name

RATE_LIMIT_APP = "allauth.account"
LOGIN_FAILED = "login_failed"
DEVICE_COOKIE_SALT = "civic.accounts.device-cookie"
#: Accounts one browser remembers (a family computer, a shared office PC); the most recent first.
DEVICE_COOKIE_MAX_ACCOUNTS = 5
#: Authenticators for which allauth's MFA stage asks for a code (recovery codes alone do not).
MFA_STAGE_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def read_device_cookie(request) -> tuple[str, list[str]] | None:
    """``(device id, account pks)`` from a valid, unexpired device cookie, else ``None``."""
    value = request.COOKIES.get(settings.CIVIC_DEVICE_COOKIE_NAME)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=DEVICE_COOKIE_SALT, max_age=settings.CIVIC_DEVICE_COOKIE_AGE)
    except signing.BadSignature:  # tampered, signed with another key, or expired
        return None
    if not isinstance(data, dict):
        return None
    device, accounts = data.get("d"), data.get("a")
    if not isinstance(device, str) or not device or not isinstance(accounts, list):
        return None
    return device, [str(account) for account in accounts]


def device_cookie_value(device: str, accounts: list[str]) -> str:
    return signing.dumps({"d": device, "a": accounts}, salt=DEVICE_COOKIE_SALT)


def _login_failed_rates() -> tuple[str, str]:
    """allauth's ``login_failed`` rates split into (per IP, per account), in its own notation."""
    rates = account_settings.RATE_LIMITS.get(LOGIN_FAILED) or ""
    parts = [part.strip() for part in rates.split(",") if part.strip()]
    per_ip = [part for part in parts if ratelimit.parse_rate(part).per == "ip"]
    per_account = [part for part in parts if ratelimit.parse_rate(part).per != "ip"]
    return ",".join(per_ip), ",".join(per_account)


def _users_for_login(credentials: dict[str, Any]) -> list:
    """The accounts allauth's backend will try for these credentials (Civic signs in by e-mail)."""
    email = credentials.get("email")
    return filter_users_by_email(email, prefer_verified=True) if email else []


def _recipient_language(email: str, context: dict[str, Any]) -> str:
    """The saved language of the account the address belongs to, else the page's (a stranger's address)."""
    user = context.get("user")
    if getattr(user, "pk", None) is None:
        users = filter_users_by_email(email) if email else []
        user = users[0] if users else None
    language = getattr(user, "preferred_language", "")
    return language if language in LANGUAGE_CODES else translation.get_language()


class AccountAdapter(DefaultAccountAdapter):
    # -- e-mails --------------------------------------------------------------

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render in the recipient's language, with the site's name, address and contact page."""
        request = allauth_context.request
        with translation.override(_recipient_language(email, context)):
            site = {
                # What allauth's templates read as current_site.name / .domain.
                "current_site": SimpleNamespace(name=site_name(), domain=site_host(request)),
                "site_url": absolute_url(request, reverse("home")),
                "contact_url": absolute_url(request, reverse("contact")),
            }
            super().send_mail(template_prefix, email, {**context, **site})

    # -- signing in -----------------------------------------------------------

    def login(self, request, user):
        """Signing in on a Russian page means reading in Russian: save it as the person's language.

        The redirect keeps the page's language too (no override of the login
        redirect): the address, never the saved preference, decides a page.
        """
        super().login(request, user)
        user_set_preferred_language(user=user, language=translation.get_language())

    # -- failed sign-ins ------------------------------------------------------

    def pre_authenticate(self, request, **credentials: Any) -> None:
        """Spend the per-IP budget, then the device's or the account's; see the module docstring."""
        self._civic_password_before_mfa = False
        per_ip, per_account = _login_failed_rates()
        ip_usage = ratelimit.consume(request, app=RATE_LIMIT_APP, action=LOGIN_FAILED, config={LOGIN_FAILED: per_ip})
        if not ip_usage:
            raise self.validation_error("too_many_login_attempts")

        # The same key allauth uses for the shared per-account bucket (site and lower-cased login).
        account_key = self._get_login_attempts_cache_key(request, **credentials)
        device = self._known_device(request, credentials)
        key = f"{account_key}:device:{device}" if device else account_key
        account_usage = ratelimit.consume(
            request, app=RATE_LIMIT_APP, action=LOGIN_FAILED, config={LOGIN_FAILED: per_account}, key=key
        )
        if account_usage:
            # allauth's authenticate() rolls both back when the password is right.
            self._login_failed_rl_usage = ratelimit.RateLimitUsage(usage=ip_usage.usage + account_usage.usage)
            return
        if not getattr(self, "_civic_reauthenticating", False) and any(
            is_mfa_enabled(user, MFA_STAGE_TYPES) for user in _users_for_login(credentials)
        ):
            # A password alone does not sign this account in: check it, and let the MFA stage decide.
            self._login_failed_rl_usage = ip_usage
            self._civic_password_before_mfa = True
            return
        raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request, **credentials: Any):
        user = super().authenticate(request, **credentials)
        if getattr(self, "_civic_password_before_mfa", False):
            self._civic_password_before_mfa = False
            if user is None or not is_mfa_enabled(user, MFA_STAGE_TYPES):
                # The attempt was counted (per IP) by pre_authenticate; the lockout message stays.
                raise self.validation_error("too_many_login_attempts")
        return user

    def reauthenticate(self, user, password: str) -> bool:
        # Someone already holding the session re-enters the password; no MFA stage follows,
        # so a spent per-account budget must refuse here as allauth does.
        self._civic_reauthenticating = True
        try:
            return super().reauthenticate(user, password)
        finally:
            self._civic_reauthenticating = False

    def _known_device(self, request, credentials: dict[str, Any]) -> str | None:
        """The device id when the request carries a device cookie naming the account being signed in to."""
        cookie = read_device_cookie(request)
        if cookie is None:
            return None
        device, accounts = cookie
        if any(str(user.pk) in accounts for user in _users_for_login(credentials)):
            return device
        return None

    # -- successful sign-ins --------------------------------------------------

    def post_login(self, request, user, **kwargs: Any):
        """Every stage passed (password, e-mail, second factor): this browser now knows the account."""
        response = super().post_login(request, user, **kwargs)
        cookie = read_device_cookie(request)
        device, accounts = cookie if cookie else (secrets.token_urlsafe(16), [])
        accounts = [str(user.pk), *(account for account in accounts if account != str(user.pk))]
        response.set_cookie(
            settings.CIVIC_DEVICE_COOKIE_NAME,
            device_cookie_value(device, accounts[:DEVICE_COOKIE_MAX_ACCOUNTS]),
            max_age=settings.CIVIC_DEVICE_COOKIE_AGE,
            secure=settings.CIVIC_DEVICE_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response
