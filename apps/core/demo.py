"""Demo people for development: one account per role, with known passwords.

Never used in production (``setup_site --demo`` refuses when DEBUG is off).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db import transaction

from apps.accounts.models import User

# A fixed TOTP secret so the README can tell people how to sign in as staff.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPCIVICDEMO2345672"  # noqa: S105 (development only)


@dataclass
class DemoPerson:
    role: str
    email: str
    password: str
    display_name: str
    is_staff: bool = False
    is_superuser: bool = False
    notes: list[str] = field(default_factory=list)


DEMO_PEOPLE = [
    DemoPerson("resident", "resident@civic.localhost", "civic-resident-demo", "Aigerim Resident"),
    DemoPerson("resident (unverified)", "newcomer@civic.localhost", "civic-newcomer-demo", "Nurlan Newcomer"),
    DemoPerson("staff", "staff@civic.localhost", "civic-staff-demo", "Dana Staff", is_staff=True),
    DemoPerson(
        "administrator", "admin@civic.localhost", "civic-admin-demo", "Arman Admin", is_staff=True, is_superuser=True
    ),
]


@transaction.atomic
def create_demo_users() -> list[DemoPerson]:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    for person in DEMO_PEOPLE:
        user = User.objects.filter(email=person.email).first() or User(email=person.email)
        user.display_name = person.display_name
        user.is_staff = person.is_staff
        user.is_superuser = person.is_superuser
        user.set_password(person.password)
        user.save()
        verified = person.role != "resident (unverified)"
        EmailAddress.objects.update_or_create(
            user=user, email=person.email, defaults={"verified": verified, "primary": True}
        )
        person.notes = []
        if not verified:
            person.notes.append("e-mail not verified yet: sign in to get the verification link in the console")
        if person.is_staff:
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)
            codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
            recovery = RecoveryCodes(codes) if codes else RecoveryCodes.activate(user)
            person.notes.append(f"TOTP secret (add to an authenticator app): {DEMO_TOTP_SECRET}")
            person.notes.append("recovery codes: " + " ".join(recovery.get_unused_codes()))
    return DEMO_PEOPLE
