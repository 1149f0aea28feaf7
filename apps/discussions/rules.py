"""Who may write in discussions (django-rules predicates).

Reading is open to everyone. Writing needs a signed-in user whose e-mail
address is verified (allauth) — the platform's minimum for participation.
"""

from __future__ import annotations

import datetime

import rules
from allauth.account.models import EmailAddress
from django.utils import timezone

EDIT_WINDOW = datetime.timedelta(minutes=15)


@rules.predicate
def has_verified_email(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_civic_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._civic_verified_email = cached
    return cached


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return comment is not None and comment.author_id == getattr(user, "pk", None)


@rules.predicate
def is_within_edit_window(user, comment) -> bool:
    return comment is not None and timezone.now() - comment.created_at <= EDIT_WINDOW


@rules.predicate
def is_visible_comment(user, comment) -> bool:
    return comment is not None and comment.is_visible


can_comment = has_verified_email
can_edit_comment = is_comment_author & is_visible_comment & is_within_edit_window & has_verified_email
can_delete_comment = is_comment_author & is_visible_comment
can_react = has_verified_email & ~is_comment_author & is_visible_comment

rules.add_perm("discussions.add_comment", can_comment)
rules.add_perm("discussions.change_comment", can_edit_comment)
rules.add_perm("discussions.delete_comment", can_delete_comment)
rules.add_perm("discussions.react_comment", can_react)
