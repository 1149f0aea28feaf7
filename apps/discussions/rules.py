"""Who may write in discussions, report and moderate comments.

Reading is open to everyone. Writing needs a signed-in user whose e-mail
address is verified (allauth) — the platform's minimum for participation —
and an open discussion. The rights of an author (edit within 15 minutes,
remove) are the author's alone: no superuser or staff role gives them.
Moderating needs a moderation role covering the territory of what is discussed
(a national document: a role on the Republic), and the second factor.

Moderation (``apps.moderation``) plugs in here: it stores reports and keeps
the queue, but who may report and who may hide is decided by these rules and
the comment's status table (``Comment.TRANSITIONS``).
"""

from __future__ import annotations

import datetime

import rules
from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.rules import is_authenticated
from apps.core.permissions import define
from apps.territories.rules import (
    ANSWER_ROLES,
    MODERATION_ROLES,
    has_role_over,
    staff_right,
    territory_or_republic,
)

EDIT_WINDOW = datetime.timedelta(minutes=15)

SIGN_IN = _("Sign in to take part in discussions.")
VERIFY_EMAIL = _("Verify your e-mail address to take part in discussions.")


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
def is_open_discussion(user, discussed) -> bool:
    """A thread, or a discussable object (provision, proposal) that has none yet, accepts comments."""
    return discussed is not None and discussed.discussion_is_open()


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return comment is not None and comment.author_id == getattr(user, "pk", None)


@rules.predicate
def is_within_edit_window(user, comment) -> bool:
    return comment is not None and timezone.now() - comment.created_at <= EDIT_WINDOW


@rules.predicate
def is_visible_comment(user, comment) -> bool:
    return comment is not None and comment.is_visible


@rules.predicate
def is_top_level_suggestion(user, comment) -> bool:
    return comment is not None and comment.depth == 0 and comment.stance == comment.Stance.SUGGESTION


@rules.predicate
def can_moderate_discussion(user, comment) -> bool:
    return comment is not None and has_role_over(
        user, territory_or_republic(comment.thread.territory()), MODERATION_ROLES
    )


@rules.predicate
def can_answer_in_discussion(user, comment) -> bool:
    return comment is not None and has_role_over(user, territory_or_republic(comment.thread.territory()), ANSWER_ROLES)


define(
    "discussions.add_comment",
    (is_authenticated, SIGN_IN),
    (has_verified_email, VERIFY_EMAIL),
    (is_open_discussion, _("The discussion is closed: comments are read-only.")),
    obj="thread, or what is discussed (provision, proposal)",
)
define(
    "discussions.change_comment",
    (is_authenticated, SIGN_IN),
    (is_comment_author, _("Only the author can edit a comment.")),
    (is_visible_comment, _("This comment can no longer be edited.")),
    (is_within_edit_window, _("Comments can be edited by their author within 15 minutes.")),
    (has_verified_email, VERIFY_EMAIL),
    obj="comment",
)
define(
    "discussions.delete_comment",
    (is_authenticated, SIGN_IN),
    (is_comment_author, _("Only the author can remove a comment.")),
    (is_visible_comment, _("This comment can no longer be removed.")),
    obj="comment",
)
define(
    "discussions.react_comment",
    (is_authenticated, SIGN_IN),
    (has_verified_email, VERIFY_EMAIL),
    (~is_comment_author, _("You cannot react to your own comment.")),
    (is_visible_comment, _("You cannot react to this comment.")),
    obj="comment",
)
define(
    "discussions.report_comment",
    (is_authenticated, SIGN_IN),
    (has_verified_email, VERIFY_EMAIL),
    (~is_comment_author, _("You cannot report your own comment.")),
    (is_visible_comment, _("You cannot report this comment.")),
    obj="comment",
)
define("discussions.follow", (is_authenticated, _("Sign in to follow discussions.")), obj="thread")
define(
    "discussions.moderate_comment",
    *staff_right(can_moderate_discussion, _("Only moderators of this territory may moderate its discussions.")),
    obj="comment",
)
define(
    "discussions.answer_suggestion",
    *staff_right(
        can_answer_in_discussion, _("Only officials and administrators of this territory may answer suggestions.")
    ),
    (is_top_level_suggestion & is_visible_comment, _("Only visible suggestions are answered in the report.")),
    obj="comment",
)
