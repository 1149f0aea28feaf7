"""Every permission both ways: own subtree allowed; neighbours, children acting on parents,
expired and future roles, wrong roles and residents refused."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps.core.permissions import can
from apps.territories.models import Residency, StaffRole
from tests.accounts.factories import UserFactory
from tests.territories.factories import StaffRoleFactory, build_tree


@pytest.fixture
def tree(db):
    return build_tree()


def role(territory, kind=StaffRole.Role.MODERATOR, **kwargs):
    return StaffRoleFactory(territory=territory, role=kind, **kwargs).user


def pending(territory, user=None):
    return Residency.objects.create(
        user=user or UserFactory(), territory=territory, iin_hash="x" * 64, iin_last4="2728"
    )


@pytest.mark.parametrize("kind", [StaffRole.Role.MODERATOR, StaffRole.Role.OFFICIAL, StaffRole.Role.ADMINISTRATOR])
def test_staff_of_a_district_verify_residents_of_its_villages(tree, kind):
    staff = role(tree.district, kind)

    assert can(staff, "territories.verify_residency", pending(tree.village))
    assert can(staff, "territories.verify_residency", pending(tree.district.children.first()))


def test_staff_of_the_neighbouring_district_may_not_verify(tree):
    staff = role(tree.neighbour_district)

    assert not can(staff, "territories.verify_residency", pending(tree.village))
    assert can(staff, "territories.verify_residency", pending(tree.neighbour_village))


def test_staff_of_a_child_may_not_act_on_the_parent(tree):
    village_staff = role(tree.rural_district, StaffRole.Role.ADMINISTRATOR)

    assert not can(village_staff, "territories.moderate_in", tree.district)
    assert not can(village_staff, "territories.manage_roles_in", tree.oblast)
    assert not can(village_staff, "territories.verify_residency", pending(tree.district))
    assert can(village_staff, "territories.moderate_in", tree.village)


def test_sibling_subtrees_are_separate(tree):
    staff = role(tree.sibling_rural_district)

    assert not can(staff, "territories.verify_residency", pending(tree.village))


def test_expired_and_future_roles_give_nothing(tree):
    today = timezone.localdate()
    expired = role(
        tree.district, valid_from=today - datetime.timedelta(days=30), valid_to=today - datetime.timedelta(days=1)
    )
    future = role(tree.district, valid_from=today + datetime.timedelta(days=1))
    last_day = role(tree.district, valid_from=today - datetime.timedelta(days=30), valid_to=today)

    assert not can(expired, "territories.verify_residency", pending(tree.village))
    assert not can(future, "territories.moderate_in", tree.village)
    assert not can(expired, "territories.view_staff_console")
    assert can(last_day, "territories.moderate_in", tree.village)


@pytest.mark.parametrize(
    ("kind", "moderate", "answer", "manage"),
    [
        (StaffRole.Role.MODERATOR, True, False, False),
        (StaffRole.Role.OFFICIAL, False, True, False),
        (StaffRole.Role.ADMINISTRATOR, True, True, True),
    ],
)
def test_what_each_role_allows(tree, kind, moderate, answer, manage):
    staff = role(tree.district, kind)

    assert can(staff, "territories.moderate_in", tree.village) is moderate
    assert can(staff, "territories.answer_in", tree.village) is answer
    assert can(staff, "territories.manage_roles_in", tree.village) is manage
    assert can(staff, "territories.view_staff_console")


def test_nobody_verifies_their_own_residency(tree):
    staff = role(tree.oblast, StaffRole.Role.ADMINISTRATOR)
    superuser = UserFactory(is_superuser=True, is_staff=True)

    assert not can(staff, "territories.verify_residency", pending(tree.village, user=staff))
    # Django lets an active superuser pass every has_perm, so the service refuses it itself.
    from django.core.exceptions import PermissionDenied

    from apps.territories.services import residency_verify

    with pytest.raises(PermissionDenied):
        residency_verify(actor=superuser, residency=pending(tree.village, user=superuser))


def test_residents_and_anonymous_have_no_staff_permissions(tree):
    resident = UserFactory()
    Residency.objects.create(
        user=resident, territory=tree.village, status=Residency.Status.VERIFIED, iin_hash="y" * 64, iin_last4="1188"
    )

    for person in (resident, AnonymousUser()):
        assert not can(person, "territories.view_staff_console")
        assert not can(person, "territories.moderate_in", tree.village)
        assert not can(person, "territories.verify_residency", pending(tree.village))


def test_superuser_may_do_everything(tree):
    superuser = UserFactory(is_superuser=True, is_staff=True)

    assert can(superuser, "territories.manage_roles_in", tree.republic)
    assert can(superuser, "territories.verify_residency", pending(tree.village))


def test_verified_residents_are_members_of_every_ancestor_community(tree):
    from apps.territories.rules import is_resident_of

    resident = UserFactory()
    Residency.objects.create(
        user=resident, territory=tree.village, status=Residency.Status.VERIFIED, iin_hash="z" * 64, iin_last4="1188"
    )
    waiting = UserFactory()
    pending(tree.village, user=waiting)

    for territory in (tree.village, tree.rural_district, tree.district, tree.oblast, tree.republic):
        assert is_resident_of(resident, territory)
    assert not is_resident_of(resident, tree.other_village)
    assert not is_resident_of(resident, tree.neighbour_district)
    assert not is_resident_of(waiting, tree.village)
    assert not is_resident_of(AnonymousUser(), tree.village)


def test_staff_roles_make_mfa_mandatory(tree):
    from apps.accounts.mfa import user_requires_mfa

    assert user_requires_mfa(role(tree.village))
    assert not user_requires_mfa(UserFactory())


def test_answering_is_refused_to_neighbours_and_to_staff_below(tree):
    neighbour = role(tree.neighbour_district, StaffRole.Role.OFFICIAL)
    below = role(tree.rural_district, StaffRole.Role.OFFICIAL)

    assert not can(neighbour, "territories.answer_in", tree.village)
    assert not can(below, "territories.answer_in", tree.district)
    assert can(below, "territories.answer_in", tree.village)


def test_only_administrators_see_the_roles_page(tree):
    assert can(role(tree.oblast, StaffRole.Role.ADMINISTRATOR), "territories.view_staff_roles")
    assert not can(role(tree.oblast, StaffRole.Role.MODERATOR), "territories.view_staff_roles")
    assert not can(role(tree.oblast, StaffRole.Role.OFFICIAL), "territories.view_staff_roles")
