"""Staff pages (and the Django admin) need a second factor used in this session."""

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.totp.internal.auth import TOTP
from django.http import HttpResponse
from django.test import RequestFactory

from apps.accounts.mfa import mfa_satisfied, staff_mfa_required, user_requires_mfa
from tests.accounts.factories import UserFactory


def _staff_view(request):
    return HttpResponse("staff page")


view = staff_mfa_required(_staff_view)


def _signed_in(client, user, *, with_mfa: bool):
    client.force_login(user)
    session = client.session
    records = [{"method": "password", "at": 0}]
    if with_mfa:
        records.append({"method": "mfa", "at": 0, "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@pytest.mark.django_db
def test_residents_do_not_need_mfa_staff_do():
    assert not user_requires_mfa(UserFactory())
    assert user_requires_mfa(UserFactory(is_staff=True))


@pytest.mark.django_db
def test_admin_refuses_anonymous(client):
    response = client.get("/en/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert "/accounts/login/" in client.get(response["Location"])["Location"]


@pytest.mark.django_db
def test_admin_refuses_a_signed_in_resident(client):
    _signed_in(client, UserFactory(), with_mfa=False)

    response = client.get("/en/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

    # ...and its login page, routed through allauth, refuses a signed-in non-staff user.
    assert client.get(response["Location"]).status_code == 403


@pytest.mark.django_db
def test_staff_without_authenticator_is_sent_to_set_one_up(client):
    _signed_in(client, UserFactory(is_staff=True), with_mfa=False)

    response = client.get("/en/admin/")

    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


@pytest.mark.django_db
def test_staff_with_authenticator_but_no_mfa_in_session_must_sign_in_again(client):
    staff = UserFactory(is_staff=True)
    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    _signed_in(client, staff, with_mfa=False)

    response = client.get("/en/admin/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_staff_who_used_mfa_reaches_the_admin(client):
    staff = UserFactory(is_staff=True)
    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    _signed_in(client, staff, with_mfa=True)

    response = client.get("/en/admin/")

    assert response.status_code == 200
    assert b"Civic administration" in response.content


@pytest.mark.django_db
def test_decorator_refuses_non_staff_with_403(client):
    request = RequestFactory().get("/staff/")
    request.user = UserFactory()
    request.session = {}
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        view(request)


@pytest.mark.django_db
def test_mfa_can_be_switched_off_by_setting(settings, rf):
    settings.CIVIC_STAFF_REQUIRE_MFA = False
    request = rf.get("/")
    request.user = UserFactory(is_staff=True)
    request.session = {}

    assert mfa_satisfied(request)
