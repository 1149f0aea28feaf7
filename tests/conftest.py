"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from tests.accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def _clean_cache():
    # allauth's rate limits and TOTP replay protection live in the cache; with
    # Redis the cache outlives a test, so start every test from an empty one.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    # Services speak the active language; a request in another test may leave
    # one active in this thread. Each test starts in English (pages choose
    # theirs by the URL prefix) and leaves none behind.
    with translation.override("en"):
        yield


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, display_name="Staff Member")


@pytest.fixture
def user_client(user):
    client = Client()
    client.force_login(user)
    return client
