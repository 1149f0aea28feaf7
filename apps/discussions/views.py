"""Posting, editing, removing and reacting to comments (plain forms; no JavaScript needed).

After a write the reader goes back to the discussed page, at the comment.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.core import permissions
from apps.core.feedback import error_messages
from apps.discussions import selectors, services
from apps.discussions.forms import CommentForm, EditCommentForm
from apps.discussions.models import Comment, Thread


def comment_url(comment: Comment) -> str:
    page = selectors.comment_page_number(comment=comment)
    url = comment.thread.get_absolute_url()
    return f"{url}{'&' if '?' in url else '?'}page={page}#c-{comment.pk}"


def _comment_again(request, thread: Thread, form: CommentForm):
    """The refused comment on a page of its own, with its text and what to correct (nothing is lost)."""
    is_reply = bool(form.data.get("parent"))
    if is_reply:
        del form.fields["stance"]  # a reply takes no stance
    return render(
        request,
        "discussions/comment_form.html",
        {"form": form, "is_reply": is_reply, "back_url": thread.get_absolute_url() + "#discussion"},
    )


def post_comment(request, thread: Thread):
    """Create a comment or reply from a POSTed CommentForm; used by every discussed page.

    A refusal that the person can correct (too long, empty, no stance, too many at once)
    shows the form again with their text; one they cannot (no right) goes back with a message.
    """
    form = CommentForm(request.POST, stances=thread.stances())
    if not form.is_valid():
        return _comment_again(request, thread, form)
    parent = None
    if form.cleaned_data["parent"]:
        parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"], thread=thread)
    try:
        comment = services.comment_create(
            actor=request.user,
            thread=thread,
            body=form.cleaned_data["body"],
            stance=form.cleaned_data["stance"],
            parent=parent,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _comment_again(request, thread, form)
    except PermissionDenied as error:
        error_messages(request, error)
        return redirect(thread.get_absolute_url() + "#discussion")
    return redirect(comment_url(comment))


@login_required
@require_POST
def comment_create(request, thread_id):
    return post_comment(request, get_object_or_404(Thread, pk=thread_id))


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("thread"), pk=pk)
    permissions.require(request.user, "discussions.change_comment", comment)
    form = EditCommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(actor=request.user, comment=comment, body=form.cleaned_data["body"])
        except (ValidationError, PermissionDenied) as error:
            error_messages(request, error)
        else:
            return redirect(comment_url(comment))
    return render(request, "discussions/comment_edit.html", {"comment": comment, "form": form})


@login_required
@require_POST
def comment_remove(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("thread"), pk=pk)
    try:
        services.comment_remove(actor=request.user, comment=comment)
    except (ValidationError, PermissionDenied) as error:
        error_messages(request, error)
    return redirect(comment_url(comment))


@login_required
@require_POST
def comment_react(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("thread"), pk=pk)
    value = request.POST.get("value") or None
    try:
        services.comment_react(actor=request.user, comment=comment, value=value)
    except (ValidationError, PermissionDenied) as error:
        error_messages(request, error)
    return redirect(comment_url(comment))


def comment_permalink(request, pk):
    """A stable address for a comment: the discussed page, on the right page of the thread."""
    comment = get_object_or_404(Comment.objects.select_related("thread", "parent"), pk=pk)
    return redirect(comment_url(comment))


@login_required
@require_POST
def thread_follow(request, thread_id):
    thread = get_object_or_404(Thread, pk=thread_id)
    follow = request.POST.get("follow") == "1"
    services.thread_follow(actor=request.user, thread=thread, follow=follow)
    messages.success(
        request,
        _("You follow this discussion.") if follow else _("You no longer follow this discussion."),
    )
    return redirect(thread.get_absolute_url() + "#discussion")
