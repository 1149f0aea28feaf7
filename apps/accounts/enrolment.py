"""Setting up a staff member's first authenticator needs the mailbox, not only the password.

A role holder without an authenticator could otherwise be taken over by anyone
with their password: sign in, enrol one's own authenticator, pass every staff
check. So, for a person who needs a second factor (``mfa.user_requires_mfa``)
and has none yet, allauth's TOTP activation opens only within a short-lived
*permit* in the session, which only the one-time link e-mailed to their
verified address grants (``services.staff_enrolment_invite`` /
``staff_enrolment_accept``). The owner is also e-mailed by allauth whenever an
authenticator is added or removed (``MFA_EMAIL_NOTIFICATIONS``).
"""

from __future__ import annotations

import datetime
import hashlib

from allauth.mfa.models import Authenticator
from django.utils import timezone

#: How long an e-mailed link stays valid, and how long the permit it grants lasts.
LINK_LIFETIME = datetime.timedelta(hours=72)
PERMIT_LIFETIME = datetime.timedelta(minutes=30)
PERMIT_SESSION_KEY = "civic_staff_enrolment_permit"
#: New links a person may ask for themselves, per hour.
RESEND_LIMIT, RESEND_PERIOD = 3, 60 * 60


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def has_authenticator(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def needs_link(user) -> bool:
    """True when setting up an authenticator needs the e-mailed link (staff without one yet)."""
    from apps.accounts.mfa import user_requires_mfa

    return user_requires_mfa(user) and not has_authenticator(user)


def grant_permit(request, enrolment) -> None:
    request.session[PERMIT_SESSION_KEY] = {
        "enrolment": enrolment.pk,
        "user": str(enrolment.user_id),
        "until": (timezone.now() + PERMIT_LIFETIME).timestamp(),
    }


def permit_of(request) -> int | None:
    """The enrolment whose link this session opened (for this user, not expired), or None."""
    permit = request.session.get(PERMIT_SESSION_KEY)
    if not isinstance(permit, dict) or permit.get("user") != str(getattr(request.user, "pk", "")):
        return None
    if timezone.now().timestamp() > float(permit.get("until") or 0):
        return None
    return permit.get("enrolment")


def drop_permit(request) -> None:
    request.session.pop(PERMIT_SESSION_KEY, None)


def on_authenticator_added(sender, request, user, **kwargs) -> None:
    """The authenticator is set up: the links are spent and the permit ends."""
    from apps.accounts.services import staff_enrolment_complete

    staff_enrolment_complete(user=user)
    if request is not None and hasattr(request, "session"):
        drop_permit(request)
