"""Reads on discussions: a page of a thread in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch

from apps.core import permissions
from apps.discussions.models import Comment, CommentReaction, CommentStatusChange, Thread
from apps.territories.models import StaffRole

PER_PAGE = 20
#: Allowed sort orders (never taken from the request as they are).
SORTS = {
    "oldest": ("created_at", "pk"),
    "newest": ("-created_at", "-pk"),
    "agreed": ("-agree_count", "created_at", "pk"),
}
DEFAULT_SORT = "oldest"
#: What a reader may do with a comment; each page offers only the ones they may (``Comment.actions``).
COMMENT_ACTIONS = {
    "edit": "discussions.change_comment",
    "remove": "discussions.delete_comment",
    "react": "discussions.react_comment",
    "report": "discussions.report_comment",
}


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
    status changes (x2), and for a signed-in reader their reactions and whether they follow.
    Each comment carries ``author_is_staff`` (a role in force: shown as a badge, so a
    display name cannot pass for an official's) and ``actions``, what the reader may do with it.
    """
    sort = sort if sort in SORTS else DEFAULT_SORT
    staff = Exists(StaffRole.objects.active().filter(user=OuterRef("author")))
    # Why a comment was hidden, shown to its author: the latest change to "hidden".
    hidden_reasons = CommentStatusChange.objects.filter(to_status=Comment.Status.HIDDEN).order_by("-created_at", "-pk")
    top = (
        Comment.objects.filter(thread=thread, depth=0)
        .select_related("author", "response")
        .annotate(author_is_staff=staff)
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Comment.objects.select_related("author")
                .annotate(author_is_staff=staff)
                .order_by("created_at", "pk"),
            ),
            Prefetch("status_changes", queryset=hidden_reasons, to_attr="hidden_changes"),
            Prefetch("replies__status_changes", queryset=hidden_reasons, to_attr="hidden_changes"),
        )
        .order_by(*SORTS[sort])
    )
    page = Paginator(top, PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)  # the annotated objects below are the ones the page shows
    my_reactions: dict[int, str] = {}
    comments = [c for top_comment in page.object_list for c in (top_comment, *top_comment.replies.all())]
    for comment in comments:
        comment.thread = thread  # the predicates may ask it; no query per comment
        comment.hidden_reason = comment.hidden_changes[0].reason if comment.hidden_changes else ""
        comment.actions = {
            name for name, permission in COMMENT_ACTIONS.items() if permissions.can(user, permission, comment)
        }
    if getattr(user, "is_authenticated", False) and comments:
        my_reactions = dict(
            CommentReaction.objects.filter(user=user, comment_id__in=[c.pk for c in comments]).values_list(
                "comment_id", "value"
            )
        )
    is_following = getattr(user, "is_authenticated", False) and thread.subscriptions.filter(user=user).exists()
    return ThreadPage(thread=thread, page=page, sort=sort, my_reactions=my_reactions, is_following=is_following)


def comment_page_number(*, comment: Comment) -> int:
    """The page (in the default order) on which a comment — or the comment it replies to — stands."""
    top = comment.parent if comment.parent_id else comment
    before = Comment.objects.filter(thread_id=top.thread_id, depth=0, created_at__lt=top.created_at).count()
    return before // PER_PAGE + 1
