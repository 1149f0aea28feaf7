"""Threads of comments, reused by everything people discuss.

A discussable object (a provision, a proposal; initiatives later) owns
one ``Thread`` through a one-to-one field of its own, so comments never need
generic relations. Counts live on the thread and the comment and are kept
exact by the services (one transaction, ``F()`` updates); ``thread_recount``
recomputes them from the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.transitions import Transition, TransitionTable

MAX_DEPTH = 1  # a comment (depth 0) and replies to it (depth 1): threads two levels deep


@dataclass(frozen=True)
class Discussable:
    """How a discussable model is reached from its ``Thread`` (registered by its app at start-up).

    The model itself implements the contract: ``discussion_is_open()``,
    ``discussion_territory()`` (None: a national matter, moderated from the
    Republic) and ``get_absolute_url()``; optionally ``discussion_stances()``,
    the stances its comments may take (all of ``Comment.Stance`` when absent:
    a proposal has no wording to suggest, a provision has).
    """

    #: The reverse name of the model's one-to-one field to ``Thread`` ("provision", "proposal").
    related_name: str
    #: From a Thread to the ``Territory`` whose staff moderate the discussion, as a lookup
    #: ("provision__document__territory"); lists filter on it in one query.
    territory_lookup: str
    #: What to ``select_related`` from a Thread so that the contract costs no query.
    select_related: tuple[str, ...] = ()


_DISCUSSABLES: dict[str, Discussable] = {}


def register_discussable(related_name: str, *, territory_lookup: str, select_related: tuple[str, ...] = ()) -> None:
    """Called from the ``ready()`` of an app whose model owns a Thread (documents, proposals, ...)."""
    _DISCUSSABLES[related_name] = Discussable(related_name, territory_lookup, select_related or (related_name,))


def discussables() -> list[Discussable]:
    return list(_DISCUSSABLES.values())


class Thread(TimeStampedModel):
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    for_count = models.PositiveIntegerField(_("for"), default=0)
    against_count = models.PositiveIntegerField(_("against"), default=0)
    suggestion_count = models.PositiveIntegerField(_("suggestions"), default=0)
    question_count = models.PositiveIntegerField(_("questions"), default=0)
    last_comment_at = models.DateTimeField(_("last comment"), null=True, blank=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self) -> str:
        return f"thread {self.pk} ({self.comment_count})"

    def owner(self):
        """What is discussed (a provision, a proposal ...), or None.

        An owner already loaded with the thread (``select_related``) is found first,
        so asking costs no query on the pages of either.
        """
        names = [item.related_name for item in _DISCUSSABLES.values()]
        for name in sorted(names, key=lambda name: not self._meta.get_field(name).is_cached(self)):
            try:
                return getattr(self, name)
            except ObjectDoesNotExist:
                continue
        return None

    def discussion_is_open(self) -> bool:
        """Comments are accepted (a document's discussion period may have ended; a proposal may be withdrawn)."""
        owner = self.owner()
        return owner is not None and owner.discussion_is_open()

    def stances(self) -> tuple[str, ...]:
        """The stances a top-level comment may take here (``discussion_stances``)."""
        return discussion_stances(self.owner())

    def territory(self):
        """The territory whose moderators look after this discussion (None: the whole Republic)."""
        owner = self.owner()
        return owner.discussion_territory() if owner is not None else None

    def get_absolute_url(self) -> str:
        """The page of what is discussed."""
        owner = self.owner()
        if owner is not None:
            return owner.get_absolute_url()
        raise LookupError(f"thread {self.pk} has no owner")


class Comment(TimeStampedModel):
    class Stance(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        SUGGESTION = "suggestion", _("Suggestion (new wording)")
        QUESTION = "question", _("Question")

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", _("Hidden by a moderator")
        REMOVED = "removed", _("Removed by the author")

    #: Every change of a comment's status (``services.comment_transition`` enforces it). Moderators hide
    #: and restore with a reason the author sees; the site hides automatically after reports
    #: (``apps.moderation``); the author removes their own text.
    TRANSITIONS = TransitionTable(
        [
            Transition(
                Status.VISIBLE,
                Status.HIDDEN,
                name="hide",
                permission="discussions.moderate_comment",
                reason_required=True,
            ),
            Transition(
                Status.HIDDEN,
                Status.VISIBLE,
                name="restore",
                permission="discussions.moderate_comment",
                reason_required=True,
            ),
            Transition(Status.VISIBLE, Status.REMOVED, name="remove", permission="discussions.delete_comment"),
        ]
    )
    #: The site hides a much-reported comment until a moderator decides (no permission: no actor).
    AUTO_HIDE = Transition(Status.VISIBLE, Status.HIDDEN, name="auto_hide", system=True, reason_required=True)

    #: Thread counter for each stance (top-level comments only).
    STANCE_COUNTERS = {
        Stance.FOR: "for_count",
        Stance.AGAINST: "against_count",
        Stance.SUGGESTION: "suggestion_count",
        Stance.QUESTION: "question_count",
    }

    thread = models.ForeignKey(Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    stance = models.CharField(_("stance"), max_length=16, choices=Stance.choices, blank=True)
    body = models.TextField(_("text"))
    body_html = models.TextField(_("text as HTML"), editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.VISIBLE)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    agree_count = models.PositiveIntegerField(_("agree"), default=0)
    disagree_count = models.PositiveIntegerField(_("disagree"), default=0)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "depth", "created_at"], name="discussions_comment_list_idx"),
            models.Index(fields=["parent", "created_at"], name="discussions_comment_reply_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(depth__lte=MAX_DEPTH), name="discussions_comment_depth_max"),
            models.CheckConstraint(
                condition=Q(depth=0, parent__isnull=True) | Q(depth__gt=0, parent__isnull=False),
                name="discussions_comment_depth_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} by {self.author_id}"

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.VISIBLE

    @property
    def is_removed(self) -> bool:
        return self.status == self.Status.REMOVED

    @property
    def is_hidden(self) -> bool:
        return self.status == self.Status.HIDDEN


def discussion_stances(discussed) -> tuple[str, ...]:
    """The stances comments on ``discussed`` (a Thread, or the object it discusses) may take, in order."""
    owner = discussed.owner() if isinstance(discussed, Thread) else discussed
    offered = getattr(owner, "discussion_stances", None)
    if offered is None:
        return tuple(Comment.Stance.values)
    allowed = set(offered())
    return tuple(value for value in Comment.Stance.values if value in allowed)


class CommentStatusChange(models.Model):
    """One change of a comment's status: who, when, why (the audit row of ``comment_transition``)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="status_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the site itself made the change (hidden after reports)."),
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Comment.Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=Comment.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("comment status change")
        verbose_name_plural = _("comment status changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"comment {self.comment_id}: {self.from_status} → {self.to_status}"


class CommentRevision(models.Model):
    """An earlier text of an edited comment (the edit history)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"revision of comment {self.comment_id} ({self.created_at:%Y-%m-%d %H:%M})"


class CommentReaction(TimeStampedModel):
    class Value(models.TextChoices):
        AGREE = "agree", _("Agree")
        DISAGREE = "disagree", _("Disagree")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reactions")
    value = models.CharField(_("reaction"), max_length=10, choices=Value.choices)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="discussions_one_reaction_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.value} on comment {self.comment_id}"


class Subscription(TimeStampedModel):
    """A person follows a discussion (notifications come with the notifications feature)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="discussions_one_subscription")]

    def __str__(self) -> str:
        return f"{self.user_id} follows thread {self.thread_id}"


class SuggestionResponse(TimeStampedModel):
    """The authority's answer to a suggested wording, in the report of a public discussion."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        DECLINED = "declined", _("Declined")

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="response")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("answered by")
    )

    class Meta:
        verbose_name = _("answer to a suggestion")
        verbose_name_plural = _("answers to suggestions")

    def __str__(self) -> str:
        return f"{self.decision} for comment {self.comment_id}"
