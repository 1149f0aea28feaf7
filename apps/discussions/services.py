"""Writes on discussions: comments, edits, removals, reactions — counts kept exact.

Every service runs in one transaction, checks the actor's permission and
updates the denormalised counters with ``F()`` expressions so concurrent
writers do not lose updates. ``thread_recount`` recomputes every counter from
the rows (used by tests and for reconciliation).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core import permissions
from apps.core.ratelimit import allow
from apps.core.text import count, render_markdown
from apps.core.transitions import Transition
from apps.discussions import signals
from apps.discussions.models import (
    MAX_DEPTH,
    Comment,
    CommentReaction,
    CommentRevision,
    CommentStatusChange,
    Subscription,
    Thread,
)

MAX_LENGTH = 5000
RATE_LIMIT = 10  # comments ...
RATE_PERIOD = 10 * 60  # ... per 10 minutes and person


def too_long_message(length: int) -> str:
    """What a person is told about a comment over ``MAX_LENGTH``: how long it is and by how much to shorten it."""
    return ngettext(
        "The comment has %(length)s character; the limit is %(limit)s. Shorten it by %(excess)s.",
        "The comment has %(length)s characters; the limit is %(limit)s. Shorten it by %(excess)s.",
        length,
    ) % {"length": count(length), "limit": count(MAX_LENGTH), "excess": count(length - MAX_LENGTH)}


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write something first: the comment is empty."), code="empty")
    if len(body) > MAX_LENGTH:
        raise ValidationError(too_long_message(len(body)), code="too_long")
    return body


def thread_counter_updates(comment: Comment, sign: int) -> dict:
    """F() updates of the thread counters for one visible comment appearing (+1) or going (-1)."""
    updates = {"comment_count": F("comment_count") + sign}
    counter = Comment.STANCE_COUNTERS.get(comment.stance) if comment.depth == 0 else None
    if counter:
        updates[counter] = F(counter) + sign
    return updates


@transaction.atomic
def comment_create(*, actor, thread: Thread, body: str, stance: str = "", parent: Comment | None = None) -> Comment:
    """Post a comment (``stance`` required at the top level) or a reply to a top-level comment."""
    permissions.require(actor, "discussions.add_comment", thread)
    body = _clean_body(body)
    if parent is not None:
        if parent.thread_id != thread.pk:
            raise ValidationError(_("That comment belongs to another discussion."), code="parent")
        if parent.depth >= MAX_DEPTH:
            raise ValidationError(
                _("Replies go one level deep: reply to the comment itself, not to a reply."), code="depth"
            )
        if not parent.is_visible:
            raise ValidationError(_("This comment can no longer be answered."), code="parent")
        stance = ""
    else:
        stances = thread.stances()
        if stance == Comment.Stance.SUGGESTION and stance not in stances:
            # A proposal has no wording to amend: "suggested wording" is for provisions of an act.
            raise ValidationError(
                _(
                    "This discussion has no wording to suggest changes to: "
                    "say whether you are for or against, or ask a question."
                ),
                code="stance",
            )
        if stance not in stances:
            raise ValidationError(
                _("Choose whether you are for, against, suggest a wording or ask.")
                if Comment.Stance.SUGGESTION in stances
                else _("Choose whether you are for or against, or ask a question."),
                code="stance",
            )
    if not allow(f"comment:{actor.pk}", limit=RATE_LIMIT, period=RATE_PERIOD):
        raise ValidationError(
            _("You have written %(limit)d comments in the last 10 minutes. Please wait a little before the next one.")
            % {"limit": RATE_LIMIT},
            code="rate_limit",
        )
    Subscription.objects.get_or_create(thread=thread, user=actor)  # authors follow what they joined
    comment = Comment.objects.create(
        thread=thread,
        author=actor,
        parent=parent,
        depth=0 if parent is None else parent.depth + 1,
        stance=stance,
        body=body,
        body_html=render_markdown(body),
    )
    Thread.objects.filter(pk=thread.pk).update(
        **thread_counter_updates(comment, +1), last_comment_at=comment.created_at
    )
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
    return comment


@transaction.atomic
def comment_edit(*, actor, comment: Comment, body: str) -> Comment:
    """The author corrects their comment within 15 minutes; the earlier text is kept."""
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    permissions.require(actor, "discussions.change_comment", locked)
    body = _clean_body(body)
    if body == locked.body:
        return locked
    CommentRevision.objects.create(comment=locked, body=locked.body, created_at=locked.edited_at or locked.created_at)
    locked.body = body
    locked.body_html = render_markdown(body)
    locked.edited_at = timezone.now()
    locked.save(update_fields=["body", "body_html", "edited_at", "updated_at"])
    return locked


def comment_remove(*, actor, comment: Comment) -> Comment:
    """The author removes their comment: its text goes, a placeholder keeps the replies readable."""
    return comment_transition(actor=actor, comment=comment, to_status=Comment.Status.REMOVED)


def _clean_reason(reason: str) -> str:
    return " ".join((reason or "").split())[:1000]


@transaction.atomic
def comment_transition(
    *, actor, comment: Comment, to_status: str, reason: str = "", step: Transition | None = None
) -> Comment:
    """Change a comment's status along ``Comment.TRANSITIONS``: the only way it changes.

    Locks the row, asks the step's permission of ``actor`` (``step`` names a
    system step such as ``Comment.AUTO_HIDE``, taken with ``actor=None``),
    updates ``WHERE status = <old>``, keeps the counters exact and writes the
    ``CommentStatusChange`` audit row, all in one transaction; receivers of
    ``signals.comment_status_changed`` hear of it after the commit.
    """
    locked = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
    if step is None:
        step = Comment.TRANSITIONS.get(locked.status, to_status)
    elif (step.source, step.target) != (locked.status, to_status):
        step = None
    if step is None:
        if locked.status == Comment.Status.REMOVED:
            raise ValidationError(_("The author has already removed this comment."), code="removed")
        raise ValidationError(
            _("A comment that is “%(status)s” cannot become “%(to)s”.")
            % {"status": locked.get_status_display(), "to": Comment.Status(to_status).label},
            code="transition",
        )
    if step.system:
        if actor is not None:
            raise PermissionDenied(_("Only the site itself takes this step."))
    else:
        permissions.require(actor, step.permission, locked)
    reason = _clean_reason(reason)
    if step.reason_required and not reason:
        raise ValidationError(_("Give the reason for your decision: the author will see it."), code="reason")
    old = locked.status
    fields: dict = {"status": to_status, "updated_at": timezone.now()}
    if to_status == Comment.Status.REMOVED:
        fields.update(body="", body_html="")
    if not Comment.objects.filter(pk=locked.pk, status=old).update(**fields):
        raise ValidationError(_("Someone else changed this comment a moment ago; reload the page."), code="stale")
    if to_status == Comment.Status.REMOVED:
        locked.revisions.all().delete()
    # A visible comment is counted; hidden and removed ones are not.
    sign = (to_status == Comment.Status.VISIBLE) - (old == Comment.Status.VISIBLE)
    if sign:
        Thread.objects.filter(pk=locked.thread_id).update(**thread_counter_updates(locked, sign))
        if locked.parent_id:
            Comment.objects.filter(pk=locked.parent_id).update(reply_count=F("reply_count") + sign)
    change = CommentStatusChange.objects.create(
        comment=locked, actor=actor, from_status=old, to_status=to_status, reason=reason
    )
    for name, value in fields.items():
        setattr(locked, name, value)
        setattr(comment, name, value)
    transaction.on_commit(lambda: signals.comment_status_changed.send(sender=Comment, comment=locked, change=change))
    return locked


@transaction.atomic
def comment_react(*, actor, comment: Comment, value: str | None) -> Comment:
    """Agree or disagree (one reaction per person, changeable); ``None`` takes it back."""
    if value is not None and value not in CommentReaction.Value.values:
        raise ValidationError(_("Unknown reaction."), code="value")
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    permissions.require(actor, "discussions.react_comment", locked)
    previous = CommentReaction.objects.filter(comment=locked, user=actor).first()
    old = previous.value if previous else None
    if old == value:
        return locked
    counters = {CommentReaction.Value.AGREE: "agree_count", CommentReaction.Value.DISAGREE: "disagree_count"}
    updates = {}
    if old:
        updates[counters[old]] = F(counters[old]) - 1
    if value:
        updates[counters[value]] = F(counters[value]) + 1
    if previous and value:
        previous.value = value
        previous.save(update_fields=["value", "updated_at"])
    elif previous:
        previous.delete()
    else:
        CommentReaction.objects.create(comment=locked, user=actor, value=value)
    Comment.objects.filter(pk=locked.pk).update(**updates)
    locked.refresh_from_db(fields=["agree_count", "disagree_count"])
    return locked


@transaction.atomic
def thread_recount(*, thread: Thread) -> Thread:
    """Recompute every counter of a thread and its comments from the rows."""
    visible = Q(status=Comment.Status.VISIBLE)
    totals = Comment.objects.filter(thread=thread).aggregate(
        comment_count=Count("pk", filter=visible),
        **{
            counter: Count("pk", filter=visible & Q(depth=0, stance=stance))
            for stance, counter in Comment.STANCE_COUNTERS.items()
        },
    )
    Thread.objects.filter(pk=thread.pk).update(**totals)
    for comment in Comment.objects.filter(thread=thread).annotate(
        agrees=Count("reactions", filter=Q(reactions__value="agree"), distinct=True),
        disagrees=Count("reactions", filter=Q(reactions__value="disagree"), distinct=True),
        visible_replies=Count("replies", filter=Q(replies__status=Comment.Status.VISIBLE), distinct=True),
    ):
        if (comment.agree_count, comment.disagree_count, comment.reply_count) != (
            comment.agrees,
            comment.disagrees,
            comment.visible_replies,
        ):
            Comment.objects.filter(pk=comment.pk).update(
                agree_count=comment.agrees, disagree_count=comment.disagrees, reply_count=comment.visible_replies
            )
    thread.refresh_from_db()
    return thread


@transaction.atomic
def thread_follow(*, actor, thread: Thread, follow: bool = True) -> bool:
    """Follow (or stop following) a discussion; returns whether the person now follows it."""
    permissions.require(actor, "discussions.follow", thread)
    if follow:
        Subscription.objects.get_or_create(thread=thread, user=actor)
    else:
        Subscription.objects.filter(thread=thread, user=actor).delete()
    return follow


@transaction.atomic
def suggestion_respond(*, actor, comment: Comment, decision: str, reason: str):
    """Officials answer a suggested wording once the discussion has closed (accepted / partly / declined)."""
    from apps.discussions.models import SuggestionResponse

    locked = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
    permissions.require(actor, "discussions.answer_suggestion", locked)
    if locked.thread.discussion_is_open():
        raise ValidationError(_("The report is written after the discussion has closed."), code="open")
    if decision not in SuggestionResponse.Decision.values:
        raise ValidationError(_("Choose accepted, partly accepted or declined."), code="decision")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Explain the decision: residents will read it in the report."), code="reason")
    response, _created = SuggestionResponse.objects.update_or_create(
        comment=locked, defaults={"decision": decision, "reason": reason[:2000], "responder": actor}
    )
    return response
