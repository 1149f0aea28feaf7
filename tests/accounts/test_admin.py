"""Staff add accounts in the admin (issue 9: the add page was an HTTP 500)."""

import pytest

from apps.accounts.models import User
from tests.accounts.factories import UserFactory, staff_client

pytestmark = pytest.mark.django_db

ADD = "/en/admin/accounts/user/add/"


@pytest.fixture
def admin_client():
    """A superuser signed in with password and TOTP, as the admin requires."""
    return staff_client(UserFactory(is_staff=True, is_superuser=True))


def test_the_add_page_shows_the_fields(admin_client):
    response = admin_client.get(ADD)

    assert response.status_code == 200
    assert {"email", "display_name", "usable_password", "password1", "password2"} <= set(
        response.context["adminform"].form.fields
    )


def test_staff_add_an_account_with_a_password(admin_client):
    data = {"email": "new@example.kz", "display_name": "New Person", "usable_password": "true"}
    data |= {"password1": "a-long-Pass-phrase-42", "password2": "a-long-Pass-phrase-42"}

    response = admin_client.post(ADD, data)

    assert response.status_code == 302
    assert User.objects.get(email="new@example.kz").check_password("a-long-Pass-phrase-42")


def test_staff_add_an_account_without_a_password(admin_client):
    """The person then signs in with an e-mailed code or sets a password through "forgot password"."""
    response = admin_client.post(
        ADD, {"email": "nopass@example.kz", "display_name": "No Pass", "usable_password": "false"}
    )

    assert response.status_code == 302
    assert not User.objects.get(email="nopass@example.kz").has_usable_password()
