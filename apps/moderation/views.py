"""Reporting a comment (readers) and the moderation queue (staff, second factor required)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.core import permissions
from apps.core.feedback import error_messages, form_error_messages
from apps.discussions.models import Comment
from apps.discussions.views import comment_url
from apps.moderation import selectors, services
from apps.moderation.forms import DecisionForm, ReportForm
from apps.territories.decorators import staff_page
from apps.territories.selectors import staff_roles_of


@login_required
@require_POST
def comment_report(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("thread"), pk=pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why you report this comment."))
        return redirect(comment_url(comment))
    try:
        services.comment_report(
            actor=request.user, comment=comment, reason=form.cleaned_data["reason"], text=form.cleaned_data["text"]
        )
    except (ValidationError, PermissionDenied) as error:
        error_messages(request, error)
    else:
        messages.success(request, _("Thank you: moderators will look at this comment."))
    return redirect(comment_url(comment))


@staff_page()
@require_GET
def queue(request):
    roles = staff_roles_of(user=request.user)
    page = Paginator(selectors.moderation_queue(user=request.user, roles=roles), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/queue.html",
        {
            "page_obj": page,
            "scope_territories": selectors.moderation_territories(user=request.user, roles=roles),
            "log": selectors.moderation_log(user=request.user, roles=roles),
            "form": DecisionForm(),
        },
    )


@staff_page()
@require_POST
def decide(request, pk):
    # Comments outside the moderator's territories do not exist for them (404).
    comment = get_object_or_404(Comment.objects.select_related("thread"), pk=pk)
    if not permissions.can(request.user, "discussions.moderate_comment", comment):
        raise Http404("No such comment")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect("moderation:queue")
    decide_with = services.comment_hide if form.cleaned_data["action"] == "hide" else services.comment_restore
    try:
        decide_with(actor=request.user, comment=comment, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("Your decision was recorded."))
    return redirect("moderation:queue")
