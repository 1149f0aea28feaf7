"""allauth's e-mails: from the site's name (not the host), in the recipient's language, with the contact page."""

import pytest
from django.core import mail

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-1"
GREETING = {"kk": "Civic сәлем жолдайды!", "ru": "Вас приветствует Civic!", "en": "Hello from Civic!"}
SUBJECT = {
    "kk": "[Civic] Электрондық пошта мекенжайыңызды растаңыз",
    "ru": "[Civic] Пожалуйста, подтвердите Ваш адрес электронной почты",
    "en": "[Civic] Please Confirm Your Email Address",
}


def sign_up(client, language, email="new@example.kz"):
    client.post(
        f"/{language}/accounts/signup/",
        {"email": email, "display_name": "Aigerim", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST="127.0.0.1:8000",
    )
    assert len(mail.outbox) == 1
    return mail.outbox[0]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_verification_email_greets_from_the_site_name_not_the_host(client, language):
    message = sign_up(client, language)

    lines = message.body.splitlines()
    assert message.subject == SUBJECT[language]
    assert lines[0] == GREETING[language]
    assert "Civic" in lines[2]  # "... to register an account on Civic."
    # The host appears in the links only, never as the name of the site.
    assert [line for line in lines if "127.0.0.1" in line and "://" not in line] == []
    assert f"http://127.0.0.1:8000/{language}/accounts/confirm-email/" in message.body


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_email_ends_with_the_site_and_its_contact_page(client, language):
    body = sign_up(client, language).body

    assert f"\nhttp://127.0.0.1:8000/{language}/\n" in body
    assert f"http://127.0.0.1:8000/{language}/contact/" in body


def test_the_russian_thanks_closes_its_quotes_before_the_exclamation_mark(client):
    assert "«Civic»!" in sign_up(client, "ru").body


def test_the_site_name_is_a_setting(client, settings):
    settings.CIVIC_SITE_NAME = "Aul Online"

    body = sign_up(client, "en").body

    assert body.startswith("Hello from Aul Online!")
    assert "register an account on Aul Online." in body


def test_an_email_to_an_account_is_written_in_its_saved_language(client):
    UserFactory(email="aigerim@example.kz", preferred_language="kk")

    # asked for from an English page: the e-mail still speaks the owner's language
    client.post("/en/accounts/password/reset/", {"email": "aigerim@example.kz"})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.startswith(GREETING["kk"])
    assert "/kk/contact/" in mail.outbox[0].body


def test_an_email_to_an_unknown_address_speaks_the_language_of_the_page(client):
    client.post("/ru/accounts/password/reset/", {"email": "nobody@example.kz"})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.startswith(GREETING["ru"])
