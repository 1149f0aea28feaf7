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
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.core import permissions
from apps.core.feedback import error_messages, form_error_messages
from apps.core.media import file_response
from apps.discussions.forms import CommentForm
from apps.discussions.models import discussion_stances
from apps.discussions.selectors import thread_page
from apps.moderation.models import Report
from apps.proposals import selectors, services
from apps.proposals.followups import followups_for, staff_actions_for
from apps.proposals.forms import (
    ConsiderForm,
    DuplicateForm,
    ProposalForm,
    ProposalSearchForm,
    RejectForm,
    ResponseForm,
    WithdrawForm,
)
from apps.proposals.models import Proposal, ProposalImage
from apps.territories.decorators import staff_page
from apps.territories.models import Territory
from apps.territories.selectors import residency_standing, staff_roles_of, territory_ancestors

PER_PAGE = 20
Status = Proposal.Status


def _crumbs(*items) -> list[tuple[str, str | None]]:
    return [(_("Home"), reverse("home")), (_("Proposals"), reverse("proposals:list")), *items]


@require_safe
def proposal_list(request):
    # The form only renders the filters: each value is checked on its own against the selector's
    # allowlists, so one stale or mistyped parameter does not throw the others away.
    form = ProposalSearchForm(request.GET or None)
    code = request.GET.get("territory", "")
    territory = Territory.objects.filter(kato_code=code).first() if code.isdigit() else None
    filters = selectors.ProposalFilters(
        territory=territory,
        status=request.GET.get("status", ""),
        category=request.GET.get("category", ""),
        sort=request.GET.get("sort") or selectors.DEFAULT_SORT,
        query=request.GET.get("q", ""),
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


@require_safe
def proposal_detail(request, pk):
    proposal = selectors.proposal_get_for(user=request.user, pk=pk)
    user = request.user
    discussion = None
    if proposal.thread_id:
        discussion = thread_page(
            thread=proposal.thread, user=user, sort=request.GET.get("sort"), page_number=request.GET.get("page")
        )
    timeline = list(proposal.status_changes.all())
    vote_refusal = permissions.why_not(user, "proposals.vote", proposal)
    # Only when refused for want of a residency: which link the vote box offers (its status, or declaring again).
    vote_standing = (
        residency_standing(user=user, territory=proposal.territory)
        if vote_refusal and user.is_authenticated and proposal.is_voting_open
        else None
    )
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": proposal,
            "images": list(proposal.images.all()),
            "timeline": timeline,
            "returned_note": selectors.returned_note(proposal=proposal, timeline=timeline),
            "show_private_notes": permissions.can(user, "proposals.view_private_notes", proposal),
            "my_vote": selectors.vote_of(user=user, proposal=proposal),
            "vote_refusal": vote_refusal,
            "vote_standing": vote_standing,
            "is_author": user.is_authenticated and proposal.author_id == user.pk,
            # The steps this person may take now, by name: the page offers exactly these.
            "actions": proposal.available_transitions(user),
            # What carries the proposal on (an initiative) and the staff links that start it (apps above).
            "followups": followups_for([proposal.pk]).get(proposal.pk, []) if proposal.is_accepted else [],
            "staff_actions": staff_actions_for(user, proposal),
            "can_edit": permissions.can(user, "proposals.change", proposal),
            "can_delete": permissions.can(user, "proposals.delete_draft", proposal),
            "reject_form": RejectForm(),
            "duplicate_form": DuplicateForm(),
            "consider_form": ConsiderForm(),
            "response_form": ResponseForm(),
            "withdraw_form": WithdrawForm(),
            "discussion": discussion,
            # A proposal's discussion offers no "suggested wording": there is no wording to amend.
            "comment_form": CommentForm(stances=discussion_stances(proposal)),
            "can_comment": proposal.thread_id is not None
            and permissions.can(user, "discussions.add_comment", proposal.thread),
            "report_reasons": Report.Reason.choices,
            "territory_ancestors": territory_ancestors(territory=proposal.territory),
            "breadcrumbs": _crumbs(
                (proposal.territory.name, reverse("proposals:list") + f"?territory={proposal.territory.kato_code}"),
                (f"№ {proposal.pk}", None),
            ),
        },
    )


def _save(request, form, proposal: Proposal | None) -> Proposal | None:
    """Create or change the proposal from a valid form; None, with the refusal on the form, when refused."""
    data = form.cleaned_data
    submit = request.POST.get("action") == "submit"
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
        return None
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return None
    if submit:
        messages.success(
            request,
            _("Your proposal was sent to the moderators of %(territory)s. You will see their decision here.")
            % {"territory": proposal.territory.name},
        )
    else:
        messages.success(request, _("Draft saved. Only you can see it until you submit it."))
    return proposal


def _form_page(request, *, proposal: Proposal | None):
    territories = selectors.proposal_territory_choices(user=request.user)
    if proposal is None and not territories:
        return render(
            request,
            "proposals/need_residency.html",
            {
                # Waiting for verification, or just rejected: the page says so instead of "declare".
                "standing": residency_standing(user=request.user),
                "breadcrumbs": _crumbs((_("New proposal"), None)),
            },
        )
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
    # Bound on every POST, even an empty one ("request.POST or None" would leave it
    # unbound: no errors to show and no cleaned_data to read below).
    posted = request.method == "POST"
    form = ProposalForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        territories=territories,
        proposal=proposal,
        initial=initial,
    )
    if posted:
        valid = form.is_valid()
        uploads = form.cleaned_data.get("images") or []  # read first: an error on the field removes it
        # Photos are decoded by the service, after every cheaper check passed: an invalid form
        # costs no decoding (an attacker's giant PNGs included).
        if valid:
            saved = _save(request, form, proposal)
            if saved is not None:
                return redirect(saved)
        if uploads:
            form.add_error("images", _("Choose the photos again: browsers do not keep them after an error."))
    return render(
        request,
        "proposals/form.html",
        {
            "form": form,
            "proposal": proposal,
            "returned_note": selectors.returned_note(proposal=proposal, timeline=list(proposal.status_changes.all()))
            if proposal is not None
            else None,
            "breadcrumbs": _crumbs(
                (_("New proposal"), None) if proposal is None else (f"№ {proposal.pk}", proposal.get_absolute_url())
            ),
        },
    )


@require_safe
def proposal_photo_page(request, pk, number):
    """A photo in the site's layout: numbered, with its neighbours, the proposal and the full-size file."""
    page = selectors.proposal_photo_page(user=request.user, pk=pk, number=number)
    proposal = page.proposal
    label = _("Photo %(number)s of %(total)s") % {"number": page.number, "total": page.total}
    return render(
        request,
        "proposals/photo.html",
        {
            "page": page,
            "proposal": proposal,
            "label": label,
            "breadcrumbs": _crumbs(
                (proposal.territory.name, reverse("proposals:list") + f"?territory={proposal.territory.kato_code}"),
                (f"№ {proposal.pk}", proposal.get_absolute_url()),
                (label, None),
            ),
        },
    )


#: How long browsers and proxies may keep a public proposal's photo (its file never changes: a new photo
#: gets a new name, hence a new URL).
PUBLIC_PHOTO_MAX_AGE = 7 * 24 * 60 * 60


@require_safe
def proposal_photo(request, pk, image_pk, variant):
    """A photo of a proposal, to those who may see the proposal (404 for the rest, as for the page).

    ``apps.core.media.file_response`` sends it (by nginx when ``CIVIC_MEDIA_ACCEL_REDIRECT`` is set).
    """
    if variant not in ("full", "thumb"):
        raise Http404("No such photo")
    item = get_object_or_404(ProposalImage.objects.select_related("proposal"), pk=image_pk, proposal_id=pk)
    proposal = item.proposal
    if not permissions.can(request.user, "proposals.view", proposal):
        raise Http404("No such photo")
    field = item.image if variant == "full" else item.thumbnail
    # A draft's photo must not stay in a shared cache once the draft is deleted or the person signs out.
    cache = f"public, max-age={PUBLIC_PHOTO_MAX_AGE}" if proposal.is_public else "private, no-store"
    return file_response(field, cache_control=cache)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    return _form_page(request, proposal=None)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request, pk):
    proposal = selectors.proposal_get_for(user=request.user, pk=pk)
    refusal = permissions.why_not(request.user, "proposals.change", proposal)
    if refusal is not None:
        if proposal.author_id == request.user.pk:
            messages.info(request, refusal)
            return redirect(proposal)
        raise PermissionDenied(refusal)
    return _form_page(request, proposal=proposal)


@login_required
@require_safe
def my_proposals(request):
    page = Paginator(selectors.proposals_of(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    # Where each accepted proposal now stands (its initiative), for the whole page in one query.
    followups = followups_for(proposal.pk for proposal in page.object_list if proposal.is_accepted)
    rows = [(proposal, followups.get(proposal.pk, [])) for proposal in page.object_list]
    return render(
        request,
        "proposals/mine.html",
        {"page_obj": page, "rows": rows, "breadcrumbs": _crumbs((_("My proposals"), None))},
    )


@login_required
@require_POST
def proposal_author_action(request, pk):
    """Submit, withdraw or delete a draft (the author's buttons on the proposal page)."""
    proposal = selectors.proposal_get_for(user=request.user, pk=pk)
    action = request.POST.get("action")
    if action not in ("submit", "withdraw", "delete"):
        return HttpResponseBadRequest(_("Unknown action."))
    try:
        if action == "submit":
            services.proposal_submit(actor=request.user, proposal=proposal)
            messages.success(request, _("Your proposal was sent to the moderators."))
        elif action == "withdraw":
            form = WithdrawForm(request.POST)
            if not form.is_valid():
                form_error_messages(request, form)
                return redirect(proposal)
            services.proposal_withdraw(actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"])
            messages.success(request, _("You withdrew your proposal."))
        else:
            services.proposal_delete_draft(actor=request.user, proposal=proposal)
            messages.success(request, _("The draft was deleted."))
            return redirect("proposals:mine")
    except (ValidationError, PermissionDenied) as error:
        error_messages(request, error)
    return redirect(proposal)


@login_required
@require_POST
def proposal_vote(request, pk):
    proposal = selectors.proposal_get_for(user=request.user, pk=pk)
    choice = request.POST.get("choice") or None
    had_voted = selectors.vote_of(user=request.user, proposal=proposal) is not None
    try:
        services.vote_cast(actor=request.user, proposal=proposal, choice=choice)
    except (ValidationError, PermissionDenied) as error:
        error_messages(request, error)
    else:
        if choice == "for":
            messages.success(request, _("Your vote for the proposal is counted."))
        elif choice == "against":
            messages.success(request, _("Your vote against the proposal is counted."))
        elif had_voted:
            messages.success(request, _("Your vote was withdrawn."))
    return redirect(reverse("proposals:detail", kwargs={"pk": proposal.pk}) + "#vote")


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------


@staff_page()
@require_safe
def staff_queue(request):
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


#: What each staff decision posts (the form), and what the person is told when it is done.
DECISIONS = {
    "publish": (None, gettext_lazy("The proposal is published: residents can vote on it.")),
    "reject": (RejectForm, gettext_lazy("The proposal was rejected; the author will see your reason.")),
    "duplicate": (DuplicateForm, gettext_lazy("The proposal was marked as a duplicate.")),
    "consider": (ConsiderForm, gettext_lazy("The proposal is now under consideration.")),
    "accept": (ResponseForm, gettext_lazy("The proposal was accepted; your response is public.")),
    "decline": (ResponseForm, gettext_lazy("The proposal was declined; your response is public.")),
}


@staff_page()
@require_POST
def staff_decide(request, pk):
    """Publish, reject, mark duplicate, consider, accept or decline — each checked by the service."""
    proposal = get_object_or_404(Proposal.objects.select_related("territory"), pk=pk)
    user = request.user
    if not permissions.can(user, "proposals.view", proposal) or not permissions.can(user, "proposals.decide", proposal):
        raise Http404  # out of scope, or someone's draft: as if it did not exist
    action = request.POST.get("action")
    if action not in DECISIONS:
        return HttpResponseBadRequest(_("Unknown action."))
    form_class, done = DECISIONS[action]
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        form_error_messages(request, form)
        return redirect(proposal)
    data = form.cleaned_data if form is not None else {}
    actor = request.user
    try:
        if action == "publish":
            services.proposal_publish(actor=actor, proposal=proposal)
        elif action == "reject":
            services.proposal_reject(
                actor=actor, proposal=proposal, reason_code=data["reason_code"], reason=data["reason"]
            )
        elif action == "duplicate":
            original = Proposal.objects.filter(pk=data["original"]).first()
            services.proposal_mark_duplicate(actor=actor, proposal=proposal, original=original, reason=data["reason"])
        elif action == "consider":
            services.proposal_consider(actor=actor, proposal=proposal, reason=data["reason"])
        elif action == "accept":
            services.proposal_accept(actor=actor, proposal=proposal, response=data["response"])
        else:
            services.proposal_decline(actor=actor, proposal=proposal, response=data["response"])
    except (ValidationError, PermissionDenied) as error:
        error_messages(request, error)
        return redirect(proposal)
    messages.success(request, done)
    if action in ("publish", "reject", "duplicate"):
        return redirect("staff:proposal-queue")
    return redirect(proposal)
