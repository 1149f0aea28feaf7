"""A staff member's first authenticator is set up only through the link e-mailed to them.

The attack this stops: with the password alone, sign in as a role holder who
has no authenticator yet, enrol one's own, and pass every staff check.
"""

import datetime
import re
import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, hotp_value
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from apps.accounts.models import StaffEnrolment
from apps.accounts.services import staff_enrolment_invite
from apps.territories.models import StaffRole
from apps.territories.services import staff_role_grant
from tests.accounts.factories import UserFactory
from tests.territories.factories import StaffRoleFactory, build_tree

pytestmark = pytest.mark.django_db
ACTIVATE = "/en/accounts/2fa/totp/activate/"


def signed_in(user) -> Client:
    """Signed in with the password just now (allauth's activation asks for a recent sign-in)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def link_path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def activate(client) -> object:
    """Post allauth's activation form with the right code for the secret it offered."""
    page = client.get(ACTIVATE)
    secret = page.context["form"].secret
    code = f"{hotp_value(secret, int(timezone.now().timestamp()) // 30):06d}"
    return client.post(ACTIVATE, {"code": code})


def test_a_password_alone_does_not_open_the_authenticator_setup_of_staff():
    staff = UserFactory(is_staff=True, preferred_language="en")
    client = signed_in(staff)

    page = client.get(ACTIVATE)
    posted = client.post(ACTIVATE, {"code": "123456"})

    assert page.status_code == 200 and "Check your e-mail" in page.content.decode()
    assert "form" not in page.context or not hasattr(page.context["form"], "secret")
    assert posted.status_code == 200 and "Check your e-mail" in posted.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()


def test_residents_set_up_an_authenticator_freely():
    page = signed_in(UserFactory()).get(ACTIVATE)

    assert page.status_code == 200 and hasattr(page.context["form"], "secret")


# Transactional: allauth e-mails the notification on commit, inside the request.
@pytest.mark.django_db(transaction=True)
def test_the_e_mailed_link_lets_the_owner_set_up_their_authenticator_once():
    staff = UserFactory(is_staff=True, preferred_language="en")
    _invitation, link = staff_enrolment_invite(user=staff)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [staff.email]
    assert link in mail.outbox[0].body and "authenticator" in mail.outbox[0].subject
    client = signed_in(staff)

    opened = client.get(link_path(link))
    assert opened.status_code == 302 and opened["Location"].endswith(ACTIVATE)
    response = activate(client)

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert StaffEnrolment.objects.get().used_at is not None
    # The owner hears of the new authenticator (allauth's account notifications).
    assert any("Authenticator" in message.subject or "authenticator" in message.body for message in mail.outbox[1:])
    again = client.get(link_path(link))
    assert again.status_code == 400 and "already used" in again.content.decode()


def test_the_link_works_only_for_its_owner_and_before_it_expires():
    staff = UserFactory(is_staff=True, preferred_language="en")
    _invitation, link = staff_enrolment_invite(user=staff)
    other_staff = UserFactory(is_staff=True, preferred_language="en")

    refused = signed_in(other_staff).get(link_path(link))
    assert refused.status_code == 400 and "not valid for your account" in refused.content.decode()
    assert "Check your e-mail" in signed_in(other_staff).get(ACTIVATE).content.decode()

    StaffEnrolment.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = signed_in(staff).get(link_path(link))
    assert expired.status_code == 400 and "expired" in expired.content.decode()


def test_a_new_link_replaces_the_old_one():
    staff = UserFactory(is_staff=True)
    _first, old = staff_enrolment_invite(user=staff)
    _second, new = staff_enrolment_invite(user=staff)
    client = signed_in(staff)

    assert client.get(link_path(old)).status_code == 400
    assert client.get(link_path(new)).status_code == 302


def test_granting_a_role_e_mails_the_link_and_the_role_needs_the_second_factor(django_capture_on_commit_callbacks):
    tree = build_tree()
    admin = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR).user
    person = UserFactory(preferred_language="ru")

    with django_capture_on_commit_callbacks(execute=True):
        staff_role_grant(actor=admin, user=person, territory=tree.district, role=StaffRole.Role.MODERATOR)

    (message,) = mail.outbox
    assert message.to == [person.email] and "/ru/account/staff-enrolment/" in message.body
    assert admin.display_name in message.body
    # Until the authenticator is set up and used, the role opens no staff page.
    assert signed_in(person).get("/en/staff/").status_code == 302


def test_no_link_is_sent_to_someone_who_has_an_authenticator(django_capture_on_commit_callbacks):
    tree = build_tree()
    admin = StaffRoleFactory(territory=tree.oblast, role=StaffRole.Role.ADMINISTRATOR).user
    person = UserFactory()
    TOTP.activate(person, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    with django_capture_on_commit_callbacks(execute=True):
        staff_role_grant(actor=admin, user=person, territory=tree.district, role=StaffRole.Role.MODERATOR)

    assert mail.outbox == []


def test_asking_for_a_new_link_is_rate_limited(django_capture_on_commit_callbacks):
    staff = UserFactory(is_staff=True, preferred_language="en")
    client = signed_in(staff)

    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post("/en/account/staff-enrolment/", follow=True) for _ in range(4)]

    assert len(mail.outbox) == 3
    assert "several links" in responses[-1].content.decode()


def test_the_command_prints_a_link_for_in_person_setup(capsys):
    staff = UserFactory(is_staff=True, email="akim.admin@example.kz")

    call_command("staff_enrolment_link", "Akim.Admin@example.kz")

    link = capsys.readouterr().out.strip()
    assert "/account/staff-enrolment/" in link
    assert signed_in(staff).get(link_path(link)).status_code == 302
