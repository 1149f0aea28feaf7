"""Territory pages, residents' declarations and the staff console.

Views parse input, check a named permission, call a service or selector and
render. Staff pages sit behind ``staff_page`` (second factor, then a
``territories.*`` permission); objects a staff member may not act on answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.feedback import error_messages
from apps.core.ratelimit import allow
from apps.territories import selectors, services
from apps.territories.decorators import staff_page
from apps.territories.forms import GrantRoleForm, RejectResidencyForm, ResidencyForm, TerritorySearchForm
from apps.territories.models import Residency, Territory
from apps.territories.panels import panels_for


def _crumbs(ancestors: list[Territory], here: str | None) -> list[tuple[str, str | None]]:
    crumbs: list[tuple[str, str | None]] = [
        (_("Home"), reverse("home")),
        (_("Territories"), reverse("territories:territory-index")),
    ]
    crumbs += [(t.name, t.get_absolute_url()) for t in ancestors if t.depth > 0]
    if here:
        crumbs.append((here, None))
    return crumbs


#: Search results shown at most (a common name has more: the page says so).
SEARCH_LIMIT = 20


@require_GET
def territory_index(request):
    form = TerritorySearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    root = selectors.territory_root()
    groups = selectors.territory_search_results(query=query, limit=SEARCH_LIMIT) if query else None
    return render(
        request,
        "territories/territory_index.html",
        {
            "form": form,
            "query": query,
            "result_groups": groups,
            # The found territories, by level (None: no search made).
            "results": None if groups is None else [hit.territory for group in groups for hit in group.hits],
            "search_limit": SEARCH_LIMIT,
            "regions": selectors.territory_children(territory=root) if root else [],
            "breadcrumbs": [(_("Home"), reverse("home")), (_("Territories"), None)],
        },
    )


@require_GET
def territory_detail(request, kato):
    territory = selectors.territory_get(kato=kato)
    ancestors = selectors.territory_ancestors(territory=territory)
    return render(
        request,
        "territories/territory_detail.html",
        {
            "territory": territory,
            "ancestors": ancestors,
            "children": selectors.territory_children(territory=territory),
            "can_live_here": territory.kind in Territory.HOME_KINDS,
            "panels": panels_for(request, territory),
            "breadcrumbs": _crumbs(ancestors, territory.name),
        },
    )


@sensitive_post_parameters("iin")
@never_cache  # a form with errors carries the IIN typed into it: no browser or proxy may keep the page
@login_required
@require_http_methods(["GET", "POST"])
def residency(request):
    """The person's residency: its state, and the declaration form."""
    initial_code = request.GET.get("territory") or request.POST.get("territory")
    territory = Territory.objects.filter(kato_code=initial_code).first() if initial_code else None
    form = ResidencyForm(request.POST or None, initial={"territory": territory.kato_code if territory else None})
    if request.method == "POST" and not allow(f"residency-declare:{request.user.pk}", limit=10, period=3600):
        # Declarations reveal whether an IIN is verified elsewhere: no guessing in bulk.
        form.is_valid()
        form.add_error(None, _("Too many declarations in a short time. Try again in an hour."))
    elif request.method == "POST" and form.is_valid():
        try:
            services.residency_declare(
                user=request.user, territory=form.cleaned_data["territory"], iin=form.cleaned_data["iin"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you. Staff of your territory will check your declaration; you will see the answer here."),
            )
            return redirect("residency")
    verified, pending = selectors.residency_current(user=request.user)
    return render(
        request,
        "territories/residency.html",
        {
            "form": form,
            "territory": territory,
            "verified": verified,
            "pending": pending,
            "history": selectors.residency_history(user=request.user),
        },
    )


@login_required
@require_POST
def residency_end(request, pk):
    """The person ends their own residency (moved away, or declared by mistake)."""
    item = get_object_or_404(Residency.objects.filter(user=request.user), pk=pk)
    try:
        services.residency_end(actor=request.user, residency=item)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("Your residency has ended."))
    return redirect("residency")


# ---------------------------------------------------------------------------
# Staff console
# ---------------------------------------------------------------------------


@staff_page()
@require_GET
def residency_queue(request):
    queue = selectors.residency_queue(user=request.user)
    page = Paginator(queue, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "territories/residency_queue.html",
        {"page_obj": page, "reject_form": RejectResidencyForm()},
    )


@staff_page()
@require_POST
def residency_decide(request, pk):
    # Only residencies in the staff member's scope exist for them (404 otherwise).
    residency = get_object_or_404(selectors.residency_queue(user=request.user), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "verify":
            services.residency_verify(actor=request.user, residency=residency)
            messages.success(request, _("%(name)s is now a verified resident.") % {"name": residency.user.display_name})
        elif action == "reject":
            form = RejectResidencyForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["reason"])
            services.residency_reject(actor=request.user, residency=residency, reason=form.cleaned_data["reason"])
            messages.success(request, _("The declaration was rejected; the person will see your reason."))
        else:
            raise Http404
    except ValidationError as error:
        error_messages(request, error)
    return redirect("staff:residency-queue")


@staff_page("territories.view_staff_roles")  # administrators only: the form says whether an e-mail has an account
@require_http_methods(["GET", "POST"])
def staff_roles(request):
    form = GrantRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        territory = form.cleaned_data["territory"]
        try:
            services.staff_role_grant(
                actor=request.user,
                user=form.cleaned_data["user"],
                territory=territory,
                role=form.cleaned_data["role"],
                valid_from=form.cleaned_data["valid_from"],
                valid_to=form.cleaned_data["valid_to"],
            )
        except PermissionDenied:
            form.add_error("territory", _("You may grant roles only in the territories you administer."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role was granted."))
            return redirect("staff:roles")
    roles = selectors.staff_roles_in_scope(user=request.user)
    page = Paginator(roles, 50).get_page(request.GET.get("page"))
    return render(
        request, "territories/staff_roles.html", {"form": form, "page_obj": page, "today": timezone.localdate()}
    )


@staff_page("territories.view_staff_roles")
@require_POST
def staff_role_end(request, pk):
    staff_role = get_object_or_404(selectors.staff_roles_in_scope(user=request.user), pk=pk)
    try:
        services.staff_role_end(actor=request.user, staff_role=staff_role)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The role was ended."))
    return redirect("staff:roles")
