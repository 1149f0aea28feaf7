"""Writes on users. Views, forms and commands call these; nothing else saves a User."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts import enrolment
from apps.accounts.models import StaffEnrolment, User
from apps.accounts.names import clean_display_name

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


@transaction.atomic
def user_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    """Set the name others see (cleaned of invisible characters, see ``names``) and the language Civic speaks in."""
    if preferred_language not in LANGUAGE_CODES:
        raise ValueError(f"Unknown language {preferred_language!r}")
    name = clean_display_name(display_name)[:80].rstrip()
    if not name:
        raise ValueError("A display name needs at least one visible character.")
    user.display_name = name
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    return user


def user_set_preferred_language(*, user: User, language: str) -> None:
    """Remember the language a signed-in user switched to (one UPDATE, no signal)."""
    if language in LANGUAGE_CODES and user.preferred_language != language:
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language


# ---------------------------------------------------------------------------
# Staff enrolment: the first authenticator of a staff member (see ``enrolment``)
# ---------------------------------------------------------------------------


def _enrolment_link(token: str, language: str) -> str:
    with translation.override(language):
        path = reverse("accounts:staff-enrolment", kwargs={"token": token})
    return settings.CIVIC_SITE_URL.rstrip("/") + path


def _send_enrolment_mail(*, user: User, link: str, invited_by: User | None) -> None:
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(user=user, verified=True, primary=True).first() or (
        EmailAddress.objects.filter(user=user, verified=True).first()
    )
    if address is None:  # nobody to send it to: an administrator hands the link over (staff_enrolment_link)
        return
    context = {
        "user": user,
        "link": link,
        "invited_by": invited_by,
        "hours": int(enrolment.LINK_LIFETIME.total_seconds() // 3600),
    }
    with translation.override(user.preferred_language):
        subject = " ".join(render_to_string("accounts/email/staff_enrolment_subject.txt", context).split())
        body = render_to_string("accounts/email/staff_enrolment_message.txt", context)
    send_mail(subject, body, None, [address.email])


@transaction.atomic
def staff_enrolment_invite(*, user: User, invited_by: User | None = None) -> tuple[StaffEnrolment, str]:
    """A fresh one-time link for ``user`` to set up their authenticator, e-mailed after the commit.

    Earlier unused links stop working. Returns the enrolment and the link (for the
    ``staff_enrolment_link`` command: an administrator may hand it over in person).
    """
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    StaffEnrolment.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    invitation = StaffEnrolment.objects.create(
        user=user,
        token_hash=enrolment.token_hash(token),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + enrolment.LINK_LIFETIME,
    )
    link = _enrolment_link(token, user.preferred_language)
    transaction.on_commit(lambda: _send_enrolment_mail(user=user, link=link, invited_by=invited_by))
    return invitation, link


def staff_enrolment_accept(*, user: User, token: str) -> StaffEnrolment:
    """The enrolment ``token`` opens, if it is ``user``'s own, unused and not expired; else ValidationError."""
    found = StaffEnrolment.objects.filter(token_hash=enrolment.token_hash(token or "")).first()
    if found is None or found.user_id != user.pk:
        raise ValidationError(_("This link is not valid for your account."), code="invalid")
    if found.used_at is not None:
        raise ValidationError(_("This link was already used."), code="used")
    if not found.is_usable:
        raise ValidationError(_("This link has expired."), code="expired")
    return found


@transaction.atomic
def staff_enrolment_complete(*, user: User) -> int:
    """An authenticator was added: the open links of ``user`` are spent. Returns how many."""
    return StaffEnrolment.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
