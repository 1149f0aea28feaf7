"""Demo people for development: one account per role, with known passwords.

Never used in production (``setup_site --demo`` refuses when DEBUG is off).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db import transaction

from apps.accounts.models import User
from apps.territories.models import ROOT_CODE

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


# Akmola region › Arshaly district › a village of Akbulak rural district (real KATO units).
DEMO_OBLAST = "110000000"
DEMO_DISTRICT = "113400000"
DEMO_RURAL_DISTRICT = "113431000"

DEMO_PEOPLE = [
    DemoPerson("resident (verified)", "resident@civic.localhost", "civic-resident-demo", "Aigerim Resident"),
    DemoPerson("resident (waiting)", "waiting@civic.localhost", "civic-waiting-demo", "Yerlan Waiting"),
    DemoPerson("new user (e-mail not verified)", "newcomer@civic.localhost", "civic-newcomer-demo", "Nurlan Newcomer"),
    DemoPerson("district moderator", "moderator@civic.localhost", "civic-moderator-demo", "Dana Moderator"),
    DemoPerson(
        "national moderator", "republic-moderator@civic.localhost", "civic-republic-demo", "Asel Republic Moderator"
    ),
    DemoPerson("district official", "official@civic.localhost", "civic-official-demo", "Serik Official"),
    DemoPerson("region administrator", "oblast-admin@civic.localhost", "civic-oblast-demo", "Gulnara Administrator"),
    DemoPerson(
        "site administrator",
        "admin@civic.localhost",
        "civic-admin-demo",
        "Arman Admin",
        is_staff=True,
        is_superuser=True,
    ),
]

#: Demo people with a staff role: (e-mail, role, KATO code of the territory).
DEMO_ROLES = [
    ("moderator@civic.localhost", "moderator", DEMO_DISTRICT),
    # Comments on national acts (the Concept) have no territory: a role on the Republic moderates them.
    ("republic-moderator@civic.localhost", "moderator", ROOT_CODE),
    ("official@civic.localhost", "official", DEMO_DISTRICT),
    ("oblast-admin@civic.localhost", "administrator", DEMO_OBLAST),
]


def demo_iin(serial: int) -> str:
    """A valid (checksum-correct) IIN for demo people: born 1 January 1990."""
    from apps.territories.iin import check_digit

    for n in range(serial, serial + 100):
        prefix = f"9001013{n:04d}"
        digit = check_digit(prefix)
        if digit is not None:
            return prefix + str(digit)
    raise ValueError("no valid IIN in range")


@transaction.atomic
def create_demo_users() -> list[DemoPerson]:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    from apps.territories.models import Residency, StaffRole, Territory

    users = {}
    role_of = {email: (role, code) for email, role, code in DEMO_ROLES}
    for person in DEMO_PEOPLE:
        user = User.objects.filter(email=person.email).first() or User(email=person.email)
        user.display_name = person.display_name
        user.is_staff = person.is_staff
        user.is_superuser = person.is_superuser
        user.set_password(person.password)
        user.save()
        users[person.email] = user
        verified = not person.role.startswith("new user")
        EmailAddress.objects.update_or_create(
            user=user, email=person.email, defaults={"verified": verified, "primary": True}
        )
        person.notes = []
        if not verified:
            person.notes.append("e-mail not verified yet: sign in to get the verification link in the console")
        if person.email in role_of:
            role, code = role_of[person.email]
            territory = Territory.objects.get(kato_code=code)
            StaffRole.objects.get_or_create(user=user, territory=territory, role=role, valid_to=None)
            person.notes.append(f"{role} of {territory.name_ru} (KATO {code}): staff console /kk/staff/")
        if person.is_staff or person.email in role_of:
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)
            codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
            recovery = RecoveryCodes(codes) if codes else RecoveryCodes.activate(user)
            person.notes.append(f"TOTP secret (add to an authenticator app): {DEMO_TOTP_SECRET}")
            person.notes.append("recovery codes: " + " ".join(recovery.get_unused_codes()))

    village = demo_village()
    _demo_residency(users["resident@civic.localhost"], village, demo_iin(1), Residency.Status.VERIFIED)
    _demo_residency(users["waiting@civic.localhost"], village, demo_iin(200), Residency.Status.PENDING)
    DEMO_PEOPLE[0].notes.append(f"verified resident of {village.name_ru} (KATO {village.kato_code})")
    DEMO_PEOPLE[1].notes.append(f"waiting for verification in {village.name_ru}: verify as the district moderator")
    return DEMO_PEOPLE


def demo_village():
    """The first village of the demo rural district (Akbulak)."""
    from apps.territories.models import Territory

    return (
        Territory.objects.filter(parent__kato_code=DEMO_RURAL_DISTRICT, kind=Territory.Kind.VILLAGE)
        .order_by("kato_code")
        .first()
    )


def _demo_residency(user, territory, iin: str, status: str) -> None:
    """Give a demo person their residency once (later runs keep whatever was decided meanwhile)."""
    from apps.territories.iin import iin_fingerprint
    from apps.territories.models import Residency

    if Residency.objects.filter(user=user).exists():
        return
    Residency.objects.create(
        user=user, territory=territory, iin_hash=iin_fingerprint(iin), iin_last4=iin[-4:], status=status
    )
