"""The Django admin changes staff roles through the services: it cannot revive an ended role."""

import datetime

import pytest
from django.utils import timezone

from apps.territories.models import StaffRole
from tests.accounts.factories import UserFactory
from tests.territories.factories import StaffRoleFactory, build_tree
from tests.territories.test_views import staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    return staff_client(UserFactory(is_superuser=True, is_staff=True, preferred_language="en"))


def change(admin_client, role, valid_to):
    return admin_client.post(f"/en/admin/territories/staffrole/{role.pk}/change/", {"valid_to": valid_to}, follow=True)


def test_an_expired_role_is_not_revived(admin_client):
    tree = build_tree()
    today = timezone.localdate()
    role = StaffRoleFactory(
        territory=tree.district, valid_from=today - datetime.timedelta(days=30), valid_to=today - datetime.timedelta(1)
    )

    response = change(admin_client, role, (today + datetime.timedelta(days=365)).isoformat())

    role.refresh_from_db()
    assert role.valid_to == today - datetime.timedelta(days=1)
    assert "already ended" in response.content.decode()


def test_a_role_in_force_is_shortened_not_extended(admin_client):
    tree = build_tree()
    today = timezone.localdate()
    role = StaffRoleFactory(territory=tree.district, valid_to=today + datetime.timedelta(days=10))

    change(admin_client, role, (today + datetime.timedelta(days=100)).isoformat())
    role.refresh_from_db()
    assert role.valid_to == today + datetime.timedelta(days=10)

    change(admin_client, role, (today + datetime.timedelta(days=3)).isoformat())
    role.refresh_from_db()
    assert role.valid_to == today + datetime.timedelta(days=3)


def test_a_new_role_from_the_admin_is_granted_by_the_service(admin_client):
    tree = build_tree()
    person = UserFactory()

    admin_client.post(
        "/en/admin/territories/staffrole/add/",
        {
            "user": person.pk,
            "territory": tree.district.pk,
            "role": StaffRole.Role.MODERATOR,
            "valid_from": timezone.localdate().isoformat(),
            "valid_to": "",
        },
    )

    role = StaffRole.objects.get(user=person)
    assert role.granted_by is not None and role.granted_by.is_superuser
