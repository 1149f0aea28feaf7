"""Writes on users. Views, forms and commands call these; nothing else saves a User."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from apps.accounts.models import User
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
