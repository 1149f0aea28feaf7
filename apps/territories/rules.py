"""Who may do what with territories, residents and staff roles.

Staff roles act on the subtree of their territory, for their period only:
a district moderator may verify residents of every village of the district,
but not of the neighbouring district, and staff of a village may not act on
the district above it. Every staff right also needs the second factor in this
session (``has_second_factor``); superusers have the staff rights (never the
rights of a resident or an author), with the second factor too.

Roles and what they allow:

=====================  =========  ========  =============
predicate              moderator  official  administrator
=====================  =========  ========  =============
can_verify_residency   yes        yes       yes
can_moderate_in        yes        no        yes
can_answer_in          no         yes       yes
can_manage_roles_in    no         no        yes
=====================  =========  ========  =============

Ask them through ``apps.core.permissions`` (``can`` / ``require`` / ``why_not``).
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from apps.accounts.rules import has_second_factor, is_authenticated, is_superuser
from apps.core.permissions import define
from apps.territories.models import ROOT_CODE, StaffRole, Territory

MODERATION_ROLES = (StaffRole.Role.MODERATOR, StaffRole.Role.ADMINISTRATOR)
ANSWER_ROLES = (StaffRole.Role.OFFICIAL, StaffRole.Role.ADMINISTRATOR)
VERIFICATION_ROLES = (StaffRole.Role.MODERATOR, StaffRole.Role.OFFICIAL, StaffRole.Role.ADMINISTRATOR)
ROLE_ADMIN_ROLES = (StaffRole.Role.ADMINISTRATOR,)

#: The explanation shared by every staff right refused for want of the second factor.
NEEDS_SECOND_FACTOR = _("Staff rights need your second factor: sign in with your authenticator code.")
NOT_SIGNED_IN = _("Sign in first.")


def has_role_over(user, territory: Territory | None, roles) -> bool:
    """True when ``user`` holds one of ``roles``, in force today, on ``territory`` or an ancestor.

    The role alone: staff rights combine it with ``has_second_factor`` (see the permissions below).
    """
    if territory is None or not getattr(user, "is_authenticated", False):
        return False
    codes = [*territory.ancestor_codes(), territory.kato_code]
    return StaffRole.objects.active().filter(user=user, role__in=roles, territory__kato_code__in=codes).exists()


def territory_or_republic(territory: Territory | None) -> Territory | None:
    """The territory itself, or the Republic for national things (no territory)."""
    if territory is not None:
        return territory
    return Territory.objects.filter(kato_code=ROOT_CODE).first()


@rules.predicate
def has_any_staff_role(user) -> bool:
    """Holds any role in force today. Remembered on the user object, i.e. for one request:
    the header asks it on every page, and a page may ask again."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_civic_has_staff_role", None)
    if cached is None:
        cached = StaffRole.objects.active().filter(user=user).exists()
        user._civic_has_staff_role = cached
    return cached


@rules.predicate
def has_any_administrator_role(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        StaffRole.objects.active().filter(user=user, role__in=ROLE_ADMIN_ROLES).exists()
    )


@rules.predicate
def can_moderate_in(user, territory: Territory | None) -> bool:
    return has_role_over(user, territory, MODERATION_ROLES)


@rules.predicate
def can_answer_in(user, territory: Territory | None) -> bool:
    return has_role_over(user, territory, ANSWER_ROLES)


@rules.predicate
def can_manage_roles_in(user, territory: Territory | None) -> bool:
    return has_role_over(user, territory, ROLE_ADMIN_ROLES)


@rules.predicate
def is_own_residency(user, residency) -> bool:
    return residency is not None and residency.user_id == getattr(user, "pk", None)


@rules.predicate
def can_verify_residency(user, residency) -> bool:
    return residency is not None and has_role_over(user, residency.territory, VERIFICATION_ROLES)


def standing_in(user, territory: Territory):
    """The person's ``ResidencyStanding`` in ``territory``, read once per permission check.

    Remembered in the rules invocation context (one ``test()`` call: a
    permission and all its requirements), never longer: a residency verified
    a moment later is seen by the next check.
    """
    from apps.territories.selectors import residency_standing

    context = is_resident_of.context
    key = ("civic_residency_standing", getattr(user, "pk", None), territory.pk)
    if context is not None and key in context:
        return context[key]
    standing = residency_standing(user=user, territory=territory)
    if context is not None:
        context[key] = standing
    return standing


@rules.predicate
def is_resident_of(user, territory: Territory | None) -> bool:
    """A verified resident of T or of any unit inside T (member of T's local community)."""
    return territory is not None and standing_in(user, territory).is_member


@rules.predicate
def is_not_waiting_for_verification_in(user, territory: Territory | None) -> bool:
    """False while the person's declaration in T (or inside it) waits for staff and they are no member yet."""
    return territory is None or not standing_in(user, territory).is_waiting


@rules.predicate
def was_not_just_rejected_in(user, territory: Territory | None) -> bool:
    """False when the person's latest declaration, in T or inside it, was rejected (and they are no member)."""
    return territory is None or not standing_in(user, territory).was_rejected


@rules.predicate
def is_staff_member(user) -> bool:
    """Holds a staff role in force, or is a superuser (the staff console's audience)."""
    return bool(is_superuser(user) or has_any_staff_role(user))


def staff_right(role_predicate, refusal) -> tuple:
    """The requirements of a right that comes from a staff role: signed in, the role (or superuser), second factor."""
    return (
        (is_authenticated, NOT_SIGNED_IN),
        (is_superuser | role_predicate, refusal),
        (has_second_factor, NEEDS_SECOND_FACTOR),
    )


define(
    "territories.view_staff_console",
    *staff_right(has_any_staff_role, _("The staff console is for akimat staff with a role.")),
)
define(
    "territories.verify_residency",
    (~is_own_residency, _("Nobody verifies their own residency.")),
    *staff_right(can_verify_residency, _("Only staff of this territory may verify its residents.")),
    obj="residency",
)
define(
    "territories.moderate_in",
    *staff_right(can_moderate_in, _("Only moderators of this territory may do this.")),
    obj="territory",
)
define(
    "territories.answer_in",
    *staff_right(can_answer_in, _("Only officials and administrators of this territory may do this.")),
    obj="territory",
)
define(
    "territories.manage_roles_in",
    *staff_right(can_manage_roles_in, _("Only administrators of this territory may manage its staff and figures.")),
    obj="territory",
)
define(
    "territories.view_staff_roles",
    *staff_right(has_any_administrator_role, _("Only administrators manage staff roles.")),
)
define("territories.declare_residency", (is_authenticated, _("Sign in to declare your residency.")))
define(
    "territories.end_residency",
    (is_authenticated, NOT_SIGNED_IN),
    (
        is_own_residency | (has_second_factor & (is_superuser | can_verify_residency)),
        _("Only the resident or staff of the territory may end this residency."),
    ),
    obj="residency",
)
