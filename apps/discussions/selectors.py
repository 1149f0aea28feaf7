"""Reads on discussions: a page of a thread in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch

from apps.discussions.models import Comment, CommentReaction, Thread
from apps.moderation.models import ModerationAction

PER_PAGE = 20
#: Allowed sort orders (never taken from the request as they are).
SORTS = {
    "oldest": ("created_at", "pk"),
    "newest": ("-created_at", "-pk"),
    "agreed": ("-agree_count", "created_at", "pk"),
}
DEFAULT_SORT = "oldest"


@dataclass
class ThreadPage:
    thread: Thread
    page: Page
    sort: str
    my_reactions: dict[int, str]
    is_following: bool = False


def thread_page(*, thread: Thread, user, sort: str | None = None, page_number=None) -> ThreadPage:
    """Top-level comments of a page with their replies, authors and the reader's reactions.

    A fixed number of queries whatever the size of the thread: count, page, replies,
    decisions (x2), and for a signed-in reader their reactions and whether they follow.
    """
    sort = sort if sort in SORTS else DEFAULT_SORT
    top = (
        Comment.objects.filter(thread=thread, depth=0)
        .select_related("author", "response")
        .prefetch_related(
            Prefetch("replies", queryset=Comment.objects.select_related("author").order_by("created_at", "pk")),
            # The latest moderation decision, shown to the author of a hidden comment.
            Prefetch("moderation_actions", queryset=ModerationAction.objects.order_by("-created_at", "-pk")),
            Prefetch("replies__moderation_actions", queryset=ModerationAction.objects.order_by("-created_at", "-pk")),
        )
        .order_by(*SORTS[sort])
    )
    page = Paginator(top, PER_PAGE).get_page(page_number)
    my_reactions: dict[int, str] = {}
    if getattr(user, "is_authenticated", False) and page.object_list:
        ids = [c.pk for c in page.object_list] + [r.pk for c in page.object_list for r in c.replies.all()]
        my_reactions = dict(
            CommentReaction.objects.filter(user=user, comment_id__in=ids).values_list("comment_id", "value")
        )
    is_following = getattr(user, "is_authenticated", False) and thread.subscriptions.filter(user=user).exists()
    return ThreadPage(thread=thread, page=page, sort=sort, my_reactions=my_reactions, is_following=is_following)


def comment_page_number(*, comment: Comment) -> int:
    """The page (in the default order) on which a comment — or the comment it replies to — stands."""
    top = comment.parent if comment.parent_id else comment
    before = Comment.objects.filter(thread_id=top.thread_id, depth=0, created_at__lt=top.created_at).count()
    return before // PER_PAGE + 1


def discussion_report(*, document) -> list[Comment]:
    """Every visible suggestion on the current provisions of a document, with its answer (one query)."""
    suggestions = list(
        Comment.objects.filter(
            thread__provision__document=document,
            thread__provision__retired_in__isnull=True,
            depth=0,
            stance=Comment.Stance.SUGGESTION,
            status=Comment.Status.VISIBLE,
        )
        .select_related("author", "response", "thread__provision")
        .order_by("thread__provision__order", "created_at", "pk")
    )
    for comment in suggestions:
        comment.thread.provision.document = document  # links need it; no query per row
    return suggestions
