"""Display names carry no invisible characters: no bidi overrides, no zero-width tricks, letters of every script."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from apps.accounts.forms import ProfileForm, SignupForm
from apps.accounts.models import User
from apps.accounts.names import clean_display_name
from apps.accounts.services import user_update_profile
from tests.accounts.factories import UserFactory

RLO, PDF, LRI, PDI, ZWSP, ZWJ, BOM = "\u202e", "\u202c", "\u2066", "\u2069", "\u200b", "\u200d", "\ufeff"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # "Serik Official (akimat)" faked with a right-to-left override around reversed text.
        (f"Serik {RLO})tamika( laiciffO{PDF}", "Serik )tamika( laiciffO"),
        (f"Aigerim {LRI}(akimat){PDI}", "Aigerim (akimat)"),
        (f"Ser{ZWSP}ik", "Serik"),
        (f"{BOM}Ser{ZWJ}ik\u2060", "Serik"),
        ("Ser\u00adik \u200e\u200f\u061c", "Serik"),  # soft hyphen, LRM, RLM, Arabic letter mark
        ("Serik\u202a\u202b\u202d", "Serik"),  # LRE, RLE, LRO
        ("Serik\u2067\u2068", "Serik"),  # RLI, FSI
        ("Serik\x00\x07\x1b[31m", "Serik[31m"),  # C0 controls, ANSI escape
        ("Serik\ue000\U000f0000", "Serik"),  # private use
        ("Aigerim\u2028Serik\u2029", "Aigerim Serik"),  # line / paragraph separators
        ("  Aigerim\t\n  Serik\u00a0\u3000 ", "Aigerim Serik"),  # all whitespace becomes one space
        ("Ayge\u0301rim", "Aygérim"),  # NFC: e + combining acute is é
        (f"Ayge{ZWSP}\u0301rim", "Aygérim"),
    ],
)
def test_invisible_and_format_characters_are_removed(raw, clean):
    assert clean_display_name(raw) == clean


@pytest.mark.parametrize(
    "name",
    [
        "Әлия Нұрланқызы",
        "Ғалым Үсенов",
        "Ұлжан Іңкәр Өмірбек",
        "Иван Петрович Сидоров",
        "Jeanne d'Arc",
        "李小龙",
        "O'Brien-Smith",
    ],
)
def test_letters_of_every_script_are_kept(name):
    assert clean_display_name(name) == name


def test_surrogates_are_removed():
    assert clean_display_name("Serik\ud800") == "Serik"


@pytest.mark.parametrize("form_class", [SignupForm, ProfileForm])
@pytest.mark.parametrize("raw", [f"{RLO}{PDF}", f" {ZWSP} {BOM} ", "\u2066\u2069\u200d"])
@pytest.mark.django_db
def test_a_name_of_nothing_visible_gets_the_usual_error(form_class, raw):
    form = form_class(data={"display_name": raw, "preferred_language": "kk"})

    assert not form.is_valid()
    assert form.errors["display_name"] == ["Enter a display name."]


@pytest.mark.parametrize("form_class", [SignupForm, ProfileForm])
@pytest.mark.django_db
def test_forms_clean_the_name(form_class):
    form = form_class(data={"display_name": f"Serik {RLO}(akimat){PDF}", "preferred_language": "kk"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["display_name"] == "Serik (akimat)"


@pytest.mark.django_db
def test_signup_stores_the_cleaned_name(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.kz",
            "display_name": f"Әлия{ZWSP} Нұрланқызы {RLO}",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )

    assert User.objects.get(email="new@example.kz").display_name == "Әлия Нұрланқызы"


@pytest.mark.django_db
def test_signup_refuses_an_invisible_name(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.kz",
            "display_name": f"{RLO}{ZWSP}{PDF}",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == ["Enter a display name."]
    assert not User.objects.filter(email="new@example.kz").exists()


@pytest.mark.django_db
def test_the_service_cleans_whatever_its_caller_passes():
    user = UserFactory()

    user_update_profile(user=user, display_name=f"Serik {LRI}Official{PDI}\u200b", preferred_language="ru")

    user.refresh_from_db()
    assert user.display_name == "Serik Official"


@pytest.mark.django_db
def test_the_service_keeps_kazakh_names_and_refuses_invisible_ones():
    user = UserFactory(display_name="Before")

    user_update_profile(user=user, display_name="Әлия Нұрланқызы", preferred_language="kk")
    assert User.objects.get(pk=user.pk).display_name == "Әлия Нұрланқызы"

    with pytest.raises(ValueError, match="visible"):
        user_update_profile(user=user, display_name=f"{RLO}{ZWSP}", preferred_language="kk")
    assert User.objects.get(pk=user.pk).display_name == "Әлия Нұрланқызы"


@pytest.mark.django_db
def test_the_service_truncates_after_cleaning():
    user = UserFactory()

    user_update_profile(user=user, display_name=ZWSP * 50 + "a" * 79 + " b", preferred_language="kk")

    assert User.objects.get(pk=user.pk).display_name == "a" * 79


@pytest.mark.django_db
def test_the_data_migration_cleans_existing_names():
    migration = importlib.import_module("apps.accounts.migrations.0002_clean_display_names")
    spoof = UserFactory(display_name=f"Serik {RLO})tamika({PDF}")
    kazakh = UserFactory(display_name="Әлия Нұрланқызы")
    invisible = UserFactory(display_name=f"{ZWSP}{RLO}")
    spaced = UserFactory(display_name="  Aigerim   Serik ")

    migration.clean_names(django_apps, None)

    names = dict(User.objects.values_list("pk", "display_name"))
    assert names[spoof.pk] == "Serik )tamika("
    assert names[kazakh.pk] == "Әлия Нұрланқызы"
    assert names[invisible.pk] == f"User {invisible.pk}"  # never empty, which would show the e-mail
    assert names[spaced.pk] == "Aigerim Serik"


def test_the_data_migration_is_reversible_as_a_no_op():
    from django.db.migrations import RunPython

    migration = importlib.import_module("apps.accounts.migrations.0002_clean_display_names").Migration
    (operation,) = migration.operations
    assert operation.reversible
    assert operation.reverse_code is RunPython.noop
