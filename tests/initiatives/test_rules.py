"""The initiatives permissions both ways: officials run the work, residents check it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps.core.permissions import can, why_not
from apps.initiatives.models import Initiative
from apps.territories.models import Residency, StaffRole
from tests.accounts.factories import UserFactory
from tests.initiatives.factories import (
    accepted_proposal,
    administrator,
    considered_proposal,
    initiative,
    moderator,
    official,
    resident,
)
from tests.proposals.factories import reached
from tests.territories.factories import StaffRoleFactory

STAFF_RIGHTS = ("initiatives.manage", "initiatives.post_update", "initiatives.change_plan")
Status = Initiative.Status


def at(item, status):
    Initiative.objects.filter(pk=item.pk).update(status=status)
    item.refresh_from_db()
    return item


@pytest.mark.parametrize(
    "who",
    [
        lambda tree: official(tree.village),
        lambda tree: administrator(tree.village),
        lambda tree: official(tree.rural_district),
        lambda tree: official(tree.district),
        lambda tree: administrator(tree.oblast),
        lambda tree: UserFactory(is_superuser=True),
    ],
    ids=["official", "administrator", "rural-district-official", "district-official", "region-admin", "superuser"],
)
def test_officials_and_administrators_of_the_territory_or_above_run_its_initiatives(tree, who):
    item = initiative(tree.village)
    person = who(tree)

    assert can(person, "initiatives.add_in", tree.village)
    for name in STAFF_RIGHTS:
        assert can(person, name, item), name
        assert why_not(person, name, item) is None
    assert set(item.available_transitions(person)) == {"start", "cancel"}


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (lambda tree: official(tree.neighbour_district), "Only officials and administrators of {village}"),
        (lambda tree: official(tree.other_village), "Only officials and administrators"),
        (lambda tree: moderator(tree.village), "Only officials and administrators"),
        (lambda tree: moderator(tree.oblast), "Only officials and administrators"),
        (lambda tree: resident(tree.village), "Only officials and administrators"),
        (lambda tree: UserFactory(is_staff=True), "Only officials and administrators"),
        (lambda tree: AnonymousUser(), "Sign in first"),
    ],
    ids=["neighbour-district", "other-village", "moderator", "region-moderator", "resident", "is-staff", "anonymous"],
)
def test_everyone_else_is_refused_the_officials_rights(tree, who, message):
    item = initiative(tree.village)
    person = who(tree)

    assert not can(person, "initiatives.add_in", tree.village)
    message = message.format(village=tree.village.name)
    for name in STAFF_RIGHTS:
        assert not can(person, name, item), name
        assert message in why_not(person, name, item)
    assert item.available_transitions(person) == {}


def test_an_officials_right_stops_at_their_own_territory(tree):
    village_official = official(tree.village)

    assert can(village_official, "initiatives.add_in", tree.village)
    assert not can(village_official, "initiatives.add_in", tree.rural_district)
    assert not can(village_official, "initiatives.manage", initiative(tree.district))


@pytest.mark.parametrize("superuser", [False, True])
def test_no_staff_right_without_the_second_factor(tree, superuser, settings):
    settings.CIVIC_STAFF_REQUIRE_MFA = True
    item = initiative(tree.village)
    if superuser:
        person = UserFactory(is_superuser=True, second_factor=False)
    else:
        person = StaffRoleFactory(territory=tree.village, role=StaffRole.Role.OFFICIAL, user__second_factor=False).user

    assert not can(person, "initiatives.add_in", tree.village)
    for name in STAFF_RIGHTS:
        assert not can(person, name, item)
        assert "second factor" in why_not(person, name, item)


def test_the_plan_and_updates_close_with_the_work_but_managing_continues(tree):
    runner = official(tree.village)
    item = initiative(tree.village, by=runner)

    for status in Initiative.OPEN:
        at(item, status)
        assert can(runner, "initiatives.post_update", item) and can(runner, "initiatives.change_plan", item)
    for status in set(Status.values) - Initiative.OPEN:
        at(item, status)
        assert can(runner, "initiatives.manage", item)
        assert "this initiative is closed" in why_not(runner, "initiatives.post_update", item)
        assert "no longer changes" in why_not(runner, "initiatives.change_plan", item)


def test_nobody_opens_initiatives_for_the_republic(tree):
    national = administrator(tree.republic)

    assert not can(national, "initiatives.add_in", tree.republic)
    assert "not the whole Republic" in why_not(UserFactory(is_superuser=True), "initiatives.add_in", tree.republic)
    assert can(national, "initiatives.add_in", tree.village)


def test_opening_from_a_proposal(tree):
    author = administrator(tree.village)  # staff may be residents and authors too
    Residency.objects.create(
        user=author, territory=tree.village, status=Residency.Status.VERIFIED, iin_hash="a" * 64, iin_last4="0000"
    )
    considered = considered_proposal(tree.village, author=author)
    accepted = accepted_proposal(tree.village)
    runner = official(tree.village)

    assert can(runner, "initiatives.open_from_proposal", considered)
    assert can(runner, "initiatives.open_from_proposal", accepted)
    assert "your own proposal" in why_not(author, "initiatives.open_from_proposal", considered)
    assert can(author, "initiatives.open_from_proposal", accepted)
    for person in (official(tree.neighbour_district), moderator(tree.village), resident(tree.village)):
        assert not can(person, "initiatives.open_from_proposal", considered)
    published = reached(resident(tree.village), tree.village)
    assert "under consideration or accepted" in why_not(runner, "initiatives.open_from_proposal", published)


# -- residents' check -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(Initiative.CHECKED))
def test_verified_residents_of_the_territory_check_completed_work(tree, status):
    item = at(initiative(tree.village), status)

    assert can(resident(tree.village), "initiatives.check", item)
    # Residents of a village check the work of the unit above it too.
    assert can(resident(tree.village), "initiatives.check", at(initiative(tree.rural_district), status))


@pytest.mark.parametrize("status", sorted(set(Status.values) - Initiative.CHECKED))
def test_residents_check_only_once_the_work_is_marked_completed(tree, status):
    item = at(initiative(tree.village), status)
    person = resident(tree.village)

    assert not can(person, "initiatives.check", item)
    assert "once the officials mark it completed" in why_not(person, "initiatives.check", item)


def test_residents_of_other_places_cannot_check(tree):
    item = at(initiative(tree.village), Status.COMPLETED)

    for place in ("other_village", "neighbour_village", "rural_district"):
        person = resident(getattr(tree, place))
        assert not can(person, "initiatives.check", item)
        assert f"Only verified residents of {tree.village.name} may check" in why_not(person, "initiatives.check", item)
    assert "Sign in" in why_not(AnonymousUser(), "initiatives.check", item)


def test_checking_comes_from_residency_never_from_staff_rights(tree):
    item = at(initiative(tree.village), Status.COMPLETED)
    superuser = UserFactory(is_superuser=True)

    assert can(superuser, "initiatives.manage", item)
    assert not can(superuser, "initiatives.check", item)
    for person in (official(tree.village), administrator(tree.oblast)):
        assert not can(person, "initiatives.check", item)
    assert "Only verified residents" in why_not(superuser, "initiatives.check", item)


def test_a_resident_waiting_for_verification_is_told_so(tree):
    item = at(initiative(tree.village), Status.COMPLETED)
    waiting = UserFactory()
    pending = Residency.objects.create(user=waiting, territory=tree.village, iin_hash="p" * 64, iin_last4="1234")

    assert pending.status == Residency.Status.PENDING
    assert not can(waiting, "initiatives.check", item)
    assert why_not(waiting, "initiatives.check", item) == (
        "Your residency is waiting for verification: you can check the work once it is verified."
    )

    Residency.objects.filter(pk=pending.pk).update(status=Residency.Status.VERIFIED, decided_at=timezone.now())
    assert can(waiting, "initiatives.check", item)
