"""Proposal pages: the list, a proposal with its votes, timeline and discussion, drafting, and staff decisions.

Views parse input, check a named permission (through the services), call a
service or selector and render; every write is a POST and answers with a
redirect. A proposal that a person may not see answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.feedback import error_messages
from apps.discussions.forms import CommentForm
from apps.discussions.selectors import thread_page
from apps.moderation.models import Report
from apps.proposals import selectors, services
from apps.proposals.forms import (
    ConsiderForm,
    DuplicateForm,
    ProposalForm,
    ProposalSearchForm,
    RejectForm,
    ResponseForm,
    WithdrawForm,
)
from apps.proposals.models import Proposal
from apps.territories.decorators import staff_page
from apps.territories.models import Territory
from apps.territories.selectors import territory_ancestors

PER_PAGE = 20
Status = Proposal.Status


def _crumbs(*items) -> list[tuple[str, str | None]]:
    return [(_("Home"), reverse("home")), (_("Proposals"), reverse("proposals:list")), *items]


@require_GET
def proposal_list(request):
    form = ProposalSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    code = request.GET.get("territory", "")
    territory = Territory.objects.filter(kato_code=code).first() if code.isdigit() else None
    filters = selectors.ProposalFilters(
        territory=territory,
        status=data.get("status", ""),
        category=data.get("category", ""),
        sort=data.get("sort") or selectors.DEFAULT_SORT,
        query=data.get("q", ""),
    )
    page = Paginator(selectors.proposal_list(filters=filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/list.html",
        {
            "form": form,
            "filters": filters,
            "territory": territory,
            "page_obj": page,
            "breadcrumbs": _crumbs(*([(territory.name, None)] if territory else [])),
        },
    )


@require_GET
def proposal_detail(request, pk):
    proposal = selectors.proposal_get_for(user=request.user, pk=pk)
    user = request.user
    discussion = None
    if proposal.thread_id:
        discussion = thread_page(
            thread=proposal.thread, user=user, sort=request.GET.get("sort"), page_number=request.GET.get("page")
        )
    is_author = user.is_authenticated and proposal.author_id == user.pk
    can_moderate = not is_author and user.has_perm("proposals.moderate", proposal)
    can_answer = not is_author and user.has_perm("proposals.answer", proposal)
    my_vote = selectors.vote_of(user=user, proposal=proposal)
    vote_refusal = services.vote_refusal(user, proposal) if proposal.status in Proposal.VOTING else None
    ancestors = territory_ancestors(territory=proposal.territory)
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": proposal,
            "images": list(proposal.images.all()),
            "timeline": list(proposal.status_changes.all()),
            "my_vote": my_vote,
            "can_vote": vote_refusal is None and proposal.status in Proposal.VOTING,
            "vote_refusal": " ".join(getattr(vote_refusal, "messages", None) or [str(vote_refusal)])
            if vote_refusal
            else "",
            "is_author": is_author,
            "can_edit": user.has_perm("proposals.change", proposal),
            "can_withdraw": user.has_perm("proposals.withdraw", proposal),
            "can_moderate": can_moderate and proposal.status in (Status.SUBMITTED, Status.PUBLISHED),
            "can_answer": can_answer
            and proposal.status in (Status.PUBLISHED, Status.THRESHOLD_REACHED, Status.UNDER_CONSIDERATION),
            "reject_form": RejectForm(),
            "duplicate_form": DuplicateForm(),
            "consider_form": ConsiderForm(),
            "response_form": ResponseForm(),
            "withdraw_form": WithdrawForm(),
            "discussion": discussion,
            "comment_form": CommentForm(),
            "can_comment": proposal.thread_id is not None
            and proposal.thread.is_open()
            and user.has_perm("discussions.add_comment"),
            "report_reasons": Report.Reason.choices,
            "territory_ancestors": ancestors,
            "breadcrumbs": _crumbs(
                (proposal.territory.name, reverse("proposals:list") + f"?territory={proposal.territory.kato_code}"),
                (f"№ {proposal.pk}", None),
            ),
        },
    )


def _form_page(request, *, proposal: Proposal | None):
    territories = services.proposal_territory_choices(user=request.user)
    if proposal is None and not territories:
        return render(request, "proposals/need_residency.html", {"breadcrumbs": _crumbs((_("New proposal"), None))})
    initial = {}
    if proposal is not None:
        initial = {
            "territory": proposal.territory.kato_code,
            "title": proposal.title,
            "body": proposal.body,
            "category": proposal.category,
            "estimated_cost": proposal.estimated_cost,
            "latitude": proposal.latitude,
            "longitude": proposal.longitude,
        }
    elif request.GET.get("territory"):
        initial["territory"] = request.GET["territory"]
    form = ProposalForm(
        request.POST or None, request.FILES or None, territories=territories, proposal=proposal, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        data = form.cleaned_data
        fields = {
            "territory": data["territory"],
            "title": data["title"],
            "body": data["body"],
            "category": data["category"],
            "estimated_cost": data["estimated_cost"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "images": data["images"],
            "submit": submit,
        }
        try:
            if proposal is None:
                proposal = services.proposal_create(actor=request.user, **fields)
            else:
                proposal = services.proposal_edit(
                    actor=request.user, proposal=proposal, remove_images=data.get("remove_images", []), **fields
                )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            if submit:
                messages.success(
                    request,
                    _("Your proposal was sent to the moderators of %(territory)s. You will see their decision here.")
                    % {"territory": proposal.territory.name},
                )
            else:
                messages.success(request, _("Draft saved. Only you can see it until you submit it."))
            return redirect(proposal)
        if data.get("images"):
            form.add_error("images", _("Choose the photos again: browsers do not keep them after an error."))
    return render(
        request,
        "proposals/form.html",
        {
            "form": form,
            "proposal": proposal,
            "breadcrumbs": _crumbs(
                (_("New proposal"), None) if proposal is None else (f"№ {proposal.pk}", proposal.get_absolute_url())
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    return _form_page(request, proposal=None)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    proposal = selectors.proposal_get_for(user=request.user, pk=pk)
    if not request.user.has_perm("proposals.change", proposal):
        raise PermissionDenied
    return _form_page(request, proposal=proposal)


@login_required
@require_GET
def my_proposals(request):
    page = Paginator(selectors.proposals_of(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/mine.html",
        {"page_obj": page, "breadcrumbs": _crumbs((_("My proposals"), None))},
    )


@login_required
@require_POST
def proposal_author_action(request, pk):
    """Submit, withdraw or delete a draft (the author's buttons on the proposal page)."""
    proposal = selectors.proposal_get_for(user=request.user, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "submit":
            services.proposal_submit(actor=request.user, proposal=proposal)
            messages.success(request, _("Your proposal was sent to the moderators."))
        elif action == "withdraw":
            form = WithdrawForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.proposal_withdraw(actor=request.user, proposal=proposal, reason=reason)
            messages.success(request, _("You withdrew your proposal."))
        elif action == "delete":
            services.proposal_delete_draft(actor=request.user, proposal=proposal)
            messages.success(request, _("The draft was deleted."))
            return redirect("proposals:mine")
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        error_messages(request, error)
    return redirect(proposal)


@login_required
@require_POST
def proposal_vote(request, pk):
    proposal = selectors.proposal_get_for(user=request.user, pk=pk)
    choice = request.POST.get("choice") or None
    try:
        services.vote_cast(actor=request.user, proposal=proposal, choice=choice)
    except (ValidationError, PermissionDenied) as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            {
                "for": _("Your vote for the proposal is counted."),
                "against": _("Your vote against the proposal is counted."),
            }.get(choice, _("Your vote was withdrawn.")),
        )
    return redirect(reverse("proposals:detail", kwargs={"pk": proposal.pk}) + "#vote")


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------


@staff_page()
@require_GET
def staff_queue(request):
    from apps.territories.selectors import staff_roles_of

    roles = staff_roles_of(user=request.user)
    moderation = selectors.moderation_queue(user=request.user, roles=roles)
    answers = selectors.answer_queue(user=request.user, roles=roles)
    return render(
        request,
        "proposals/staff_queue.html",
        {
            "moderation_page": Paginator(moderation, 25).get_page(request.GET.get("page")),
            "answers_page": Paginator(answers, 25).get_page(request.GET.get("answers")),
        },
    )


@staff_page()
@require_POST
def staff_decide(request, pk):
    """Publish, reject, mark duplicate, consider, accept or decline — each checked by the service."""
    proposal = get_object_or_404(Proposal.objects.select_related("territory"), pk=pk)
    if not (
        request.user.has_perm("proposals.moderate", proposal) or request.user.has_perm("proposals.answer", proposal)
    ):
        raise Http404  # out of scope: as if it did not exist
    action = request.POST.get("action")
    done = {
        "publish": _("The proposal is published: residents can vote on it."),
        "reject": _("The proposal was rejected; the author will see your reason."),
        "duplicate": _("The proposal was marked as a duplicate."),
        "consider": _("The proposal is now under consideration."),
        "accept": _("The proposal was accepted; your response is public."),
        "decline": _("The proposal was declined; your response is public."),
    }
    if action not in done:
        raise Http404
    try:
        if action == "publish":
            services.proposal_publish(actor=request.user, proposal=proposal)
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.proposal_reject(
                actor=request.user,
                proposal=proposal,
                reason_code=form.cleaned_data["reason_code"],
                reason=form.cleaned_data["reason"],
            )
        elif action == "duplicate":
            form = DuplicateForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            original = Proposal.objects.select_related("territory").filter(pk=form.cleaned_data["original"]).first()
            services.proposal_mark_duplicate(
                actor=request.user, proposal=proposal, original=original, reason=form.cleaned_data["reason"]
            )
        elif action == "consider":
            form = ConsiderForm(request.POST)
            services.proposal_consider(
                actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"] if form.is_valid() else ""
            )
        else:
            form = ResponseForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            service = services.proposal_accept if action == "accept" else services.proposal_decline
            service(actor=request.user, proposal=proposal, response=form.cleaned_data["response"])
    except (ValidationError, PermissionDenied) as error:
        error_messages(request, error)
        return redirect(proposal)
    messages.success(request, done[action])
    if action in ("publish", "reject", "duplicate"):
        return redirect("staff:proposal-queue")
    return redirect(proposal)
