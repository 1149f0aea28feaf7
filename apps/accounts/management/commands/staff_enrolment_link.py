"""``manage.py staff_enrolment_link <email>``: a fresh one-time link to set up a staff authenticator.

For the first administrator of a new installation, or to hand a link over in
person when a staff member's e-mail does not arrive. Earlier links stop working.
"""

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import User
from apps.accounts.services import staff_enrolment_invite


class Command(BaseCommand):
    help = "Print a one-time link with which a staff member sets up their authenticator (also e-mailed)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email!r}.")
        invitation, link = staff_enrolment_invite(user=user)
        self.stdout.write(link)
        self.stderr.write(f"Valid until {invitation.expires_at:%Y-%m-%d %H:%M %Z}; it works once.")
