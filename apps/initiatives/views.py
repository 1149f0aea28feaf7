"""Initiative pages: the public list, an initiative with its timeline, updates and residents' check, the ledger,
and the officials' forms (open, plan, update, steps, milestones) and queues.

Views parse input, call a service or selector and render; every write is a
POST answered with a redirect; the services ask the permissions.
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
from apps.initiatives import selectors, services
from apps.initiatives.forms import (
    CheckForm,
    InitiativeFilterForm,
    InitiativeForm,
    MilestoneForm,
    MilestoneRescheduleForm,
    OpenFromProposalForm,
    StepForm,
    UpdateForm,
)
from apps.initiatives.models import Initiative, Milestone
from apps.moderation.models import Report
from apps.proposals.models import Proposal
from apps.territories.decorators import staff_page
from apps.territories.models import Territory
from apps.territories.selectors import residency_standing, staff_roles_of

PER_PAGE = 20
UPDATES_PER_PAGE = 10
LEDGER_PER_PAGE = 50


def _crumbs(*items) -> list[tuple[str, str | None]]:
    return [(_("Home"), reverse("home")), (_("Initiatives"), reverse("initiatives:list")), *items]


def _territory_from(request) -> Territory | None:
    code = request.GET.get("territory", "")
    return Territory.objects.filter(kato_code=code).first() if code.isdigit() else None


@require_safe
def initiative_list(request):
    territory = _territory_from(request)
    filters = selectors.InitiativeFilters(
        territory=territory,
        status=request.GET.get("status", ""),
        category=request.GET.get("category", ""),
        year=request.GET.get("year", ""),
        delayed=request.GET.get("delayed") in ("1", "on"),
        disputed=request.GET.get("disputed") in ("1", "on"),
        sort=request.GET.get("sort") or selectors.DEFAULT_SORT,
    )
    page = Paginator(selectors.initiative_list(filters=filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/list.html",
        {
            "form": InitiativeFilterForm(request.GET or None),
            "filters": filters,
            "territory": territory,
            "page_obj": page,
            "breadcrumbs": _crumbs(*([(territory.name, None)] if territory else [])),
        },
    )


@require_safe
def initiative_detail(request, pk):
    initiative = selectors.initiative_get(pk=pk)
    user = request.user
    discussion = None
    if initiative.thread_id:
        discussion = thread_page(
            thread=initiative.thread, user=user, sort=request.GET.get("sort"), page_number=request.GET.get("page")
        )
    updates = Paginator(selectors.initiative_updates(initiative=initiative), UPDATES_PER_PAGE).get_page(
        request.GET.get("updates")
    )
    check_refusal = permissions.why_not(user, "initiatives.check", initiative)
    my_check = selectors.check_of(user=user, initiative=initiative)
    check_form = CheckForm(
        initial={"verdict": my_check.verdict, "comment": my_check.comment} if my_check is not None else None
    )
    # Officials' rights all start with running the initiative: asked once, the rest only for them.
    can_manage = permissions.can(user, "initiatives.manage", initiative)
    actions = initiative.available_transitions(user) if can_manage else {}
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "milestones": list(initiative.milestones.all()),
            "timeline": selectors.initiative_timeline(initiative=initiative),
            "updates_page": updates,
            "origins": selectors.initiative_origins(initiative=initiative),
            "checks": selectors.recent_checks(initiative=initiative) if initiative.is_checked_by_residents else [],
            "my_check": my_check,
            "check_form": check_form,
            "check_refusal": check_refusal,
            # Which link the check box offers a resident refused for want of a residency.
            "check_standing": residency_standing(user=user, territory=initiative.territory)
            if check_refusal and user.is_authenticated and initiative.is_checked_by_residents
            else None,
            "actions": actions,
            "step_form": StepForm(),
            "can_update": can_manage and permissions.can(user, "initiatives.post_update", initiative),
            "can_change_plan": can_manage and permissions.can(user, "initiatives.change_plan", initiative),
            "can_manage": can_manage,
            "milestone_form": MilestoneForm(),
            "reschedule_form": MilestoneRescheduleForm(),
            "discussion": discussion,
            "comment_form": CommentForm(stances=discussion_stances(initiative)),
            "can_comment": initiative.thread_id is not None
            and permissions.can(user, "discussions.add_comment", initiative.thread),
            "report_reasons": Report.Reason.choices,
            "breadcrumbs": _crumbs(
                (
                    initiative.territory.name,
                    reverse("initiatives:list") + f"?territory={initiative.territory.kato_code}",
                ),
                (f"№ {initiative.pk}", None),
            ),
        },
    )


#: Every initiative is public and a photo's file never changes (a new photo gets a new name).
PUBLIC_PHOTO_CACHE = "public, max-age=604800"


@require_safe
def initiative_photo(request, pk, variant):
    if variant not in ("full", "thumb"):
        raise Http404("No such photo")
    photo = selectors.photo_get(pk=pk)
    return file_response(photo.image if variant == "full" else photo.thumbnail, cache_control=PUBLIC_PHOTO_CACHE)


@require_safe
def check_photo(request, pk, variant):
    if variant not in ("full", "thumb"):
        raise Http404("No such photo")
    check = selectors.check_photo_get(pk=pk)
    # A resident may replace or drop their photo: not kept in shared caches for a week.
    return file_response(check.image if variant == "full" else check.thumbnail, cache_control="public, max-age=3600")


@login_required
@require_POST
def initiative_check(request, pk):
    initiative = selectors.initiative_get(pk=pk)
    form = CheckForm(request.POST, request.FILES)
    anchor = reverse("initiatives:detail", kwargs={"pk": initiative.pk}) + "#check"
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect(anchor)
    data = form.cleaned_data
    try:
        check = services.completion_check(
            actor=request.user,
            initiative=initiative,
            verdict=data["verdict"],
            comment=data["comment"],
            photo=data.get("photo"),
        )
    except (ValidationError, PermissionDenied) as error:
        error_messages(request, error)
        return redirect(anchor)
    if check.is_dispute:
        messages.success(request, _("Your dispute is counted; the officials will see your comment."))
    else:
        messages.success(request, _("Thank you: your confirmation is counted."))
    return redirect(anchor)


@require_safe
def ledger(request, kato):
    territory = get_object_or_404(Territory, kato_code=kato)
    proposals = selectors.ledger_proposals(territory=territory)
    page = Paginator(proposals, LEDGER_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/ledger.html",
        {
            "territory": territory,
            "page_obj": page,
            "rows": selectors.ledger_rows(page.object_list),
            "summary": selectors.ledger_summary(territory=territory),
            "days": selectors.LEDGER_DAYS,
            "breadcrumbs": [
                (_("Home"), reverse("home")),
                (territory.name, territory.get_absolute_url()),
                (_("Ledger"), None),
            ],
        },
    )


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------

QUEUE_TITLES = {
    "disputed": gettext_lazy("Completion disputed by residents"),
    "delayed": gettext_lazy("Delayed"),
    "stale": gettext_lazy("No update for 30 days"),
}


@staff_page()
@require_safe
def staff_queue(request):
    roles = staff_roles_of(user=request.user)
    name = request.GET.get("queue") or "disputed"
    if name not in selectors.QUEUES:
        name = "disputed"
    summary = selectors.staff_summary(user=request.user, roles=roles)
    page = Paginator(selectors.staff_queue(user=request.user, name=name, roles=roles), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "initiatives/staff_queue.html",
        {
            "summary": summary,
            "queue": name,
            "queues": [(key, QUEUE_TITLES[key], (summary or {}).get(key, 0)) for key in selectors.QUEUES],
            "page_obj": page,
            "can_open": bool(selectors.initiative_territory_choices(user=request.user, roles=roles)),
        },
    )


def _plan_fields(data: dict) -> dict:
    return {
        name: data.get(name)
        for name in (
            "title",
            "description",
            "category",
            "responsible_body",
            "responsible_official",
            "contractor",
            "budget_planned",
            "funding_source",
            "budget_programme",
            "start_date",
            "due_date",
        )
    }


def _proposal_initial(proposal: Proposal) -> dict:
    territory = proposal.territory
    return {
        "title": proposal.title,
        "description": proposal.body,
        "category": proposal.category,
        "budget_planned": proposal.estimated_cost,
        "responsible_body": territory.local_executive,
    }


@staff_page()
@require_http_methods(["GET", "POST"])
def initiative_create(request):
    """Open an initiative: from a proposal (``?proposal=N``: accept and open in one step) or directly."""
    user = request.user
    posted = request.method == "POST"
    source = request.POST if posted else request.GET
    proposal = None
    if source.get("proposal", "").isdigit():
        proposal = get_object_or_404(Proposal.objects.select_related("territory"), pk=source["proposal"])
        if not permissions.can(user, "proposals.view", proposal):
            raise Http404
        permissions.require(user, "initiatives.open_from_proposal", proposal)
    if proposal is not None:
        territory = proposal.territory
        form = OpenFromProposalForm(
            request.POST if posted else None,
            territories=None,
            officials=selectors.officials_of(territory=territory),
            needs_response=proposal.status == Proposal.Status.UNDER_CONSIDERATION,
            initial=_proposal_initial(proposal),
        )
    else:
        territories = selectors.initiative_territory_choices(user=user)
        if not territories:
            raise PermissionDenied(_("Only officials and administrators of a territory open its initiatives."))
        territory = next((item for item in territories if item.kato_code == source.get("territory")), None)
        initial = {"territory": territory.kato_code, "responsible_body": territory.local_executive} if territory else {}
        form = InitiativeForm(
            request.POST if posted else None,
            territories=territories,
            officials=selectors.officials_of(territory=territory or territories[0]),
            initial=initial,
        )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            if proposal is not None:
                also = list(Proposal.objects.filter(pk__in=data["also"])) if data["also"] else []
                missing = set(data["also"]) - {item.pk for item in also}
                if missing:
                    raise ValidationError(
                        _("There is no proposal № %(number)s.") % {"number": min(missing)}, code="proposals"
                    )
                initiative = services.initiative_open_from_proposal(
                    actor=user,
                    proposal=proposal,
                    response=data.get("response", ""),
                    also=also,
                    milestones=form.milestones(),
                    **_plan_fields(data),
                )
            else:
                initiative = services.initiative_create(
                    actor=user, territory=data["territory"], milestones=form.milestones(), **_plan_fields(data)
                )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(
                request,
                _("The initiative is open. Residents follow it here; post updates as the work goes on.")
                if proposal is None
                else _("The proposal is accepted and the initiative is open: residents follow the work here."),
            )
            return redirect(initiative)
    return render(
        request,
        "initiatives/form.html",
        {
            "form": form,
            "proposal": proposal,
            "initiative": None,
            "breadcrumbs": _crumbs((_("New initiative"), None)),
        },
    )


def _managed(request, pk, permission="initiatives.manage") -> Initiative:
    initiative = selectors.initiative_get(pk=pk)
    if not permissions.can(request.user, "initiatives.manage", initiative):
        raise Http404  # out of scope: staff of a neighbouring district see the public page only
    refusal = permissions.why_not(request.user, permission, initiative)
    if refusal is not None:
        raise PermissionDenied(refusal)
    return initiative


@staff_page()
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk):
    initiative = _managed(request, pk)
    officials = selectors.officials_of(territory=initiative.territory)
    initial = {name: getattr(initiative, name) for name in _plan_fields({})}
    initial["responsible_official"] = initiative.responsible_official_id or ""
    posted = request.method == "POST"
    form = InitiativeForm(request.POST if posted else None, officials=officials, editing=True, initial=initial)
    if not permissions.can(request.user, "initiatives.change_plan", initiative):
        for name in ("due_date", "budget_planned", "reason"):
            form.fields[name].disabled = True
    if posted and form.is_valid():
        changes = _plan_fields(form.cleaned_data)
        if form.fields["due_date"].disabled:
            changes.pop("due_date")
            changes.pop("budget_planned")
        try:
            services.initiative_edit(
                actor=request.user, initiative=initiative, reason=form.cleaned_data.get("reason") or "", **changes
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("The plan is saved."))
            return redirect(initiative)
    return render(
        request,
        "initiatives/form.html",
        {
            "form": form,
            "proposal": None,
            "initiative": initiative,
            "breadcrumbs": _crumbs((f"№ {initiative.pk}", initiative.get_absolute_url()), (_("Plan"), None)),
        },
    )


@staff_page()
@require_http_methods(["GET", "POST"])
def update_create(request, pk):
    """The update form, made for a phone on the site: text, percent, money, photos from the camera."""
    initiative = _managed(request, pk, "initiatives.post_update")
    posted = request.method == "POST"
    form = UpdateForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"percent": initiative.percent, "spent": initiative.budget_spent or None},
    )
    if posted:
        valid = form.is_valid()
        photos = form.cleaned_data.get("photos") or []
        if valid:
            data = form.cleaned_data
            try:
                services.update_post(
                    actor=request.user,
                    initiative=initiative,
                    body=data["body"],
                    percent=data["percent"],
                    spent=data["spent"],
                    reported_on=data["reported_on"],
                    photos=photos,
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error if isinstance(error, ValidationError) else str(error))
            else:
                messages.success(request, _("The update is published on the initiative's page."))
                return redirect(reverse("initiatives:detail", kwargs={"pk": initiative.pk}) + "#updates")
        if photos:
            form.add_error("photos", _("Choose the photos again: browsers do not keep them after an error."))
    return render(
        request,
        "initiatives/update_form.html",
        {
            "form": form,
            "initiative": initiative,
            "breadcrumbs": _crumbs((f"№ {initiative.pk}", initiative.get_absolute_url()), (_("New update"), None)),
        },
    )


#: What each step posts and what the official is told when it is done.
STEPS = {
    "start": (services.initiative_start, gettext_lazy("The work has started.")),
    "complete": (services.initiative_complete, gettext_lazy("Marked as completed: residents can now check the work.")),
    "resume": (services.initiative_resume, gettext_lazy("The work is back in progress with its new due date.")),
    "cancel": (services.initiative_cancel, gettext_lazy("The initiative was cancelled; the reason is public.")),
    "reopen": (services.initiative_reopen, gettext_lazy("The initiative is reopened with its new due date.")),
    "uphold": (services.initiative_uphold, gettext_lazy("Your explanation is published; the work stays completed.")),
}


@staff_page()
@require_POST
def initiative_step(request, pk):
    initiative = _managed(request, pk)
    action = request.POST.get("action")
    if action not in STEPS:
        return HttpResponseBadRequest(_("Unknown action."))
    form = StepForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect(initiative)
    service, done = STEPS[action]
    kwargs = {"actor": request.user, "initiative": initiative}
    if action != "start":
        kwargs["reason"] = form.cleaned_data["reason"]
    if action in ("resume", "reopen"):
        kwargs["due_date"] = form.cleaned_data["due_date"]
    try:
        service(**kwargs)
    except (ValidationError, PermissionDenied) as error:
        error_messages(request, error)
    else:
        messages.success(request, done)
    return redirect(initiative)


@staff_page()
@require_POST
def milestone_add(request, pk):
    initiative = _managed(request, pk, "initiatives.change_plan")
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
    else:
        try:
            services.milestone_add(actor=request.user, initiative=initiative, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The milestone is added."))
    return redirect(reverse("initiatives:detail", kwargs={"pk": initiative.pk}) + "#milestones")


@staff_page()
@require_POST
def milestone_change(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("initiative__territory"), pk=pk)
    initiative = _managed(request, milestone.initiative_id, "initiatives.change_plan")
    action = request.POST.get("action")
    try:
        if action == "done":
            services.milestone_mark_done(actor=request.user, milestone=milestone)
            messages.success(request, _("The milestone is marked done."))
        elif action == "reschedule":
            form = MilestoneRescheduleForm(request.POST)
            if not form.is_valid():
                form_error_messages(request, form)
            else:
                services.milestone_reschedule(actor=request.user, milestone=milestone, **form.cleaned_data)
                messages.success(request, _("The milestone's new date is recorded with your reason."))
        else:
            return HttpResponseBadRequest(_("Unknown action."))
    except (ValidationError, PermissionDenied) as error:
        error_messages(request, error)
    return redirect(reverse("initiatives:detail", kwargs={"pk": initiative.pk}) + "#milestones")
