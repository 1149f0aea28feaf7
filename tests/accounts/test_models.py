import pytest
from django.db import IntegrityError

from apps.accounts.models import User


@pytest.mark.django_db
def test_create_user_uses_email_as_login_and_lowercases_it():
    user = User.objects.create_user("Aigerim@Example.KZ", "secret-pass-123", display_name="Aigerim")

    assert user.email == "aigerim@example.kz"
    assert user.get_username() == "aigerim@example.kz"
    assert user.check_password("secret-pass-123")
    assert str(user) == "Aigerim"
    assert user.preferred_language == "kk"
    assert not user.is_staff


@pytest.mark.django_db
def test_email_is_unique_whatever_its_case():
    User.objects.create_user("dana@example.kz", "x", display_name="Dana")

    with pytest.raises(IntegrityError):
        User.objects.create(email="DANA@example.kz", display_name="Other Dana")


@pytest.mark.django_db
def test_create_superuser_is_staff():
    admin = User.objects.create_superuser("root@example.kz", "x", display_name="Root")

    assert admin.is_staff and admin.is_superuser


def test_create_user_needs_an_email():
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user("", "x")
