"""Who may do what with territories, residents and staff roles (django-rules predicates).

Staff roles act on the subtree of their territory, for their period only:
a district moderator may verify residents of every village of the district,
but not of the neighbouring district, and staff of a village may not act on
the district above it. Superusers may do everything.

Roles and what they allow:

=====================  =========  ========  =============
predicate              moderator  official  administrator
=====================  =========  ========  =============
can_verify_residency   yes        yes       yes
can_moderate_in        yes        no        yes
can_answer_in          no         yes       yes
can_manage_roles_in    no         no        yes
=====================  =========  ========  =============
"""

from __future__ import annotations

import rules

from apps.territories.models import StaffRole, Territory

MODERATION_ROLES = (StaffRole.Role.MODERATOR, StaffRole.Role.ADMINISTRATOR)
ANSWER_ROLES = (StaffRole.Role.OFFICIAL, StaffRole.Role.ADMINISTRATOR)
VERIFICATION_ROLES = (StaffRole.Role.MODERATOR, StaffRole.Role.OFFICIAL, StaffRole.Role.ADMINISTRATOR)
ROLE_ADMIN_ROLES = (StaffRole.Role.ADMINISTRATOR,)


def has_role_over(user, territory: Territory | None, roles) -> bool:
    """True when ``user`` holds one of ``roles``, in force today, on ``territory`` or an ancestor."""
    if territory is None or not getattr(user, "is_authenticated", False):
        return False
    codes = [*territory.ancestor_codes(), territory.kato_code]
    return StaffRole.objects.active().filter(user=user, role__in=roles, territory__kato_code__in=codes).exists()


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


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
    if residency is None or is_own_residency(user, residency):
        return False  # nobody verifies their own residency
    return has_role_over(user, residency.territory, VERIFICATION_ROLES)


@rules.predicate
def is_resident_of(user, territory: Territory | None) -> bool:
    """A verified resident of T or of any unit inside T (member of T's local community)."""
    from apps.territories.selectors import user_is_member_of

    return territory is not None and user_is_member_of(user=user, territory=territory)


rules.add_perm("territories.view_staff_console", is_superuser | has_any_staff_role)
rules.add_perm("territories.verify_residency", ~is_own_residency & (is_superuser | can_verify_residency))
rules.add_perm("territories.moderate_in", is_superuser | can_moderate_in)
rules.add_perm("territories.answer_in", is_superuser | can_answer_in)
rules.add_perm("territories.manage_roles_in", is_superuser | can_manage_roles_in)
rules.add_perm("territories.view_staff_roles", is_superuser | has_any_administrator_role)
