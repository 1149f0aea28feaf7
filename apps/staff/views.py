"""The staff console: what waits for this person in every area they have a role in.

It composes the queues of territories (residencies, roles), moderation
(reported comments), proposals and initiatives, so it lives above all of them; each area
keeps its own pages and permissions.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.core import permissions
from apps.initiatives import selectors as initiative_selectors
from apps.moderation.selectors import moderation_queue
from apps.proposals import selectors as proposal_selectors
from apps.territories import selectors as territory_selectors
from apps.territories.decorators import staff_page


@staff_page()
@require_GET
def console(request):
    user = request.user
    roles = territory_selectors.staff_roles_of(user=user)
    queue = territory_selectors.residency_queue(user=user, roles=roles)
    managed = territory_selectors.staff_roles_in_scope(user=user, roles=roles)
    return render(
        request,
        "staff/console.html",
        {
            "roles": roles,
            "residency_count": queue.count(),
            "oldest": queue.first(),
            "managed_roles_count": managed.count(),
            "can_manage_roles": permissions.can(user, "territories.view_staff_roles"),
            "reported_count": moderation_queue(user=user, roles=roles).count(),
            "proposals": proposal_selectors.staff_summary(user=user, roles=roles),
            "initiatives": initiative_selectors.staff_summary(user=user, roles=roles),
        },
    )
