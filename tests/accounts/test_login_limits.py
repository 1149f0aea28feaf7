"""Failed-login limits: per client address (behind a proxy too), per account, and never against the owner.

A stranger who spends an account's shared budget must not lock its owner out
of a browser the owner signed in on before (device cookie), nor out of an
account with a second factor (the password still leads to the MFA stage). The
per-IP limit applies to everyone.
"""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from apps.accounts.adapters import device_cookie_value, read_device_cookie
from tests.accounts.factories import UserFactory

LOGIN_URL = "/en/accounts/login/"
MFA_URL = "/en/accounts/2fa/authenticate/"
PASSWORD = "a-long-passphrase-1"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
LOCKED = "Too many failed login attempts"
STRANGER_IP = "203.0.113.66"
OWNER_IP = "198.51.100.10"


def _post(client, email, password, **extra):
    return client.post(LOGIN_URL, {"login": email, "password": password}, **extra)


def _refused_as_locked(response) -> bool:
    return response.status_code == 200 and LOCKED in " ".join(response.context["form"].non_field_errors())


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _stranger_spends_the_account_budget(email):
    stranger = Client(REMOTE_ADDR=STRANGER_IP)
    for _ in range(5):
        assert not _refused_as_locked(_post(stranger, email, "wrong-password"))
    assert _refused_as_locked(_post(stranger, email, "wrong-password"))  # the account's budget is spent
    return stranger


def _device_cookie(value: str):
    request = RequestFactory().get("/")
    request.COOKIES[settings.CIVIC_DEVICE_COOKIE_NAME] = value
    return read_device_cookie(request)


def _browser_that_signed_in_before(email, ip=OWNER_IP) -> Client:
    """A browser the owner signed in on earlier; its session has ended, its device cookie stays."""
    first = Client(REMOTE_ADDR=ip)
    response = _post(first, email, PASSWORD)
    assert _signed_in(first)
    browser = Client(REMOTE_ADDR=ip)
    browser.cookies[settings.CIVIC_DEVICE_COOKIE_NAME] = response.cookies[settings.CIVIC_DEVICE_COOKIE_NAME].value
    return browser


# -- device cookie -----------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_sets_a_signed_httponly_device_cookie_naming_the_account():
    owner = UserFactory(email="owner@example.kz", password=PASSWORD)
    client = Client(REMOTE_ADDR=OWNER_IP)

    response = _post(client, "owner@example.kz", PASSWORD)

    cookie = response.cookies[settings.CIVIC_DEVICE_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.CIVIC_DEVICE_COOKIE_AGE
    # True in production: tests/core/test_settings.py
    assert bool(cookie["secure"]) is settings.CIVIC_DEVICE_COOKIE_SECURE
    device, accounts = _device_cookie(cookie.value)
    assert accounts == [str(owner.pk)]
    assert len(device) >= 16


@pytest.mark.django_db
def test_device_cookie_is_secure_when_configured(settings):
    settings.CIVIC_DEVICE_COOKIE_SECURE = True
    UserFactory(email="owner@example.kz", password=PASSWORD)

    response = _post(Client(), "owner@example.kz", PASSWORD)

    assert response.cookies[settings.CIVIC_DEVICE_COOKIE_NAME]["secure"] is True


@pytest.mark.django_db
def test_failed_sign_in_sets_no_device_cookie():
    UserFactory(email="owner@example.kz", password=PASSWORD)

    response = _post(Client(), "owner@example.kz", "wrong-password")

    assert settings.CIVIC_DEVICE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_stranger_cannot_lock_the_owner_out_of_a_browser_they_signed_in_on():
    UserFactory(email="official@example.kz", password=PASSWORD)
    browser = _browser_that_signed_in_before("official@example.kz")

    _stranger_spends_the_account_budget("official@example.kz")
    # The owner mistypes once, then signs in: their browser has its own budget.
    assert not _refused_as_locked(_post(browser, "official@example.kz", "typo-password"))
    _post(browser, "official@example.kz", PASSWORD)

    assert _signed_in(browser)


@pytest.mark.django_db
def test_without_a_device_cookie_the_spent_account_budget_still_locks():
    UserFactory(email="official@example.kz", password=PASSWORD)
    _stranger_spends_the_account_budget("official@example.kz")
    new_browser = Client(REMOTE_ADDR=OWNER_IP)

    response = _post(new_browser, "official@example.kz", PASSWORD)

    assert _refused_as_locked(response)
    assert not _signed_in(new_browser)


@pytest.mark.django_db
def test_a_device_cookie_for_another_account_does_not_help():
    UserFactory(email="official@example.kz", password=PASSWORD)
    UserFactory(email="stranger@example.kz", password=PASSWORD)
    # The stranger signs in to their own account, and so holds a genuine device cookie.
    strangers_browser = _browser_that_signed_in_before("stranger@example.kz", ip=STRANGER_IP)

    for _ in range(5):
        _post(strangers_browser, "official@example.kz", "wrong-password")
    response = _post(Client(REMOTE_ADDR=OWNER_IP), "official@example.kz", PASSWORD)

    # Those failures were counted against the official's shared bucket, not the stranger's device.
    assert _refused_as_locked(response)


@pytest.mark.django_db
@pytest.mark.parametrize("forge", ["tampered", "other_salt", "unsigned"])
def test_a_forged_or_tampered_device_cookie_is_ignored(forge):
    official = UserFactory(email="official@example.kz", password=PASSWORD)
    genuine = device_cookie_value("device-1", [str(official.pk)])
    assert _device_cookie(genuine) == ("device-1", [str(official.pk)])
    value = {
        "tampered": genuine.replace(genuine.split(":")[0], signing.b64_encode(b'{"d":"x","a":["1"]}').decode()),
        "other_salt": signing.dumps({"d": "device-1", "a": [str(official.pk)]}),
        "unsigned": f'{{"d": "device-1", "a": ["{official.pk}"]}}',
    }[forge]
    assert _device_cookie(value) is None
    _stranger_spends_the_account_budget("official@example.kz")
    forged = Client(REMOTE_ADDR=OWNER_IP)
    forged.cookies[settings.CIVIC_DEVICE_COOKIE_NAME] = value

    assert _refused_as_locked(_post(forged, "official@example.kz", PASSWORD))


@pytest.mark.django_db
def test_an_expired_device_cookie_is_ignored(settings):
    official = UserFactory(email="official@example.kz", password=PASSWORD)
    value = device_cookie_value("device-1", [str(official.pk)])
    settings.CIVIC_DEVICE_COOKIE_AGE = -1

    assert _device_cookie(value) is None


@pytest.mark.django_db
def test_a_known_browser_spending_its_own_budget_locks_only_itself():
    UserFactory(email="official@example.kz", password=PASSWORD)
    browser = _browser_that_signed_in_before("official@example.kz")

    for _ in range(5):
        _post(browser, "official@example.kz", "wrong-password")
    assert _refused_as_locked(_post(browser, "official@example.kz", PASSWORD))

    # The shared bucket was not touched: a fresh browser may still sign in.
    other = Client(REMOTE_ADDR="198.51.100.11")
    _post(other, "official@example.kz", PASSWORD)
    assert _signed_in(other)


@pytest.mark.django_db
def test_one_browser_remembers_several_accounts():
    first = UserFactory(email="first@example.kz", password=PASSWORD)
    second = UserFactory(email="second@example.kz", password=PASSWORD)
    browser = _browser_that_signed_in_before("first@example.kz")
    first_device, _accounts = _device_cookie(browser.cookies[settings.CIVIC_DEVICE_COOKIE_NAME].value)
    response = _post(browser, "second@example.kz", PASSWORD)
    value = response.cookies[settings.CIVIC_DEVICE_COOKIE_NAME].value
    assert _device_cookie(value) == (first_device, [str(second.pk), str(first.pk)])  # same device, both accounts
    browser = Client(REMOTE_ADDR=OWNER_IP)
    browser.cookies[settings.CIVIC_DEVICE_COOKIE_NAME] = value

    _stranger_spends_the_account_budget("first@example.kz")
    _post(browser, "first@example.kz", PASSWORD)

    assert _signed_in(browser)


# -- accounts with a second factor ------------------------------------------


def _current_code() -> str:
    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))


@pytest.mark.django_db
def test_right_password_of_an_mfa_account_leads_to_the_mfa_stage_despite_the_spent_budget():
    official = UserFactory(email="mfa@example.kz", password=PASSWORD, is_staff=True)
    TOTP.activate(official, SECRET)
    _stranger_spends_the_account_budget("mfa@example.kz")
    browser = Client(REMOTE_ADDR=OWNER_IP)

    response = _post(browser, "mfa@example.kz", PASSWORD)

    assert response.status_code == 302
    assert response["Location"].endswith(MFA_URL)
    assert not _signed_in(browser)  # the password alone signs nobody in
    response = browser.post(MFA_URL, {"code": _current_code()})
    assert _signed_in(browser)
    assert settings.CIVIC_DEVICE_COOKIE_NAME in response.cookies  # and this browser is now known


@pytest.mark.django_db
def test_wrong_password_of_an_mfa_account_with_a_spent_budget_is_refused_and_counted_per_ip():
    official = UserFactory(email="mfa@example.kz", password=PASSWORD, is_staff=True)
    TOTP.activate(official, SECRET)
    stranger = _stranger_spends_the_account_budget("mfa@example.kz")  # 6 attempts from this IP so far

    for _ in range(4):
        # The same message as for any locked account: nothing tells the stranger the account has MFA.
        assert _refused_as_locked(_post(stranger, "mfa@example.kz", "wrong-password"))

    # Ten attempts from the stranger's address: now even the right password is refused there...
    response = _post(stranger, "mfa@example.kz", PASSWORD)
    assert _refused_as_locked(response)
    # ...while the owner elsewhere reaches the second factor.
    assert _post(Client(REMOTE_ADDR=OWNER_IP), "mfa@example.kz", PASSWORD)["Location"].endswith(MFA_URL)


@pytest.mark.django_db
def test_reauthentication_of_an_mfa_account_still_honours_the_spent_budget():
    """Re-entering the password in a running session has no MFA stage after it, so no exemption."""
    from allauth.account.adapter import get_adapter
    from allauth.core import context

    official = UserFactory(email="mfa@example.kz", password=PASSWORD, is_staff=True)
    TOTP.activate(official, SECRET)
    request = RequestFactory().post("/en/accounts/reauthenticate/", REMOTE_ADDR=OWNER_IP)
    request.user = official
    with context.request_context(request):
        assert get_adapter(request).reauthenticate(official, PASSWORD)
        _stranger_spends_the_account_budget("mfa@example.kz")
        with pytest.raises(ValidationError, match=LOCKED):
            get_adapter(request).reauthenticate(official, PASSWORD)


@pytest.mark.django_db
def test_recovery_codes_alone_do_not_lift_the_lock():
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    official = UserFactory(email="codes@example.kz", password=PASSWORD)
    RecoveryCodes.activate(official)  # allauth's MFA stage asks nothing of such an account
    _stranger_spends_the_account_budget("codes@example.kz")

    assert _refused_as_locked(_post(Client(REMOTE_ADDR=OWNER_IP), "codes@example.kz", PASSWORD))


# -- per-IP limit, client address behind a proxy ------------------------------


@pytest.mark.django_db
def test_the_per_ip_limit_applies_even_to_a_known_browser():
    UserFactory(email="official@example.kz", password=PASSWORD)
    browser = _browser_that_signed_in_before("official@example.kz")

    for number in range(10):
        _post(browser, f"nobody{number}@example.kz", "wrong-password")

    assert _refused_as_locked(_post(browser, "official@example.kz", PASSWORD))
    assert not _signed_in(browser)


@pytest.mark.django_db
def test_clients_behind_one_trusted_proxy_are_limited_separately(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="resident@example.kz", password=PASSWORD)
    proxy = "10.0.0.2"
    attacker = Client(REMOTE_ADDR=proxy)
    resident = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")

    for number in range(10):
        # Whatever the attacker puts in the header, the proxy appends the address it saw.
        _post(attacker, f"nobody{number}@example.kz", "wrong", HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, 203.0.113.9")
    assert _refused_as_locked(
        _post(attacker, "resident@example.kz", PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9")
    )

    _post(resident, "resident@example.kz", PASSWORD)
    assert _signed_in(resident)


@pytest.mark.django_db
def test_without_trusted_proxies_a_client_cannot_choose_its_address_with_a_header(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None
    UserFactory(email="resident@example.kz", password=PASSWORD)
    attacker = Client(REMOTE_ADDR=STRANGER_IP)

    for number in range(10):
        _post(attacker, f"nobody{number}@example.kz", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    response = _post(attacker, "resident@example.kz", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert _refused_as_locked(response)


@pytest.mark.django_db
def test_a_trusted_client_ip_header_separates_clients(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    UserFactory(email="resident@example.kz", password=PASSWORD)
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.9")
    resident = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="198.51.100.20")

    for number in range(10):
        _post(attacker, f"nobody{number}@example.kz", "wrong")
    assert _refused_as_locked(_post(attacker, "resident@example.kz", PASSWORD))

    _post(resident, "resident@example.kz", PASSWORD)
    assert _signed_in(resident)
