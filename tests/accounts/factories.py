import factory
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from apps.accounts.models import User
from apps.accounts.rules import assume_second_factor


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.kz")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    preferred_language = "kk"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "correct-horse-battery")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """An e-mail address record, verified unless ``verified=False``."""
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=extracted is not False)

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """Services called with this object see a second factor passed, unless ``second_factor=False``.

        Pages do not: a request's user is loaded afresh and asked through the session
        (sign in with ``tests.accounts.test_mfa``-style records or ``staff_client``).
        """
        if extracted is not False:
            assume_second_factor(self)


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def staff_client(user) -> Client:
    """A client signed in with password and TOTP, as staff pages (and the admin) require."""
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": 0}, {"method": "mfa", "at": 0}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client
