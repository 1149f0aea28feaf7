"""Import of the classifier, residency declarations and decisions, staff roles."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.core.permissions import can
from apps.territories.importers import TerritoryRow
from apps.territories.models import Residency, StaffRole, Territory
from apps.territories.services import (
    residency_declare,
    residency_reject,
    residency_verify,
    staff_role_end,
    staff_role_grant,
    territories_import,
)
from tests.accounts.factories import UserFactory
from tests.territories.factories import TREE, StaffRoleFactory, build_tree, rows

IIN = "791028302728"
OTHER_IIN = "811201401188"


@pytest.fixture
def tree(db):
    return build_tree()


# -- import ------------------------------------------------------------------


@pytest.mark.django_db
def test_import_builds_the_tree_with_paths():
    summary = territories_import(rows=rows())

    assert (summary.created, summary.updated, summary.unchanged, summary.refused) == (len(TREE), 0, 0, [])
    village = Territory.objects.get(kato_code="113030100")
    assert village.path == "000000000110000000113000000113030000113030100"
    assert village.depth == 4
    assert village.parent.kato_code == "113030000"
    assert village.ancestor_codes() == ["000000000", "110000000", "113000000", "113030000"]
    assert "аршалы" in village.search_key


@pytest.mark.django_db
def test_reimport_of_the_same_rows_changes_nothing(tree):
    before = list(Territory.objects.order_by("pk").values_list("pk", "path", "name_ru"))

    summary = territories_import(rows=rows())

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, len(TREE))
    assert list(Territory.objects.order_by("pk").values_list("pk", "path", "name_ru")) == before


@pytest.mark.django_db
def test_changed_names_and_moved_units_are_updated_in_place(tree):
    changed = [list(row) for row in TREE]
    changed[4][4] = "с.Аршалы (новое)"  # renamed village
    changed[6][1] = "113200000"  # Berseneyevka rural district moves to the neighbouring district

    summary = territories_import(rows=rows([tuple(row) for row in changed]))

    assert (summary.created, summary.updated) == (0, 3)  # village, moved rural district, its village
    assert Territory.objects.get(kato_code="113030100").name_ru == "с.Аршалы (новое)"
    moved_village = Territory.objects.get(kato_code="113040100")
    assert moved_village.path.startswith("000000000110000000113200000113040000")
    assert Territory.objects.get(kato_code="113040000").parent == tree.neighbour_district


@pytest.mark.django_db
def test_rows_with_unknown_parents_are_refused_with_their_descendants(tree):
    bad = [
        TerritoryRow(2, "119000000", "999000000", "district", "Жоқ ауданы", "Несуществующий район", ""),
        TerritoryRow(3, "119010000", "119000000", "rural_district", "Жоқ а.о.", "Несуществующий с.о.", ""),
        TerritoryRow(4, "113030300", "113030000", "village", "Жаңа а.", "с.Новое", ""),
    ]

    summary = territories_import(rows=bad)

    assert summary.created == 1
    assert [(e.line, e.code) for e in summary.refused] == [(2, "119000000"), (3, "119010000")]
    assert "999000000" in summary.refused[0].message
    assert not Territory.objects.filter(kato_code__in=["119000000", "119010000"]).exists()


@pytest.mark.django_db
def test_cycles_are_refused(tree):
    cycle = [
        TerritoryRow(2, "119000000", "119010000", "district", "A", "A", ""),
        TerritoryRow(3, "119010000", "119000000", "rural_district", "B", "B", ""),
    ]

    from django.utils import translation

    with translation.override("en"):
        summary = territories_import(rows=cycle)

    assert summary.created == 0
    assert {e.code for e in summary.refused} == {"119000000", "119010000"}
    assert any("cycle" in e.message for e in summary.refused)


@pytest.mark.django_db
def test_a_failure_while_writing_leaves_nothing_half_written(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    original = Territory.objects.bulk_create
    calls = []

    def second_call_fails(objs, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            explode()
        return original(objs, **kwargs)

    monkeypatch.setattr(Territory.objects, "bulk_create", second_call_fails)

    with pytest.raises(RuntimeError):
        territories_import(rows=rows())

    assert Territory.objects.count() == 0


# -- residency -------------------------------------------------------------------


def test_declaring_a_residency_stores_only_a_fingerprint(tree):
    person = UserFactory()

    residency = residency_declare(user=person, territory=tree.village, iin=IIN)

    assert residency.status == Residency.Status.PENDING
    assert residency.iin_last4 == "2728"
    assert IIN not in residency.iin_hash
    stored = Residency.objects.filter(pk=residency.pk).values_list("iin_hash", "iin_last4", "reason").get()
    assert all(IIN not in str(value) for value in stored)


@pytest.mark.parametrize(
    ("iin", "code"),
    [("791028302727", "checksum"), ("791328302728", "date"), ("123", "format")],
)
def test_bad_iin_is_refused_and_nothing_written(tree, iin, code):
    with pytest.raises(ValidationError) as error:
        residency_declare(user=UserFactory(), territory=tree.village, iin=iin)

    assert error.value.code == code
    assert not Residency.objects.exists()


def test_a_region_is_not_a_home(tree):
    with pytest.raises(ValidationError) as error:
        residency_declare(user=UserFactory(), territory=tree.district, iin=IIN)

    assert error.value.code == "kind"


def test_one_verified_residency_per_person(tree):
    staff = StaffRoleFactory(territory=tree.district).user
    first = residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)
    residency_verify(actor=staff, residency=first)

    with pytest.raises(ValidationError) as error:
        residency_declare(user=UserFactory(), territory=tree.other_village, iin=IIN)

    assert error.value.code == "duplicate"


def test_two_pending_declarations_of_one_iin_cannot_both_be_verified(tree):
    staff = StaffRoleFactory(territory=tree.district).user
    first = residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)
    second = residency_declare(user=UserFactory(), territory=tree.other_village, iin=IIN)
    residency_verify(actor=staff, residency=first)

    with pytest.raises(ValidationError) as error:
        residency_verify(actor=staff, residency=second)

    assert error.value.code == "duplicate"
    second.refresh_from_db()
    assert second.status == Residency.Status.PENDING


def test_a_new_declaration_replaces_a_pending_one(tree):
    person = UserFactory()
    first = residency_declare(user=person, territory=tree.village, iin=IIN)

    second = residency_declare(user=person, territory=tree.other_village, iin=IIN)

    first.refresh_from_db()
    assert first.status == Residency.Status.ENDED
    assert second.status == Residency.Status.PENDING


def test_moving_home_ends_the_old_residency_when_the_new_one_is_verified(tree):
    staff = StaffRoleFactory(territory=tree.oblast).user
    person = UserFactory()
    old = residency_declare(user=person, territory=tree.village, iin=IIN)
    residency_verify(actor=staff, residency=old)

    new = residency_declare(user=person, territory=tree.neighbour_village, iin=IIN)
    residency_verify(actor=staff, residency=new)

    old.refresh_from_db()
    assert old.status == Residency.Status.ENDED
    assert Residency.objects.get(user=person, status=Residency.Status.VERIFIED).territory == tree.neighbour_village


def test_a_verified_person_cannot_switch_to_another_iin(tree):
    staff = StaffRoleFactory(territory=tree.oblast).user
    person = UserFactory()
    residency_verify(actor=staff, residency=residency_declare(user=person, territory=tree.village, iin=IIN))

    with pytest.raises(ValidationError) as error:
        residency_declare(user=person, territory=tree.other_village, iin=OTHER_IIN)

    assert error.value.code == "iin_mismatch"


def test_verification_is_refused_outside_the_scope(tree):
    neighbour = StaffRoleFactory(territory=tree.neighbour_district).user
    residency = residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)

    with pytest.raises(PermissionDenied):
        residency_verify(actor=neighbour, residency=residency)
    with pytest.raises(PermissionDenied):
        residency_reject(actor=neighbour, residency=residency, reason="Not registered here")

    residency.refresh_from_db()
    assert residency.status == Residency.Status.PENDING


def test_rejection_needs_a_reason_the_person_sees(tree):
    staff = StaffRoleFactory(territory=tree.district).user
    residency = residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)

    with pytest.raises(ValidationError):
        residency_reject(actor=staff, residency=residency, reason="   ")
    rejected = residency_reject(actor=staff, residency=residency, reason="Registered in another village")

    assert rejected.status == Residency.Status.REJECTED
    assert rejected.reason == "Registered in another village"
    assert rejected.decided_by == staff


def test_a_decided_declaration_cannot_be_decided_again(tree):
    staff = StaffRoleFactory(territory=tree.district).user
    residency = residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)
    residency_reject(actor=staff, residency=residency, reason="No registration")

    with pytest.raises(ValidationError) as error:
        residency_verify(actor=staff, residency=residency)

    assert error.value.code == "decided"


# -- staff roles --------------------------------------------------------------------


def test_an_administrator_grants_roles_inside_their_territory(tree):
    admin = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR).user
    person = UserFactory()

    granted = staff_role_grant(actor=admin, user=person, territory=tree.district, role=StaffRole.Role.MODERATOR)

    assert granted.granted_by == admin
    assert can(person, "territories.moderate_in", tree.village)


def test_roles_cannot_be_granted_above_or_beside_ones_scope(tree):
    admin = StaffRoleFactory(territory=tree.district, role=StaffRole.Role.ADMINISTRATOR).user
    moderator = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.MODERATOR).user

    with pytest.raises(PermissionDenied):
        staff_role_grant(actor=admin, user=UserFactory(), territory=tree.oblast, role=StaffRole.Role.MODERATOR)
    with pytest.raises(PermissionDenied):
        staff_role_grant(
            actor=admin, user=UserFactory(), territory=tree.neighbour_district, role=StaffRole.Role.MODERATOR
        )
    with pytest.raises(PermissionDenied):
        staff_role_grant(actor=moderator, user=UserFactory(), territory=tree.village, role=StaffRole.Role.MODERATOR)
    assert StaffRole.objects.count() == 2


def test_role_periods_are_checked(tree):
    admin = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR).user
    today = timezone.localdate()

    with pytest.raises(ValidationError):
        staff_role_grant(
            actor=admin,
            user=UserFactory(),
            territory=tree.village,
            role="moderator",
            valid_from=today,
            valid_to=today - datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        staff_role_grant(actor=admin, user=admin, territory=tree.village, role="moderator")


def test_ending_a_role_takes_its_rights_away(tree):
    admin = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR).user
    staff_role = StaffRoleFactory(
        territory=tree.district, valid_from=timezone.localdate() - datetime.timedelta(days=10)
    )

    staff_role_end(actor=admin, staff_role=staff_role, on=timezone.localdate() - datetime.timedelta(days=1))

    assert not can(staff_role.user, "territories.moderate_in", tree.village)


def test_only_administrators_set_a_missing_population(tree):
    from apps.territories.services import territory_set_population

    admin = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR).user
    moderator = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.MODERATOR).user

    with pytest.raises(PermissionDenied):
        territory_set_population(actor=moderator, territory=tree.village, population=1200, year=2024, source="akimat")
    territory_set_population(actor=admin, territory=tree.village, population=1200, year=2024, source="akimat")

    tree.village.refresh_from_db()
    assert (tree.village.population, tree.village.population_year) == (1200, 2024)


def test_a_parent_below_the_row_is_refused_as_a_cycle(tree):
    from django.utils import translation

    looping = [TerritoryRow(2, "113000000", "113030100", "district", "Аршалы ауданы", "Аршалынский район", "")]

    with translation.override("en"):
        summary = territories_import(rows=looping)

    assert [e.code for e in summary.refused] == ["113000000"]
    assert "cycle" in summary.refused[0].message
    tree.district.refresh_from_db()
    assert tree.district.path == "000000000110000000113000000"


def test_moving_a_unit_moves_the_descendants_the_file_did_not_list(tree):
    move = [TerritoryRow(2, "113030000", "113200000", "rural_district", "Аршалы а.о.", "Аршалынский с.о.", "")]

    summary = territories_import(rows=move)

    assert summary.updated == 3  # the rural district and its two villages
    village = Territory.objects.get(kato_code="113030100")
    assert village.path == "000000000110000000113200000113030000113030100"
    assert village.depth == 4
    assert village.is_within(tree.neighbour_district)
    old_moderator = StaffRoleFactory(territory=tree.district).user
    new_moderator = StaffRoleFactory(territory=tree.neighbour_district).user
    residency = residency_declare(user=UserFactory(), territory=village, iin=IIN)
    assert not can(old_moderator, "territories.verify_residency", residency)
    assert can(new_moderator, "territories.verify_residency", residency)


def test_population_keeps_the_latest_year_of_a_unit(tree):
    from apps.territories.importers import PopulationRow
    from apps.territories.services import territories_import_population

    summary = territories_import_population(
        rows=[
            PopulationRow(2, "110000000", 800000, 2024, "BNS"),
            PopulationRow(3, "110000000", 787971, 2023, "BNS"),
        ]
    )

    tree.oblast.refresh_from_db()
    assert (tree.oblast.population, tree.oblast.population_year) == (800000, 2024)
    assert summary.updated == 1


def test_non_ascii_digits_are_not_an_iin(tree):
    with pytest.raises(ValidationError) as error:
        residency_declare(user=UserFactory(), territory=tree.village, iin="７９１０２８３０２７２８")

    assert error.value.code == "format"
    with pytest.raises(ValidationError):
        residency_declare(user=UserFactory(), territory=tree.village, iin="79102830272²")


def test_a_territory_no_longer_in_the_classifier_is_not_a_home(tree):
    Territory.objects.filter(pk=tree.village.pk).update(valid_to=timezone.localdate() - datetime.timedelta(days=1))
    tree.village.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)

    assert error.value.code == "expired"


def test_a_person_ends_their_residency_and_staff_may_end_one_in_scope(tree):
    from apps.territories.services import residency_end

    person = UserFactory()
    moderator = StaffRoleFactory(territory=tree.district).user
    neighbour = StaffRoleFactory(territory=tree.neighbour_district).user
    residency = residency_declare(user=person, territory=tree.village, iin=IIN)
    residency_verify(actor=moderator, residency=residency)

    with pytest.raises(PermissionDenied):
        residency_end(actor=neighbour, residency=residency)
    with pytest.raises(PermissionDenied):
        residency_end(actor=UserFactory(), residency=residency)
    ended = residency_end(actor=person, residency=residency)

    assert ended.status == Residency.Status.ENDED and ended.decided_by == person
    with pytest.raises(ValidationError):
        residency_end(actor=person, residency=ended)
    # The IIN is free again: the person may now be verified on a new account.
    again = residency_declare(user=UserFactory(), territory=tree.village, iin=IIN)
    residency_verify(actor=moderator, residency=again)
    other = residency_declare(user=UserFactory(), territory=tree.other_village, iin=OTHER_IIN)
    assert residency_end(actor=moderator, residency=other).status == Residency.Status.ENDED


def test_ending_never_revives_an_expired_role_and_withdraws_a_future_one(tree):
    admin = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR).user
    today = timezone.localdate()
    expired = StaffRoleFactory(
        territory=tree.district,
        valid_from=today - datetime.timedelta(days=30),
        valid_to=today - datetime.timedelta(days=10),
    )
    future = StaffRoleFactory(territory=tree.district, valid_from=today + datetime.timedelta(days=5))
    long = StaffRoleFactory(territory=tree.district, valid_to=today + datetime.timedelta(days=365))

    with pytest.raises(ValidationError):
        staff_role_end(actor=admin, staff_role=expired)
    assert staff_role_end(actor=admin, staff_role=future) is None
    assert staff_role_end(actor=admin, staff_role=long).valid_to == today

    expired.refresh_from_db()
    assert expired.valid_to == today - datetime.timedelta(days=10)
    assert not can(expired.user, "territories.moderate_in", tree.village)
    assert not StaffRole.objects.filter(pk=future.pk).exists()


def test_a_granted_role_cannot_outlast_the_granters_own(tree):
    today = timezone.localdate()
    admin = StaffRoleFactory(
        territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR, valid_to=today + datetime.timedelta(days=30)
    ).user

    with pytest.raises(ValidationError) as error:
        staff_role_grant(actor=admin, user=UserFactory(), territory=tree.village, role="administrator")

    assert error.value.code == "period"
    granted = staff_role_grant(
        actor=admin,
        user=UserFactory(),
        territory=tree.village,
        role="moderator",
        valid_to=today + datetime.timedelta(days=30),
    )
    assert granted.valid_to == today + datetime.timedelta(days=30)


def test_a_new_edition_retires_units_it_no_longer_lists(tree):
    without_neighbour_village = [row for row in TREE if row[0] != "113230100"]

    summary = territories_import(rows=rows(without_neighbour_village), retire_missing=True)

    assert (summary.not_in_file, summary.retired) == (1, 1)
    retired = Territory.objects.get(kato_code="113230100")
    assert retired.valid_to == timezone.localdate()
    assert Territory.objects.filter(valid_to__isnull=False).count() == 1


def test_rows_without_a_parent_or_too_deep_are_refused(tree):
    orphan = [TerritoryRow(2, "119000000", None, "district", "A", "A", "")]

    summary = territories_import(rows=orphan)

    assert [e.code for e in summary.refused] == ["119000000"]
    assert not Territory.objects.filter(kato_code="119000000").exists()
