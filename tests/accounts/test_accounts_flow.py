"""Sign up, e-mail verification before participating, sign in, rate limits, profile, language."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from apps.accounts.models import User
from tests.accounts.factories import UserFactory


@pytest.mark.django_db
def test_signup_needs_a_display_name_and_then_a_verified_email(client):
    url = reverse("account_signup")
    missing = client.post(
        url, {"email": "new@example.kz", "password1": "a-long-passphrase-1", "password2": "a-long-passphrase-1"}
    )
    assert missing.status_code == 200
    assert not User.objects.filter(email="new@example.kz").exists()

    response = client.post(
        url,
        {
            "email": "new@example.kz",
            "display_name": "  Aigerim   Serik ",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )

    user = User.objects.get(email="new@example.kz")
    assert user.display_name == "Aigerim Serik"
    # Mandatory verification: the user is not signed in, an e-mail with a link was sent.
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("account_email_verification_sent"))
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert not EmailAddress.objects.get(user=user).verified

    path = link.split("testserver", 1)[1]
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified


@pytest.mark.django_db
def test_signup_keeps_the_interface_language_as_preference(client):
    client.post(
        "/ru/accounts/signup/",
        {
            "email": "ru@example.kz",
            "display_name": "Ivan",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )

    assert User.objects.get(email="ru@example.kz").preferred_language == "ru"


@pytest.mark.django_db
def test_unverified_user_cannot_sign_in(client):
    UserFactory(email="late@example.kz", password="a-long-passphrase-1", verified=False)

    response = client.post(reverse("account_login"), {"login": "late@example.kz", "password": "a-long-passphrase-1"})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("account_email_verification_sent"))


@pytest.mark.django_db
def test_verified_user_signs_in_and_continues_in_the_language_of_the_page(client):
    # Issue 10: the page's language wins over the saved one (signing in from /en/ stays in English).
    UserFactory(email="kz@example.kz", password="a-long-passphrase-1", preferred_language="ru")

    response = client.post("/en/accounts/login/", {"login": "kz@example.kz", "password": "a-long-passphrase-1"})

    assert client.session["_auth_user_id"]
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_failed_logins_are_rate_limited(client):
    UserFactory(email="target@example.kz", password="a-long-passphrase-1")
    url = "/en/accounts/login/"
    for _ in range(5):
        client.post(url, {"login": "target@example.kz", "password": "wrong-password"})

    response = client.post(url, {"login": "target@example.kz", "password": "a-long-passphrase-1"})

    # Even the right password is refused once the account's failure budget is spent.
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert "Too many failed login attempts" in " ".join(response.context["form"].non_field_errors())


@pytest.mark.django_db
def test_profile_requires_sign_in(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_profile_updates_name_and_language(user_client, user):
    response = user_client.post(
        reverse("accounts:profile"), {"display_name": " New   Name ", "preferred_language": "en"}
    )

    user.refresh_from_db()
    assert user.display_name == "New Name"
    assert user.preferred_language == "en"
    assert response["Location"].startswith("/en/")


@pytest.mark.django_db
def test_profile_rejects_blank_name_and_unknown_language(user_client, user):
    response = user_client.post(reverse("accounts:profile"), {"display_name": "   ", "preferred_language": "de"})

    assert response.status_code == 200
    form = response.context["form"]
    assert "display_name" in form.errors and "preferred_language" in form.errors
    user.refresh_from_db()
    assert user.display_name != ""


@pytest.mark.django_db
def test_switching_the_language_of_the_pages_becomes_the_saved_preference(client):
    person = UserFactory(preferred_language="en")
    client.force_login(person)
    client.cookies["civic_language"] = "en"  # this browser was reading English

    response = client.get("/kk/")

    assert response.cookies["civic_language"].value == "kk"
    person.refresh_from_db()
    assert person.preferred_language == "kk"


@pytest.mark.django_db
def test_a_new_browser_opening_a_shared_link_keeps_the_saved_preference(client):
    person = UserFactory(preferred_language="ru")
    client.force_login(person)

    response = client.get("/kk/")

    assert '<html lang="kk">' in response.content.decode()
    assert response.cookies["civic_language"].value == "kk"
    person.refresh_from_db()
    assert person.preferred_language == "ru"
