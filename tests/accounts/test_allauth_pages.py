"""allauth's pages in Kazakh and Russian: titles and headings translated, Civic's terms, errors shown once."""

import datetime
import re
import time

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import Client

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-1"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
USED = "This code has already been used. Wait for the next code in your app."
WRONG = "Incorrect code."


def title_and_h1(response) -> tuple[str, str]:
    content = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", content, re.S).group(1)
    return " ".join(title.split()), " ".join(h1.split())


@pytest.mark.parametrize(
    ("url", "title", "h1"),
    [
        ("/kk/accounts/signup/", "Тіркелу · Civic", "Тіркелу"),
        ("/kk/accounts/login/", "Кіру · Civic", "Кіру"),
        ("/ru/accounts/login/", "Войти · Civic", "Войти"),
        ("/ru/accounts/signup/", "Регистрация · Civic", "Зарегистрируйтесь"),
        ("/kk/accounts/password/reset/", "Құпиясөзді қалпына келтіру · Civic", "Құпиясөзді қалпына келтіру"),
        ("/ru/accounts/password/reset/", "Сброс пароля · Civic", "Сброс пароля"),
    ],
)
def test_allauth_titles_and_headings_are_translated(client, url, title, h1):
    assert title_and_h1(client.get(url)) == (title, h1)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_no_english_title_is_left_on_the_entrance_pages(client, language):
    for page in ("signup", "login", "password/reset", "confirm-email", "inactive"):
        title, h1 = title_and_h1(client.get(f"/{language}/accounts/{page}/"))
        for english in ("Signup", "Sign Up", "Sign In", "Password Reset", "Verify", "Account"):
            assert english not in title and english not in h1, (page, title, h1)


def test_russian_says_e_mail_address_as_the_rest_of_the_site(user_client):
    content = user_client.get("/ru/accounts/email/").content.decode()

    assert "Добавить адрес электронной почты" in content
    assert "E-mail" not in content


# -- the code of an authenticator app --------------------------------------------


def _at_the_code_step(user) -> Client:
    client = Client()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"].endswith("/en/accounts/2fa/authenticate/")
    return client


def _current_code() -> str:
    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))


@pytest.fixture
def staff():
    user = UserFactory(email="official@example.kz", password=PASSWORD, is_staff=True)
    TOTP.activate(user, SECRET)
    # A few seconds into a 30-second period, held there: the code stays the current one.
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, 5, tzinfo=datetime.UTC), tick=False):
        yield user


def test_a_code_used_once_is_refused_as_used_and_said_once(staff):
    code = _current_code()
    first = _at_the_code_step(staff).post("/en/accounts/2fa/authenticate/", {"code": code})
    assert first.status_code == 302  # signed in

    # Someone who saw the code (or the owner, a second time in another browser) within the same period.
    again = _at_the_code_step(staff).post("/en/accounts/2fa/authenticate/", {"code": code})

    content = again.content.decode()
    assert again.status_code == 200
    assert content.count(USED) == 1
    assert WRONG not in content
    assert "error-summary" not in content  # the only field's error is not repeated above the form


def test_a_wrong_code_is_refused_as_wrong_and_said_once(staff):
    wrong = f"{(int(_current_code()) + 1) % 1_000_000:06d}"

    response = _at_the_code_step(staff).post("/en/accounts/2fa/authenticate/", {"code": wrong})

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count(WRONG) == 1
    assert USED not in content


def test_the_reauthentication_form_says_it_too(staff):
    client = _at_the_code_step(staff)
    code = _current_code()
    assert client.post("/en/accounts/2fa/authenticate/", {"code": code}).status_code == 302

    # Signed in; a sensitive change asks for the second factor again, and the same code is typed.
    response = client.post("/en/accounts/2fa/reauthenticate/", {"code": code})

    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["code"]] == ["code_used"]
