import pytest
from django.test import Client

from apps.core import health

TOKEN = "monitor-token-for-tests"


@pytest.fixture
def monitor(settings):
    settings.CIVIC_HEALTH_TOKEN = TOKEN
    return {"HTTP_X_HEALTH_TOKEN": TOKEN}


@pytest.mark.django_db
def test_healthz_reports_every_service_and_answers_200(client, monitor):
    response = client.get("/healthz", **monitor)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_the_public_gets_a_bare_status_without_the_backends(client, monitor, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "database", lambda: (False, "OperationalError"))

    for headers in ({}, {"HTTP_X_HEALTH_TOKEN": "guess"}):
        response = client.get("/healthz", **headers)
        assert response.status_code == 503 and response.json() == {"status": "fail"}
        assert b"OperationalError" not in response.content and b"redis" not in response.content.lower()


@pytest.mark.django_db
def test_staff_with_the_second_factor_see_the_details(tree_for_health):
    from tests.territories.factories import StaffRoleFactory
    from tests.territories.test_views import staff_client

    staff = StaffRoleFactory(territory=tree_for_health.district).user
    without_second_factor = Client()
    without_second_factor.force_login(staff)

    assert "checks" not in without_second_factor.get("/healthz").json()
    assert set(staff_client(staff).get("/healthz").json()["checks"]) == {"database", "cache", "broker"}


@pytest.fixture
def tree_for_health(db):
    from tests.territories.factories import build_tree

    return build_tree()


@pytest.mark.django_db
def test_healthz_answers_503_when_a_service_fails(client, monitor, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "database", lambda: (False, "OperationalError"))

    response = client.get("/healthz", **monitor)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"ok": False, "detail": "OperationalError"}
    assert body["checks"]["cache"]["ok"] is True


def test_broker_check_fails_for_an_unreachable_broker(monkeypatch):
    from civic.celery import app

    # Nothing listens on port 1: the check must say so instead of raising.
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")

    ok, detail = health.check_broker()

    assert ok is False
    assert detail


def test_cache_check_reads_back_what_it_wrote():
    assert health.check_cache()[0] is True


@pytest.mark.django_db
def test_healthz_is_not_cached_and_refuses_post(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
    assert client.post("/healthz").status_code == 405


def test_cache_check_says_the_resilient_cache_is_unavailable(settings):
    from apps.core import cache as resilient

    resilient.reset_breakers()
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    try:
        # The cache itself answers like an empty one; the health check must still fail, and say why.
        assert health.check_cache() == (False, "ResilientRedisCache: unavailable")
    finally:
        resilient.reset_breakers()
